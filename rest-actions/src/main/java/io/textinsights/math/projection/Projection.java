/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.math.projection;

import java.util.concurrent.Callable;

/**
 * UMAP of a sample, to 2-D for the map or to a few dimensions for density clustering: exact k-NN graph
 * ({@link KnnGraph}), then the layout ({@link Umap}). Equal input and options give bit-identical coordinates on any
 * machine (see {@link Umap} for why that needs our own layout code). Runs through {@link #guarded}, so that an
 * {@link Error} (an oversized sample's OutOfMemoryError) cannot kill the OpenSearch node from a node thread.
 */
public final class Projection {

    /** Smile's default; the map wants visible but not collapsed groups. */
    static final double MAP_MIN_DIST = 0.1;

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
            double[][] out = Umap.layout(KnnGraph.build(sample, k), dimensions, options.epochs(), minDist, options.seed());
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

    /**
     * Runs {@code body} and turns anything it throws into a {@link ProjectionException}: exceptions as they are,
     * errors too, because an {@link Error} (OutOfMemoryError from an oversized sample, StackOverflowError) must not
     * reach a node thread.
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
            throw new ProjectionException(what + " failed: " + t, t);
        }
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
