package io.textinsights.math.cluster;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KMeansPartialTests {

    @Test
    void addAccumulatesSumsCountsAndInertia() {
        KMeansPartial partial = new KMeansPartial(2, 3);
        partial.add(new float[] {1, 2, 3}, 1, 0.5f);
        partial.add(new float[] {1, 0, -1}, 1, 0.25f);
        partial.add(new float[] {4, 4, 4}, 0, 1f);
        assertArrayEquals(new double[] {4, 4, 4, 2, 2, 2}, partial.sums());
        assertArrayEquals(new long[] {1, 2}, partial.counts());
        assertEquals(1.75, partial.inertia());
        assertEquals(3, partial.total());
    }

    @Test
    void accumulateAssignsToTheNearestCentroid() {
        float[][] centroids = {{0, 0}, {10, 10}};
        KMeansPartial partial = new KMeansPartial(2, 2);
        assertEquals(1, partial.accumulate(new float[] {9, 9}, centroids));
        assertEquals(0, partial.accumulate(new float[] {1, 0}, centroids));
        assertArrayEquals(new long[] {1, 1}, partial.counts());
        assertArrayEquals(new double[] {1, 0, 9, 9}, partial.sums());
        assertEquals(2 + 1, partial.inertia(), 1e-9);
    }

    @Test
    void mergingPartitionsInAnyOrderEqualsOnePartition() {
        GaussianBlobs blobs = GaussianBlobs.generate(5, 300, 24, 3, 1, 11L);
        float[][] data = blobs.points();
        float[][] centroids = KMeansSeeding.kMeansPlusPlus(data, 5, 3L);
        KMeansPartial whole = pass(data, centroids, 0, data.length);
        int a = 400;
        int b = 1_100;
        KMeansPartial[] orders = {
            merge(pass(data, centroids, 0, a), pass(data, centroids, a, b), pass(data, centroids, b, data.length)),
            merge(pass(data, centroids, b, data.length), pass(data, centroids, 0, a), pass(data, centroids, a, b)),
            merge(pass(data, centroids, a, b), pass(data, centroids, b, data.length), pass(data, centroids, 0, a)),
        };
        // (p1 + p2) + p3 versus p1 + (p2 + p3)
        KMeansPartial right = pass(data, centroids, a, b);
        right.merge(pass(data, centroids, b, data.length));
        KMeansPartial left = pass(data, centroids, 0, a);
        left.merge(right);
        for (KMeansPartial merged : new KMeansPartial[] {orders[0], orders[1], orders[2], left}) {
            assertArrayEquals(whole.counts(), merged.counts());
            assertArrayEquals(whole.sums(), merged.sums(), 1e-9);
            assertEquals(whole.inertia(), merged.inertia(), 1e-9 * whole.inertia());
        }
    }

    @Test
    void deserializationConstructorKeepsValuesAndChecksLengths() {
        double[] sums = {1, 2, 3, 4};
        long[] counts = {1, 3};
        KMeansPartial partial = new KMeansPartial(2, 2, sums, counts, 7.5);
        assertSame(sums, partial.sums());
        assertSame(counts, partial.counts());
        assertEquals(7.5, partial.inertia());
        assertEquals(2, partial.k());
        assertEquals(2, partial.dim());
        assertThrows(IllegalArgumentException.class, () -> new KMeansPartial(2, 2, new double[3], counts, 0));
        assertThrows(IllegalArgumentException.class, () -> new KMeansPartial(2, 2, sums, new long[3], 0));
        assertThrows(IllegalArgumentException.class, () -> new KMeansPartial(0, 2));
    }

    @Test
    void rejectsMismatchedShapes() {
        KMeansPartial partial = new KMeansPartial(2, 3);
        assertThrows(IllegalArgumentException.class, () -> partial.merge(new KMeansPartial(3, 3)));
        assertThrows(IllegalArgumentException.class, () -> partial.merge(new KMeansPartial(2, 4)));
        assertThrows(IllegalArgumentException.class, () -> partial.add(new float[2], 0, 0));
    }

    private static KMeansPartial pass(float[][] data, float[][] centroids, int from, int to) {
        KMeansPartial partial = new KMeansPartial(centroids.length, centroids[0].length);
        for (int i = from; i < to; i++) {
            partial.accumulate(data[i], centroids);
        }
        return partial;
    }

    private static KMeansPartial merge(KMeansPartial... partials) {
        KMeansPartial merged = new KMeansPartial(partials[0].k(), partials[0].dim());
        for (KMeansPartial p : partials) {
            merged.merge(p);
        }
        return merged;
    }
}
