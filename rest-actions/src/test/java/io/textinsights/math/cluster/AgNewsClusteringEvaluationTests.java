package io.textinsights.math.cluster;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Quality of the distributed k-means math on real sentence embeddings: AG News (12,600 texts, all-MiniLM-L6-v2,
 * 4 gold topics). Runs the coordinator's recipe in memory: seeded 5,000-document sample, initial centroids from it,
 * then Lloyd passes over all documents split into 3 partitions standing in for shards. Reference: numpy k-means, k=4,
 * NMI 0.593. The data lives outside the clone ({@value AgNewsDataset#PROPERTY}); a missing folder fails the suite.
 */
class AgNewsClusteringEvaluationTests {

    private static final long SEED = 42L;
    private static final int SAMPLE = 5_000;
    private static final int SHARDS = 3;

    private static AgNewsDataset data;
    private static float[][] sample;

    @BeforeAll
    static void load() throws Exception {
        try {
            data = AgNewsDataset.load();
        } catch (IllegalStateException e) {
            fail(e.getMessage());
        }
        assertEquals(12_600, data.vectors().length);
        assertEquals(384, data.vectors()[0].length);
        assertEquals(4, data.labelNames().size());
        int[] rows = AutoK.subsample(data.vectors().length, SAMPLE, new SplittableRandom(SEED));
        sample = new float[SAMPLE][];
        for (int i = 0; i < SAMPLE; i++) {
            sample[i] = data.vectors()[rows[i]];
        }
    }

    @Test
    void kMeansWithFourClustersMatchesTheReference() {
        long start = System.nanoTime();
        LocalKMeans.Result result = distributedKMeans(4);
        double seconds = (System.nanoTime() - start) / 1e9;
        double nmi = ClusteringMetrics.nmi(data.labels(), result.assignments());
        double ari = ClusteringMetrics.ari(data.labels(), result.assignments());
        report("kmeans k=4", result, nmi, ari, seconds, "");
        assertTrue(nmi >= 0.58, "NMI " + nmi + " < 0.58");
    }

    @Test
    void autoPicksASensibleK() {
        long start = System.nanoTime();
        AutoK.Choice choice = AutoK.choose(sample, SEED, AutoK.DEFAULT_MIN_K, AutoK.DEFAULT_MAX_K);
        double chooseSeconds = (System.nanoTime() - start) / 1e9;
        LocalKMeans.Result result = distributedKMeans(choice.k());
        double seconds = (System.nanoTime() - start) / 1e9;
        double nmi = ClusteringMetrics.nmi(data.labels(), result.assignments());
        double ari = ClusteringMetrics.ari(data.labels(), result.assignments());
        report("auto", result, nmi, ari, seconds, String.format(Locale.ROOT, " (choosing k %.1f s, %s)", chooseSeconds, scores(choice)));
        assertTrue(choice.k() >= 4 && choice.k() <= 30, "k=" + choice.k());
        assertTrue(nmi >= 0.55, "NMI " + nmi + " < 0.55 with k=" + choice.k());
    }

    /** The coordinator's recipe: centroids from the sample, then Lloyd passes over every document in SHARDS parts. */
    private static LocalKMeans.Result distributedKMeans(int k) {
        KMeansOptions options = new KMeansOptions(k, KMeansOptions.DEFAULT_MAX_ITERATIONS, KMeansOptions.DEFAULT_TOLERANCE, SEED);
        float[][] initial = KMeansSeeding.bestOfRestarts(sample, options, KMeansSeeding.DEFAULT_RESTARTS);
        return LocalKMeans.fit(data.vectors(), initial, sample, options, SHARDS);
    }

    private static String scores(AutoK.Choice choice) {
        StringBuilder out = new StringBuilder(choice.criterion()).append(':');
        choice.scores().forEach((k, s) -> out.append(String.format(Locale.ROOT, " %d=%.4f", k, s)));
        return out.toString();
    }

    private static void report(String what, LocalKMeans.Result result, double nmi, double ari, double seconds, String extra) {
        System.out.printf(
            Locale.ROOT,
            "AG News %s: k=%d NMI=%.3f ARI=%.3f iterations=%d converged=%s sizes=%s time=%.1f s%s%n",
            what,
            result.k(),
            nmi,
            ari,
            result.iterations(),
            result.converged(),
            Arrays.toString(result.sizes()),
            seconds,
            extra
        );
    }
}
