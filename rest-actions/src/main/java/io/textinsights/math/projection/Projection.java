/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.math.projection;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import smile.graph.NearestNeighborGraph;
import smile.manifold.UMAP;
import smile.math.MathEx;

/**
 * UMAP (Smile) of a sample, to 2-D for the map or to a few dimensions for density clustering. Deterministic for a
 * seed. Every call into Smile goes through {@link #guarded}: Smile loads OpenBLAS and ARPACK natively, and a missing
 * library surfaces as a {@link Error} that would kill the OpenSearch node if it escaped a node thread.
 */
public final class Projection {

    /** Smile's default; the map wants visible but not collapsed groups. */
    static final double MAP_MIN_DIST = 0.1;

    static final String NATIVE_FIX = "UMAP needs the native libraries OpenBLAS and ARPACK on every node that runs it: "
        + "install the packages libopenblas-dev and libarpack2-dev (Debian/Ubuntu; they provide the unversioned "
        + "libopenblas.so and libarpack.so that Smile loads) and restart the node";

    private Projection() {}

    /** The 2-D map of {@code sample}: one (x, y) per row. */
    public static float[][] fit(float[][] sample, ProjectionOptions options) throws ProjectionException {
        double[][] xy = reduce(sample, 2, MAP_MIN_DIST, options);
        float[][] out = new float[xy.length][2];
        for (int i = 0; i < xy.length; i++) {
            out[i][0] = (float) xy[i][0];
            out[i][1] = (float) xy[i][1];
        }
        return out;
    }

    /**
     * UMAP of {@code sample} (cosine distance) to {@code dimensions} coordinates.
     *
     * @param minDist how tightly UMAP may pack neighbours; small values (BERTopic uses ~0) make dense clumps that
     *                density clustering separates well, 0.1 gives a more readable map
     */
    public static double[][] reduce(float[][] sample, int dimensions, double minDist, ProjectionOptions options)
        throws ProjectionException {
        int n = sample.length;
        if (dimensions < 2) {
            throw new IllegalArgumentException("dimensions must be at least 2, got " + dimensions);
        }
        checkFinite(sample);
        if (n <= dimensions + 1) {
            // Too few points for UMAP: spread them on a line, which is all there is to show.
            double[][] line = new double[n][dimensions];
            for (int i = 0; i < n; i++) {
                line[i][0] = i;
            }
            return line;
        }
        int k = Math.min(options.neighbours(), n - 1);
        return guarded("UMAP", () -> {
            NearestNeighborGraph graph = withIsland(KnnGraph.build(sample, k));
            UMAP.Options umap = new UMAP.Options(k, dimensions, options.epochs(), 1.0, minDist, 1.0, 5, 1.0, 1.0);
            // Smile draws from a thread-local RNG (layout noise, negative sampling, all on this thread): seed it here.
            MathEx.setSeed(options.seed());
            // float[][] rows (not double[][]) select Smile's random start; the island's rows are never read.
            double[][] out = UMAP.fit(Arrays.copyOf(sample, n + k + 1), graph, umap);
            out = Arrays.copyOf(out, n);
            for (double[] row : out) {
                for (double c : row) {
                    if (Double.isFinite(c) == false) {
                        throw new ArithmeticException("UMAP produced a non-finite coordinate");
                    }
                }
            }
            return out;
        });
    }

    /*
     * Why an "island": on a connected graph of up to 10,000 points Smile starts UMAP from a spectral layout computed by
     * ARPACK with a random start vector whose seed ARPACK keeps (Fortran SAVE) between calls, so the second map of
     * the same sample in a JVM differed from the first by up to 9 units on a 10-unit map. A separate clique of k + 1
     * dummy points makes the graph disconnected, and Smile then starts from a random layout drawn from MathEx's
     * seeded RNG. (Given double[][] data it would start from PCA instead, but OpenBLAS's multi-threaded PCA differed
     * in the last bits between calls, which SGD amplified into different maps.) Measured on 5,000 AG News texts,
     * 10-NN label accuracy in 2-D: spectral start 0.878, PCA 0.878, random 0.874. Side benefit: ARPACK is never
     * called. The dummies are dropped from the output; they only take part in negative sampling.
     */
    static NearestNeighborGraph withIsland(NearestNeighborGraph graph) {
        int n = graph.size();
        int k = graph.k();
        int[][] neighbours = Arrays.copyOf(graph.neighbors(), n + k + 1);
        double[][] distances = Arrays.copyOf(graph.distances(), n + k + 1);
        for (int i = 0; i <= k; i++) {
            neighbours[n + i] = new int[k];
            distances[n + i] = new double[k];
            int m = 0;
            for (int j = 0; j <= k; j++) {
                if (j != i) {
                    neighbours[n + i][m] = n + j;
                    distances[n + i][m++] = 1.0;
                }
            }
        }
        return new NearestNeighborGraph(k, neighbours, distances);
    }

    /**
     * Runs {@code body} and turns anything it throws into a {@link ProjectionException}: exceptions as they are,
     * errors too, because an {@link Error} (ExceptionInInitializerError/UnsatisfiedLinkError/NoClassDefFoundError from
     * a missing native library, or OutOfMemoryError from an oversized sample) must not reach a node thread.
     */
    public static <T> T guarded(String what, Callable<T> body) throws ProjectionException {
        try {
            return body.call();
        } catch (IllegalArgumentException e) {
            throw e; // the caller's mistake, reported as such (a 400)
        } catch (Throwable t) {
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (isMissingNative(t)) {
                throw new ProjectionException(what + " failed: " + NATIVE_FIX + " (" + t + ")", t);
            }
            throw new ProjectionException(what + " failed: " + t, t);
        }
    }

    static boolean isMissingNative(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnsatisfiedLinkError || c instanceof ExceptionInInitializerError) {
                return true;
            }
            // After a failed static initialiser the JVM reports "Could not initialize class smile.tensor...".
            if (c instanceof NoClassDefFoundError && String.valueOf(c.getMessage()).contains("smile")) {
                return true;
            }
            String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("cannot open library") || m.contains("libopenblas") || m.contains("libarpack")) {
                return true;
            }
        }
        return false;
    }

    private static void checkFinite(float[][] sample) {
        if (sample.length == 0) {
            return;
        }
        int dims = sample[0].length;
        for (int i = 0; i < sample.length; i++) {
            float[] v = sample[i];
            if (v.length != dims) {
                throw new IllegalArgumentException("vector " + i + " has " + v.length + " dimensions, expected " + dims);
            }
            for (float f : v) {
                if (Float.isFinite(f) == false) {
                    throw new IllegalArgumentException("vector " + i + " has a non-finite component");
                }
            }
        }
    }
}
