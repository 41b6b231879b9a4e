package io.textinsights.math.cluster;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LloydIterationsTests {

    @Test
    void threePartitionsGiveTheSameClusteringAsOne() {
        // Overlapping mixture: assignments near the borders are sensitive to any difference in the merged sums.
        GaussianBlobs blobs = GaussianBlobs.generate(6, 400, 32, 2, 1, 314L);
        KMeansOptions options = new KMeansOptions(6, 100, 1e-6, 42L);
        float[][] seeds = KMeansSeeding.kMeansPlusPlus(blobs.points(), 6, 42L);
        LocalKMeans.Result one = LocalKMeans.fit(blobs.points(), seeds, blobs.points(), options, 1);
        LocalKMeans.Result three = LocalKMeans.fit(blobs.points(), seeds, blobs.points(), options, 3);
        double ari = ClusteringMetrics.ari(one.assignments(), three.assignments());
        assertTrue(ari >= 0.99, "ARI between 1 and 3 partitions: " + ari);
        assertEquals(one.iterations(), three.iterations(), 2);
        assertTrue(ClusteringMetrics.ari(blobs.truth(), three.assignments()) > 0.5, "should still find the mixture");
    }

    @Test
    void recoversWellSeparatedBlobs() {
        GaussianBlobs blobs = GaussianBlobs.generate(5, 200, 20, 10, 1, 2718L);
        KMeansOptions options = new KMeansOptions(5, 100, 1e-6, 7L);
        float[][] seeds = KMeansSeeding.kMeansPlusPlus(blobs.points(), 5, 7L);
        LocalKMeans.Result result = LocalKMeans.fit(blobs.points(), seeds, blobs.points(), options, 3);
        double ari = ClusteringMetrics.ari(blobs.truth(), result.assignments());
        assertTrue(ari > 0.95, "ARI against the generating blobs: " + ari);
        assertTrue(result.converged());
        for (long size : result.sizes()) {
            assertEquals(200, size);
        }
    }

    @Test
    void emptyClusterIsReseededAtTheWorstExplainedPoint() {
        GaussianBlobs blobs = GaussianBlobs.generate(3, 100, 4, 20, 1, 99L);
        float[][] data = blobs.points();
        // Two centroids in the same blob, one far from every point: the far one gets no vector in the first pass.
        float[] blob = blobs.centres()[0];
        float[] nearby = blob.clone();
        nearby[0] += 0.5f;
        float[] far = {1000, 1000, 1000, 1000};
        LloydIterations lloyd = new LloydIterations(new float[][] {blob, nearby, far}, data, new KMeansOptions(3, 50, 1e-6, 0L));

        assertFalse(lloyd.update(pass(data, lloyd.centroids())));
        assertEquals(0, lloyd.sizes()[2], "the far centroid should have been empty");
        assertEquals(1, lloyd.reseeded());
        assertFalse(lloyd.converged(), "a pass that re-seeds is not converged");
        float[] reseeded = lloyd.centroids()[2];
        boolean isSamplePoint = false;
        for (float[] p : data) {
            isSamplePoint |= Arrays.equals(p, reseeded);
        }
        assertTrue(isSamplePoint, "re-seeded centroid should be a sample point");

        while (lloyd.update(pass(data, lloyd.centroids())) == false) {}
        assertTrue(lloyd.converged());
        for (long size : lloyd.sizes()) {
            assertTrue(size > 0, "sizes " + Arrays.toString(lloyd.sizes()));
        }
        int[] assignments = new int[data.length];
        VectorKernels.assign(data, lloyd.centroids(), assignments, null);
        assertEquals(1.0, ClusteringMetrics.ari(blobs.truth(), assignments), 1e-12);
    }

    @Test
    void reseedingIsDeterministic() {
        GaussianBlobs blobs = GaussianBlobs.generate(3, 50, 4, 20, 1, 98L);
        float[][] start = {blobs.centres()[0], blobs.centres()[0].clone(), {500, 500, 500, 500}};
        float[][] first = run(blobs.points(), start);
        float[][] second = run(blobs.points(), start);
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(first[c], second[c]);
        }
    }

    @Test
    void stopsEarlyOnceCentroidsStopMoving() {
        GaussianBlobs blobs = GaussianBlobs.generate(4, 250, 16, 10, 1, 4L);
        KMeansOptions options = new KMeansOptions(4, 100, 1e-4, 3L);
        LloydIterations lloyd = new LloydIterations(KMeansSeeding.kMeansPlusPlus(blobs.points(), 4, 3L), blobs.points(), options);
        while (lloyd.update(pass(blobs.points(), lloyd.centroids())) == false) {}
        assertTrue(lloyd.converged());
        assertTrue(lloyd.iterations() < 10, "took " + lloyd.iterations() + " iterations");
        assertTrue(lloyd.maxShift() <= 1e-4);
        assertEquals(1_000, Arrays.stream(lloyd.sizes()).sum());
        assertThrows(IllegalStateException.class, () -> lloyd.update(pass(blobs.points(), lloyd.centroids())));
    }

    @Test
    void stopsAtMaxIterationsWithoutConverging() {
        GaussianBlobs blobs = GaussianBlobs.generate(8, 100, 16, 1, 1, 6L);
        LloydIterations lloyd = new LloydIterations(
            KMeansSeeding.kMeansPlusPlus(blobs.points(), 8, 1L),
            blobs.points(),
            new KMeansOptions(8, 2, 0, 1L)
        );
        assertFalse(lloyd.update(pass(blobs.points(), lloyd.centroids())));
        assertTrue(lloyd.update(pass(blobs.points(), lloyd.centroids())));
        assertEquals(2, lloyd.iterations());
        assertFalse(lloyd.converged());
        assertTrue(lloyd.maxShift() > 0);
    }

    @Test
    void centroidsAreTheMeansOfTheMergedPartial() {
        LloydIterations lloyd = new LloydIterations(new float[][] {{0, 0}, {10, 10}}, new float[0][], new KMeansOptions(2, 10, 0, 0L));
        KMeansPartial merged = new KMeansPartial(2, 2, new double[] {2, 4, 30, 33}, new long[] {2, 3}, 12.5);
        lloyd.update(merged);
        assertArrayEquals(new float[] {1, 2}, lloyd.centroids()[0]);
        assertArrayEquals(new float[] {10, 11}, lloyd.centroids()[1]);
        assertArrayEquals(new long[] {2, 3}, lloyd.sizes());
        assertEquals(12.5, lloyd.inertia());
        assertEquals(Math.sqrt(5), lloyd.maxShift(), 1e-6);
    }

    @Test
    void rejectsInconsistentInput() {
        float[][] two = {{0, 0}, {1, 1}};
        assertThrows(IllegalArgumentException.class, () -> new LloydIterations(two, two, new KMeansOptions(3, 10, 0, 0L)));
        LloydIterations lloyd = new LloydIterations(two, two, new KMeansOptions(2, 10, 0, 0L));
        assertThrows(IllegalArgumentException.class, () -> lloyd.update(new KMeansPartial(2, 3)));
        assertThrows(IllegalArgumentException.class, () -> new KMeansOptions(0, 10, 0, 0L));
        assertThrows(IllegalArgumentException.class, () -> new KMeansOptions(2, 0, 0, 0L));
        assertThrows(IllegalArgumentException.class, () -> new KMeansOptions(2, 10, Double.NaN, 0L));
    }

    private static float[][] run(float[][] data, float[][] start) {
        LloydIterations lloyd = new LloydIterations(start, data, new KMeansOptions(start.length, 50, 1e-6, 0L));
        while (lloyd.update(pass(data, lloyd.centroids())) == false) {}
        return lloyd.centroids();
    }

    private static KMeansPartial pass(float[][] data, float[][] centroids) {
        KMeansPartial partial = new KMeansPartial(centroids.length, centroids[0].length);
        for (float[] v : data) {
            partial.accumulate(v, centroids);
        }
        return partial;
    }
}
