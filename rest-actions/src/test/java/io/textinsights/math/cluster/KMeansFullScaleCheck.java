package io.textinsights.math.cluster;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bench/cluster-scale's case in memory, without a node: 1,000,000 x 384 rows of the 50-component mixture, k=50, a
 * 20,000-row seeded sample, the coordinator's recipe with 1 and 3 partitions. About 1.6 GB of vectors, so it is a check
 * run on demand, not part of the test suite (its name matches neither *Tests nor *IT):
 * <pre>
 * mvn -B -q -o -pl rest-actions -am test -Dtest=KMeansFullScaleCheck -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Dtests.argLine="--add-modules=jdk.incubator.vector -Xmx6g"
 * </pre>
 * Add -Dtextinsights.kmeans.fullScale.before=true to also run the previous recipe (best of restarts, then Lloyd), and
 * -Dtextinsights.kmeans.fullScale.seeds=1,2,42 for other run seeds (default 42, the benchmark's).
 */
class KMeansFullScaleCheck {

    @Test
    void millionRowsFiftyComponents() {
        int n = Integer.getInteger("textinsights.kmeans.fullScale.rows", 1_000_000);
        long start = System.nanoTime();
        UnitMixture mixture = UnitMixture.generate(n, 50, 384, 0.6, 7L);
        report("generated %d x 384 in %.1f s", n, seconds(start));
        int[] rows = AutoK.subsample(n, Math.min(n, 20_000), new SplittableRandom(42L));
        float[][] sample = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            sample[i] = mixture.points()[rows[i]];
        }
        for (String seed : System.getProperty("textinsights.kmeans.fullScale.seeds", "42").split(",")) {
            run(mixture, sample, KMeansOptions.of(50, Long.parseLong(seed.trim())));
        }
    }

    private static void run(UnitMixture mixture, float[][] sample, KMeansOptions options) {
        long start;
        if (Boolean.getBoolean("textinsights.kmeans.fullScale.before")) {
            start = System.nanoTime();
            float[][] before = KMeansSeeding.bestOfRestarts(Arrays.copyOf(sample, KMeansSeeding.RESTART_POINTS), options, KMeansSeeding.DEFAULT_RESTARTS);
            double seeding = seconds(start);
            start = System.nanoTime();
            LocalKMeans.Result old = LocalKMeans.fit(mixture.points(), before, sample, options, 1);
            describe("seed " + options.seed() + ", before (bestOfRestarts + Lloyd, 1 partition)", mixture, old, seeding, seconds(start));
        }

        start = System.nanoTime();
        float[][] seeds = KMeansSeeding.seeds(sample, options);
        double seeding = seconds(start);
        start = System.nanoTime();
        LocalKMeans.Result one = LocalKMeans.fit(mixture.points(), seeds, sample, options, 1);
        describe("seed " + options.seed() + ", seeds + Lloyd, 1 partition", mixture, one, seeding, seconds(start));
        start = System.nanoTime();
        LocalKMeans.Result three = LocalKMeans.fit(mixture.points(), seeds, sample, options, 3);
        describe("seed " + options.seed() + ", seeds + Lloyd, 3 partitions", mixture, three, seeding, seconds(start));

        assertTrue(ClusteringMetrics.ari(mixture.truth(), one.assignments()) >= 0.99, "seed " + options.seed());
        assertEquals(50, mixture.recovered(one.assignments(), 50), "seed " + options.seed());
        assertArrayEquals(one.assignments(), three.assignments(), "seed " + options.seed());
    }

    private static void describe(String what, UnitMixture mixture, LocalKMeans.Result result, double seeding, double lloyd) {
        long[] sizes = result.sizes().clone();
        Arrays.sort(sizes);
        long[] truth = new long[50];
        for (int t : mixture.truth()) {
            truth[t]++;
        }
        Arrays.sort(truth);
        report(
            "%s: ARI %.5f, %d/50 components recovered, sizes min/median/max %d/%d/%d (truth %d/%d/%d), %d Lloyd passes"
                + " (converged %s), seeding %.1f s, Lloyd %.1f s",
            what,
            ClusteringMetrics.ari(mixture.truth(), result.assignments()),
            mixture.recovered(result.assignments(), 50),
            sizes[0],
            sizes[25],
            sizes[49],
            truth[0],
            truth[25],
            truth[49],
            result.iterations(),
            result.converged(),
            seeding,
            lloyd
        );
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void report(String format, Object... args) {
        System.out.println("[full scale] " + String.format(Locale.ROOT, format, args));
    }
}
