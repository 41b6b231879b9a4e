package io.textinsights.math.cluster;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The coordinator's k-means recipe, in memory, on the kind of data bench/cluster-scale measures: 50 separated Gaussian
 * components in 384-d, rows normalised, k=50. Centroids come from {@link KMeansSeeding#seeds} on a sample (the first
 * rows: they are in random order), then distributed Lloyd passes over every row, with 1 and 3 partitions standing in
 * for shards.
 */
class KMeansMixtureTests {

    static final int COMPONENTS = 50;
    static final int DIM = 384;
    static final int N = 24_000;
    static final int SAMPLE = 12_000;

    private static UnitMixture mixture;
    private static float[][] sample;

    @BeforeAll
    static void generate() {
        mixture = UnitMixture.generate(N, COMPONENTS, DIM, 0.6, 7L);
        sample = Arrays.copyOf(mixture.points(), SAMPLE);
    }

    @Test
    void recoversEveryComponentWithOneOrThreeShards() {
        KMeansOptions options = KMeansOptions.of(COMPONENTS, 42L);
        float[][] seeds = KMeansSeeding.seeds(sample, options);
        LocalKMeans.Result one = LocalKMeans.fit(mixture.points(), seeds, sample, options, 1);
        LocalKMeans.Result three = LocalKMeans.fit(mixture.points(), seeds, sample, options, 3);
        double ari = ClusteringMetrics.ari(mixture.truth(), one.assignments());
        assertTrue(ari >= 0.99, "ARI " + ari + ", sizes " + Arrays.toString(one.sizes()));
        assertEquals(COMPONENTS, mixture.recovered(one.assignments(), COMPONENTS));
        assertArrayEquals(one.assignments(), three.assignments(), "the split into shards must not change the clustering");
        assertEquals(one.iterations(), three.iterations());
        assertTrue(one.converged());
    }

    @Test
    void repairsTheSeedingsThatMissAComponent() {
        // Today's failure: best-of-5 k-means++ on the first 5,000 rows, then Lloyd, merges two components and spends a
        // centre on a few points of a third, for most seeds; seeds() must recover all 50 for every seed.
        int failedBefore = 0;
        for (long seed = 1; seed <= 4; seed++) {
            KMeansOptions options = KMeansOptions.of(COMPONENTS, seed);
            float[][] restartPoints = Arrays.copyOf(sample, KMeansSeeding.RESTART_POINTS);
            float[][] before = KMeansSeeding.bestOfRestarts(restartPoints, options, KMeansSeeding.DEFAULT_RESTARTS);
            LocalKMeans.Result old = LocalKMeans.fit(mixture.points(), before, sample, options, 1);
            if (mixture.recovered(old.assignments(), COMPONENTS) < COMPONENTS) {
                failedBefore++;
            }
            LocalKMeans.Result now = LocalKMeans.fit(mixture.points(), KMeansSeeding.seeds(sample, options), sample, options, 1);
            assertEquals(COMPONENTS, mixture.recovered(now.assignments(), COMPONENTS), "seed " + seed + ", sizes " + Arrays.toString(now.sizes()));
            double ari = ClusteringMetrics.ari(mixture.truth(), now.assignments());
            assertTrue(ari >= 0.99, "seed " + seed + ": ARI " + ari);
            assertTrue(now.inertia() <= old.inertia() + 1e-9 * old.inertia(), "seed " + seed + ": " + now.inertia() + " > " + old.inertia());
        }
        assertTrue(failedBefore >= 2, "the old recipe should miss a component for most of these seeds, missed for " + failedBefore + " in 4");
    }
}
