package io.textinsights.math.cluster;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KMeansSeedingTests {

    @Test
    void sameSeedSameCentresOtherSeedOtherCentres() {
        float[][] data = GaussianBlobs.generate(6, 100, 16, 2, 1, 5L).points();
        float[][] first = KMeansSeeding.kMeansPlusPlus(data, 6, 42L);
        float[][] again = KMeansSeeding.kMeansPlusPlus(data, 6, 42L);
        float[][] other = KMeansSeeding.kMeansPlusPlus(data, 6, 43L);
        for (int c = 0; c < 6; c++) {
            assertArrayEquals(first[c], again[c]);
        }
        boolean differs = false;
        for (int c = 0; c < 6; c++) {
            differs |= Arrays.equals(first[c], other[c]) == false;
        }
        assertTrue(differs, "a different seed should give different seeds on generic data");
    }

    @Test
    void oneCentrePerWellSeparatedBlob() {
        GaussianBlobs blobs = GaussianBlobs.generate(8, 50, 10, 50, 0.5, 9L);
        float[][] centres = KMeansSeeding.kMeansPlusPlus(blobs.points(), 8, 1L);
        Set<Integer> hit = new HashSet<>();
        for (float[] centre : centres) {
            hit.add(VectorKernels.nearest(centre, blobs.centres(), null));
        }
        assertEquals(8, hit.size(), "D² weighting should put every centre in a different blob");
    }

    @Test
    void returnsCopiesOfSampleRows() {
        float[][] data = {{1, 1}, {5, 5}, {9, 9}};
        float[][] centres = KMeansSeeding.kMeansPlusPlus(data, 3, 0L);
        Set<Float> firstCoordinates = new HashSet<>();
        for (float[] centre : centres) {
            firstCoordinates.add(centre[0]);
            for (float[] row : data) {
                assertNotSame(row, centre);
            }
        }
        assertEquals(Set.of(1f, 5f, 9f), firstCoordinates, "three distinct points and k=3 must use each once");
        centres[0][0] = -100;
        assertFalse(data[0][0] == -100 || data[1][0] == -100 || data[2][0] == -100);
    }

    @Test
    void duplicatePointsStillGiveKCentres() {
        float[][] data = {{2, 2}, {2, 2}, {2, 2}, {2, 2}};
        float[][] centres = KMeansSeeding.kMeansPlusPlus(data, 3, 7L);
        assertEquals(3, centres.length);
        for (float[] centre : centres) {
            assertArrayEquals(new float[] {2, 2}, centre);
        }
    }

    @Test
    void rejectsMoreCentresThanPoints() {
        assertThrows(IllegalArgumentException.class, () -> KMeansSeeding.kMeansPlusPlus(new float[][] {{1}, {2}}, 3, 0L));
        assertThrows(IllegalArgumentException.class, () -> KMeansSeeding.kMeansPlusPlus(new float[][] {{1}, {2}}, 0, 0L));
    }

    @Test
    void bestOfRestartsIsNoWorseThanItsFirstStart() {
        // Overlapping blobs, so different starts end in different local optima.
        float[][] data = GaussianBlobs.generate(12, 60, 8, 1.5, 1, 21L).points();
        KMeansOptions options = new KMeansOptions(12, 50, 1e-6, 8L);
        float[][] single = LocalKMeans.fit(data, options).centroids();
        float[][] best = KMeansSeeding.bestOfRestarts(data, options, 6);
        double singleInertia = VectorKernels.assign(data, single, new int[data.length], null);
        double bestInertia = VectorKernels.assign(data, best, new int[data.length], null);
        assertTrue(bestInertia <= singleInertia + 1e-6, bestInertia + " > " + singleInertia);
    }

    @Test
    void seedsAreDeterministicAndNoWorseThanBestOfRestarts() {
        float[][] data = GaussianBlobs.generate(20, 40, 8, 3, 1, 21L).points();
        float[][] copy = new float[data.length][];
        for (int i = 0; i < data.length; i++) {
            copy[i] = data[i].clone();
        }
        KMeansOptions options = new KMeansOptions(20, 50, 1e-6, 4L);
        float[][] seeds = KMeansSeeding.seeds(data, options);
        float[][] again = KMeansSeeding.seeds(data, options);
        assertEquals(20, seeds.length);
        for (int c = 0; c < 20; c++) {
            assertArrayEquals(seeds[c], again[c]);
        }
        for (int i = 0; i < data.length; i++) {
            assertArrayEquals(copy[i], data[i], "the sample must not be modified");
        }
        // Both through Lloyd on the sample: the repaired start must not end above the unrepaired one.
        float[][] restarts = KMeansSeeding.bestOfRestarts(data, options, KMeansSeeding.DEFAULT_RESTARTS);
        double before = LocalKMeans.fit(data, restarts, data, options, 1).inertia();
        double after = LocalKMeans.fit(data, seeds, data, options, 1).inertia();
        assertTrue(after <= before, after + " > " + before);
    }
}
