package io.textinsights.math.cluster;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalKMeansTests {

    /**
     * The degenerate start k-means++ produces: no centre in component 0, a second centre on a point of component 1.
     * Lloyd keeps it (components 0 and its nearest neighbour share a cluster, the extra centre ends with a few
     * points); refine() swaps it away.
     */
    @Test
    void refineRepairsAMissingComponentAndADuplicateCentre() {
        UnitMixture mixture = UnitMixture.generate(4_000, 20, 128, 0.6, 3L);
        float[][] data = mixture.points();
        float[][] start = mixture.componentMeans();
        int pointOfOne = 0;
        while (mixture.truth()[pointOfOne] != 1) {
            pointOfOne++;
        }
        start[0] = data[pointOfOne].clone();
        KMeansOptions options = KMeansOptions.of(20, 5L);

        LocalKMeans.Result lloyd = LocalKMeans.fit(data, start, data, options, 1);
        // Component 0 shares a cluster with another one: neither of the two counts as recovered.
        assertEquals(18, mixture.recovered(lloyd.assignments(), 20), "Lloyd alone should leave two components merged");
        long smallest = Arrays.stream(lloyd.sizes()).min().orElseThrow();
        assertTrue(smallest < 20, "the duplicate centre should keep a handful of points, sizes " + Arrays.toString(lloyd.sizes()));

        LocalKMeans.Result refined = LocalKMeans.refine(data, start, options);
        assertEquals(20, mixture.recovered(refined.assignments(), 20));
        assertEquals(1.0, ClusteringMetrics.ari(mixture.truth(), refined.assignments()), 1e-9);
        assertTrue(refined.inertia() < lloyd.inertia());
    }

    @Test
    void refineKeepsASmallGenuineCluster() {
        // Five clusters of 200 and a far one of 4 points: removing the small one costs more than any split gains.
        GaussianBlobs blobs = GaussianBlobs.generate(5, 200, 8, 10, 1, 17L);
        float[][] data = Arrays.copyOf(blobs.points(), 1_004);
        for (int i = 0; i < 4; i++) {
            data[1_000 + i] = new float[] {60 + i * 0.1f, 60, 60, 60, 60, 60, 60, 60};
        }
        KMeansOptions options = KMeansOptions.of(6, 3L);
        LocalKMeans.Result refined = LocalKMeans.refine(data, KMeansSeeding.kMeansPlusPlus(data, 6, 3L), options);
        int small = refined.assignments()[1_000];
        for (int i = 0; i < 1_004; i++) {
            assertEquals(i >= 1_000, refined.assignments()[i] == small, "point " + i);
        }
        int[] truth = Arrays.copyOf(blobs.truth(), 1_004);
        Arrays.fill(truth, 1_000, 1_004, 5);
        assertEquals(1.0, ClusteringMetrics.ari(truth, refined.assignments()), 1e-9);
    }

    @Test
    void refineNeverEndsAboveLloydFromTheSameStart() {
        // Overlapping blobs: many local optima, swaps are judged by the inertia they reach.
        float[][] data = GaussianBlobs.generate(20, 40, 8, 3, 1, 21L).points();
        boolean improvedOnce = false;
        for (long seed = 1; seed <= 5; seed++) {
            KMeansOptions options = new KMeansOptions(20, 50, 1e-6, seed);
            float[][] start = KMeansSeeding.kMeansPlusPlus(data, 20, seed);
            LocalKMeans.Result lloyd = LocalKMeans.fit(data, start, data, options, 1);
            LocalKMeans.Result refined = LocalKMeans.refine(data, start, options);
            assertTrue(refined.inertia() <= lloyd.inertia(), "seed " + seed + ": " + refined.inertia() + " > " + lloyd.inertia());
            improvedOnce |= refined.inertia() < lloyd.inertia();
        }
        assertTrue(improvedOnce, "swaps should beat plain Lloyd from a k-means++ start at least once on overlapping blobs");
    }

    @Test
    void refineIsDeterministic() {
        UnitMixture mixture = UnitMixture.generate(2_000, 15, 32, 0.6, 8L);
        KMeansOptions options = KMeansOptions.of(15, 2L);
        float[][] start = KMeansSeeding.kMeansPlusPlus(mixture.points(), 15, 2L);
        LocalKMeans.Result first = LocalKMeans.refine(mixture.points(), start, options);
        LocalKMeans.Result second = LocalKMeans.refine(mixture.points(), start, options);
        for (int c = 0; c < 15; c++) {
            assertArrayEquals(first.centroids()[c], second.centroids()[c]);
        }
        assertArrayEquals(first.assignments(), second.assignments());
    }

    @Test
    void refineLeavesIdenticalPointsAndTinyInputsAlone() {
        float[][] same = {{2, 2}, {2, 2}, {2, 2}, {2, 2}};
        LocalKMeans.Result result = LocalKMeans.refine(same, new float[][] {{2, 2}, {2, 2}}, KMeansOptions.of(2, 0L));
        assertEquals(0, result.inertia());
        assertEquals(4, Arrays.stream(result.sizes()).sum());
        float[][] two = {{0, 0}, {1, 1}};
        LocalKMeans.Result exact = LocalKMeans.refine(two, two, KMeansOptions.of(2, 0L));
        assertEquals(0, exact.inertia());
    }

    @Test
    void splitSeparatesTwoGroupsAndReportsTheGain() {
        // Two groups of 3 on the x axis around -5 and +5, with some spread in y.
        float[][] data = {{-5, 0}, {-5, 1}, {-5, -1}, {5, 0}, {5, 1}, {5, -1}};
        int[] members = {0, 1, 2, 3, 4, 5};
        float[][] halves = new float[2][];
        double gain = LocalKMeans.split(data, members, 0, 6, halves);
        // One centre: 6 * 25 + 4 = 154; two: 4.
        assertEquals(150, gain, 1e-4);
        assertNotEquals(Math.signum(halves[0][0]), Math.signum(halves[1][0]));
        assertEquals(5, Math.abs(halves[0][0]), 1e-6);
        assertEquals(0, halves[0][1], 1e-6);
        assertEquals(0, LocalKMeans.split(new float[][] {{1, 1}, {1, 1}}, new int[] {0, 1}, 0, 2, halves));
    }

    @Test
    void proposesNoSwapAtTheTrueClustering() {
        UnitMixture mixture = UnitMixture.generate(3_000, 10, 64, 0.6, 4L);
        assertTrue(LocalKMeans.proposeSwaps(mixture.points(), mixture.componentMeans()).isEmpty());
    }

    @Test
    void fitInMemoryIsBitForBitThePlainPasses() {
        // Overlapping clusters (many points near a border, centroids moving for many passes), normalised rows as
        // embeddings are, and both kinds of bounds.
        UnitMixture overlapping = UnitMixture.generate(3_000, 12, 64, 3.0, 12L);
        float[][] blobs = GaussianBlobs.generate(20, 40, 8, 3, 1, 21L).points();
        for (float[][] data : new float[][][] {overlapping.points(), blobs}) {
            for (int k : new int[] {1, 2, 7, 20}) {
                KMeansOptions options = new KMeansOptions(k, 40, 1e-6, k);
                float[][] start = KMeansSeeding.kMeansPlusPlus(data, k, 100L + k);
                LocalKMeans.Result plain = LocalKMeans.fit(data, start, data, options, 1);
                for (boolean perCentroid : new boolean[] {true, false}) {
                    LocalKMeans.Result fast = LocalKMeans.fitInMemory(data, start, data, options, perCentroid);
                    String what = "k=" + k + ", dim " + data[0].length + ", per-centroid bounds " + perCentroid;
                    assertArrayEquals(plain.assignments(), fast.assignments(), what);
                    for (int c = 0; c < k; c++) {
                        assertArrayEquals(plain.centroids()[c], fast.centroids()[c], what);
                    }
                    assertEquals(plain.iterations(), fast.iterations(), what);
                    assertEquals(plain.converged(), fast.converged(), what);
                    assertEquals(plain.inertia(), fast.inertia(), what);
                    assertArrayEquals(plain.sizes(), fast.sizes(), what);
                }
                if (k == 20) {
                    assertTrue(plain.iterations() > 5, "the test should exercise many passes, got " + plain.iterations());
                }
            }
        }
    }

    @Test
    void fitInMemoryMatchesThePlainPassesThroughReseeding() {
        // A far centroid that gets no point: LloydIterations moves it onto a sample point, a jump the bounds must absorb.
        GaussianBlobs blobs = GaussianBlobs.generate(3, 100, 4, 20, 1, 99L);
        float[] far = {1000, 1000, 1000, 1000};
        float[] nearby = blobs.centres()[0].clone();
        nearby[0] += 0.5f;
        float[][] start = {blobs.centres()[0], nearby, far};
        KMeansOptions options = new KMeansOptions(3, 50, 1e-6, 0L);
        LocalKMeans.Result plain = LocalKMeans.fit(blobs.points(), start, blobs.points(), options, 1);
        for (boolean perCentroid : new boolean[] {true, false}) {
            LocalKMeans.Result fast = LocalKMeans.fitInMemory(blobs.points(), start, blobs.points(), options, perCentroid);
            assertArrayEquals(plain.assignments(), fast.assignments());
            assertEquals(plain.iterations(), fast.iterations());
            assertEquals(1.0, ClusteringMetrics.ari(blobs.truth(), fast.assignments()), 1e-12);
        }
    }
}
