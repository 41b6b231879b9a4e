/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.math.projection;

import org.junit.jupiter.api.Test;
import smile.graph.NearestNeighborGraph;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProjectionTests {

    /** {@code blobs} Gaussian blobs of {@code perBlob} points in {@code dims}-d; blob of point i = i / perBlob. */
    static float[][] blobs(int blobs, int perBlob, int dims, double separation, long seed) {
        Random random = new Random(seed);
        float[][] points = new float[blobs * perBlob][dims];
        for (int b = 0; b < blobs; b++) {
            double[] centre = new double[dims];
            for (int d = 0; d < dims; d++) {
                centre[d] = random.nextGaussian() * separation;
            }
            for (int i = 0; i < perBlob; i++) {
                for (int d = 0; d < dims; d++) {
                    points[b * perBlob + i][d] = (float) (centre[d] + random.nextGaussian());
                }
            }
        }
        return points;
    }

    /** Share of points whose nearest blob centre in 2-D (mean of the blob's points there) is their own blob's. */
    static double nearestCentreAccuracy(float[][] xy, int blobs, int perBlob) {
        double[][] centres = new double[blobs][2];
        for (int i = 0; i < xy.length; i++) {
            centres[i / perBlob][0] += xy[i][0] / perBlob;
            centres[i / perBlob][1] += xy[i][1] / perBlob;
        }
        int right = 0;
        for (int i = 0; i < xy.length; i++) {
            int best = 0;
            for (int b = 1; b < blobs; b++) {
                if (Math.hypot(xy[i][0] - centres[b][0], xy[i][1] - centres[b][1])
                    < Math.hypot(xy[i][0] - centres[best][0], xy[i][1] - centres[best][1])) {
                    best = b;
                }
            }
            right += best == i / perBlob ? 1 : 0;
        }
        return right / (double) xy.length;
    }

    @Test
    void keepsSeparatedBlobsSeparated() throws ProjectionException {
        float[][] points = blobs(3, 150, 50, 1.5, 20261122L);
        float[][] xy = Projection.fit(points, new ProjectionOptions(15, 200, 7L));
        assertEquals(450, xy.length);
        double accuracy = nearestCentreAccuracy(xy, 3, 150);
        assertTrue(accuracy > 0.95, "nearest-blob-centre accuracy in 2-D " + accuracy);
    }

    @Test
    void sameSeedSameMapOtherSeedOtherMap() throws ProjectionException {
        float[][] points = blobs(3, 100, 20, 1.0, 99L);
        ProjectionOptions options = new ProjectionOptions(10, 100, 42L);
        float[][] first = Projection.fit(points, options);
        float[][] second = Projection.fit(points, options);
        for (int i = 0; i < points.length; i++) {
            assertArrayEquals(first[i], second[i], 0f, "point " + i);
        }
        float[][] other = Projection.fit(points, new ProjectionOptions(10, 100, 43L));
        assertFalse(Arrays.deepEquals(first, other), "another seed should give another layout");
    }

    /** First 16 hex digits of SHA-256 over the coordinates' bits: equal only if every bit is. */
    static String fingerprint(double[][] coordinates) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteBuffer bits = ByteBuffer.allocate(8);
            for (double[] row : coordinates) {
                for (double c : row) {
                    sha.update(bits.clear().putLong(Double.doubleToRawLongBits(c)).array());
                }
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The reduction is pinned bit for bit: these coordinates came out on an AMD EPYC (AVX-512, OpenBLAS core Haswell);
     * any x86-64 machine and JVM must give the same, as there is nothing left in it that may differ (see Umap). Change
     * the value only with a deliberate change of the algorithm, never because a machine disagrees: that is the bug
     * this test exists to catch. DensityClusteringTests checks the same across JVM settings in child JVMs.
     */
    @Test
    void umapsPowerIsPreciseWhereTheSgdUsesIt() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        double worst = 0;
        for (int i = 0; i < 200_000; i++) {
            // Squared distances on a map (tiny to large) and exponents b - 1 and b (b ~ 0.5-1.9 for min_dist 0-0.99).
            double x = StrictMath.pow(10, random.nextDouble(-12, 6));
            double y = random.nextDouble(-0.6, 2.0);
            double exact = StrictMath.pow(x, y);
            worst = Math.max(worst, Math.abs(Umap.pow(x, y) - exact) / exact);
        }
        assertTrue(worst < 1e-13, "relative error " + worst);
    }

    @Test
    void reducedCoordinatesAreTheSameOnEveryMachine() throws ProjectionException {
        double[][] reduced = Projection.reduce(blobs(3, 100, 16, 1.0, 99L), 5, 0.01, new ProjectionOptions(10, 50, 42L));
        assertEquals(RECORDED_FINGERPRINT, fingerprint(reduced));
    }

    static final String RECORDED_FINGERPRINT = "4f2798fd7076ead9";

    @Test
    void curveFitGivesUmapLearnsParameters() {
        // umap-learn's find_ab_params(spread=1, min_dist=0.1): a = 1.5769, b = 0.8951 (its documented defaults).
        double[] ab = Umap.fitCurve(1.0, 0.1);
        assertEquals(1.5769, ab[0], 5e-4);
        assertEquals(0.8951, ab[1], 5e-4);
        // Density clustering's min_dist; Smile's Levenberg-Marquardt gave a = 1.8957, b = 0.8000.
        ab = Umap.fitCurve(1.0, 0.01);
        assertEquals(1.8957, ab[0], 1e-3);
        assertEquals(0.8000, ab[1], 1e-3);
    }

    @Test
    void fuzzyGraphIsSymmetricWithFullMembershipToTheNearest() {
        float[][] points = blobs(2, 40, 6, 2.0, 8L);
        NearestNeighborGraph graph = KnnGraph.build(points, 7);
        Umap.Edges edges = Umap.fuzzySimplicialSet(graph);
        int n = points.length;
        double[][] w = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int e = edges.rowStart()[i]; e < edges.rowStart()[i + 1]; e++) {
                assertTrue(e == edges.rowStart()[i] || edges.column()[e - 1] < edges.column()[e], "columns ascending");
                w[i][edges.column()[e]] = edges.weight()[e];
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(1.0, w[i][graph.neighbors()[i][0]], 1e-15, "the nearest neighbour is a full member");
            for (int j = 0; j < n; j++) {
                assertEquals(w[i][j], w[j][i], 0.0);
                assertTrue(w[i][j] >= 0 && w[i][j] <= 1);
            }
            for (int m = 0; m < 7; m++) {
                assertTrue(w[i][graph.neighbors()[i][m]] > 0, "every k-NN edge is in the graph");
            }
        }
    }

    @Test
    void randomNumbersAreSplitMix64() {
        // Reference outputs of SplitMix64 from state 0 (Vigna's splitmix64.c).
        Umap.SplitMix64 random = new Umap.SplitMix64(0);
        assertEquals(0xE220A8397B1DCDAFL, random.nextLong());
        assertEquals(0x6E789E6AA1B965F4L, random.nextLong());
        Umap.SplitMix64 bounded = new Umap.SplitMix64(7);
        for (int i = 0; i < 1000; i++) {
            int v = bounded.nextInt(5);
            assertTrue(v >= 0 && v < 5);
            double d = bounded.nextDouble();
            assertTrue(d >= 0 && d < 1);
        }
    }

    @Test
    void reducesToMoreDimensions() throws ProjectionException {
        float[][] points = blobs(2, 60, 12, 2.0, 5L);
        double[][] reduced = Projection.reduce(points, 5, 0.01, new ProjectionOptions(10, 50, 1L));
        assertEquals(120, reduced.length);
        for (double[] row : reduced) {
            assertEquals(5, row.length);
            for (double c : row) {
                assertTrue(Double.isFinite(c));
            }
        }
    }

    @Test
    void tinySamplesStillGetAMap() throws ProjectionException {
        ProjectionOptions options = new ProjectionOptions(15, 50, 1L);
        assertEquals(0, Projection.fit(new float[0][], options).length);
        float[][] three = Projection.fit(blobs(1, 3, 8, 1, 2L), options);
        assertEquals(3, three.length);
        assertFalse(Arrays.equals(three[0], three[1]), "points are spread, not stacked");
        // Fewer points than neighbours: the neighbourhood shrinks to the sample.
        float[][] nine = Projection.fit(blobs(1, 9, 8, 1, 3L), options);
        assertEquals(9, nine.length);
        for (float[] p : nine) {
            assertTrue(Float.isFinite(p[0]) && Float.isFinite(p[1]));
        }
    }

    @Test
    void rejectsNonFiniteAndRaggedInput() {
        float[][] points = blobs(1, 30, 4, 1, 4L);
        points[7][2] = Float.NaN;
        ProjectionOptions options = new ProjectionOptions(5, 50, 1L);
        assertThrows(IllegalArgumentException.class, () -> Projection.fit(points, options));
        float[][] ragged = blobs(1, 30, 4, 1, 4L);
        ragged[3] = new float[5];
        assertThrows(IllegalArgumentException.class, () -> Projection.fit(ragged, options));
        assertThrows(IllegalArgumentException.class, () -> new ProjectionOptions(1, 50, 1L));
        assertThrows(IllegalArgumentException.class, () -> new ProjectionOptions(15, 5, 1L));
    }

    @Test
    void errorsAndExceptionsBecomeProjectionExceptions() {
        OutOfMemoryError error = new OutOfMemoryError("Java heap space");
        ProjectionException oom = assertThrows(ProjectionException.class, () -> Projection.guarded("UMAP", () -> {
            throw error;
        }));
        assertSame(error, oom.getCause());
        assertTrue(oom.getMessage().startsWith("UMAP failed"), oom.getMessage());

        ProjectionException arithmetic = assertThrows(ProjectionException.class, () -> Projection.guarded("HDBSCAN", () -> {
            throw new ArithmeticException("UMAP produced a non-finite coordinate");
        }));
        assertTrue(arithmetic.getMessage().startsWith("HDBSCAN failed"), arithmetic.getMessage());

        // The caller's own mistakes stay IllegalArgumentException (a 400, not a 500).
        assertThrows(IllegalArgumentException.class, () -> Projection.guarded("UMAP", () -> {
            throw new IllegalArgumentException("bad");
        }));
    }
}
