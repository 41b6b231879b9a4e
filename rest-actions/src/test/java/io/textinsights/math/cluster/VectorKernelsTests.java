package io.textinsights.math.cluster;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VectorKernelsTests {

    private static float[][] random(int n, int dim, SplittableRandom random) {
        float[][] vectors = new float[n][dim];
        for (float[] v : vectors) {
            for (int j = 0; j < dim; j++) {
                v[j] = (float) random.nextGaussian();
            }
        }
        return vectors;
    }

    /** Plain loop in double: the reference the SIMD kernel must agree with. */
    private static int scalarNearest(float[] v, float[][] centroids, double[] distanceOut) {
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centroids.length; c++) {
            double d = 0;
            for (int j = 0; j < v.length; j++) {
                double diff = (double) v[j] - centroids[c][j];
                d += diff * diff;
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        distanceOut[0] = bestDistance;
        return best;
    }

    @Test
    void nearestMatchesScalarReference() {
        SplittableRandom random = new SplittableRandom(20261122L);
        // 384 as in MiniLM, 37 to exercise the SIMD tail loop.
        for (int dim : new int[] {384, 37}) {
            float[][] centroids = random(17, dim, random);
            float[][] vectors = random(2_000, dim, random);
            float[] distance = new float[1];
            double[] reference = new double[1];
            for (float[] v : vectors) {
                int expected = scalarNearest(v, centroids, reference);
                assertEquals(expected, VectorKernels.nearest(v, centroids, distance), "dim " + dim);
                assertEquals(reference[0], distance[0], reference[0] * 1e-5, "dim " + dim);
                assertEquals(expected, VectorKernels.nearest(v, centroids, null));
            }
        }
    }

    @Test
    void nearestTwoMatchesASortOfAllDistances() {
        SplittableRandom random = new SplittableRandom(11L);
        float[][] centroids = random(9, 37, random);
        float[] distances = new float[2];
        for (float[] v : random(500, 37, random)) {
            float[] all = new float[centroids.length];
            for (int c = 0; c < centroids.length; c++) {
                all[c] = VectorKernels.squareDistance(v, centroids[c]);
            }
            int nearest = VectorKernels.nearestTwo(v, centroids, distances);
            assertEquals(VectorKernels.nearest(v, centroids, null), nearest);
            java.util.Arrays.sort(all);
            // SIMD sums may round differently from one call site to another (interpreted or compiled): compare loosely.
            assertEquals(all[0], distances[0], all[0] * 1e-5);
            assertEquals(all[1], distances[1], all[1] * 1e-5);
        }
        float[][] one = {{1, 2}};
        assertEquals(0, VectorKernels.nearestTwo(new float[] {1, 1}, one, distances));
        assertEquals(1f, distances[0]);
        assertEquals(Float.POSITIVE_INFINITY, distances[1]);
        // A tie: the second-nearest distance equals the nearest one.
        assertEquals(1, VectorKernels.nearestTwo(new float[] {1, 1}, new float[][] {{5, 5}, {0, 1}, {1, 0}}, distances));
        assertEquals(1f, distances[0]);
        assertEquals(1f, distances[1]);
    }

    @Test
    void tiesGoToTheLowestIndex() {
        float[] v = {1, 1};
        float[][] centroids = {{5, 5}, {0, 1}, {1, 0}, {0, 1}};
        float[] distance = new float[1];
        assertEquals(1, VectorKernels.nearest(v, centroids, distance));
        assertEquals(1f, distance[0]);
    }

    @Test
    void assignReturnsInertiaAndDistances() {
        float[][] vectors = {{0, 0}, {3, 4}, {10, 0}};
        float[][] centroids = {{0, 0}, {10, 1}};
        int[] assignments = new int[3];
        float[] distances = new float[3];
        double inertia = VectorKernels.assign(vectors, centroids, assignments, distances);
        assertEquals(0, assignments[0]);
        assertEquals(0, assignments[1]); // 25 to the first, 58 to the second
        assertEquals(1, assignments[2]);
        assertEquals(25f, distances[1]);
        assertEquals(0 + 25 + 1, inertia, 1e-9);
    }

    @Test
    void rejectsNoCentroidsAndDimensionMismatch() {
        assertThrows(IllegalArgumentException.class, () -> VectorKernels.nearest(new float[] {1}, new float[0][], null));
        assertThrows(IllegalArgumentException.class, () -> VectorKernels.nearest(new float[] {1, 2}, new float[][] {{1, 2, 3}}, null));
    }
}
