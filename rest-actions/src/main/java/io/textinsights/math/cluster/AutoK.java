package io.textinsights.math.cluster;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Picks k with no user input, on the sample only (in memory), for algorithm "auto".
 *
 * <p>Rule: for every k from 4 to 30, run k-means on the sample (best of 2 k-means++ starts) and score it by the mean
 * silhouette with cosine distance on a seeded subsample of at most 2,000 points; keep the highest score (smaller k on
 * ties). For unit-length embeddings cosine distance is half the squared Euclidean distance k-means minimises, so the
 * score judges the partition k-means optimises. The search starts at 4: on sentence embeddings the silhouette, like
 * every criterion we measured, favours the coarsest split (AG News: k=3, Business merged with Sci/Tech), and two or
 * three groups say little about a corpus.
 *
 * <p>Measured on AG News (5,000-point samples, 8 seeds): the silhouette peaks at k=3 from minK=2 and at k=4 from
 * minK=4 for every seed. Rejected: BIC (X-means, and Smile's XMeans/GMeans) keeps growing to maxK (k=30, NMI 0.39);
 * Calinski-Harabasz falls monotonically (picks minK); half-sample stability (ARI) and prediction strength at k=4
 * and k=5 overlap across seeds (0.80-0.89 vs 0.67-0.80), so no threshold separates them; the gap statistic with a
 * Gaussian reference gave 3, 4 or 5 depending on the seed.
 */
public final class AutoK {

    public record Choice(int k, Map<Integer, Double> scores, String criterion) {}

    public static final String CRITERION = "silhouette_cosine";
    /** Default search range for algorithm "auto"; see the class notes for why it starts at 4. */
    public static final int DEFAULT_MIN_K = 4;
    public static final int DEFAULT_MAX_K = 30;

    /** Points scored by the silhouette: its cost is quadratic, and 2,000 points put the noise well below the k-to-k differences. */
    static final int SILHOUETTE_POINTS = 2_000;
    static final int RESTARTS = 2;
    static final int MAX_ITERATIONS = 25;

    private AutoK() {}

    /** {@link #choose(float[][], long, int, int)} over [{@link #DEFAULT_MIN_K}, {@link #DEFAULT_MAX_K}]. */
    public static Choice choose(float[][] sample, long seed) {
        return choose(sample, seed, DEFAULT_MIN_K, DEFAULT_MAX_K);
    }

    /**
     * @param sample the points to cluster; the caller bounds it (5,000 x 384, k 4..30, one thread on a busy 2-core
     *               machine: ~2.3 s with SIMD, ~16 s without, of which two thirds are the k-means runs (Elkan-bounded,
     *               see {@link LocalKMeans#fitInMemory}) and a quarter their k-means++ seeding; memory: the sample, a
     *               2,000 x 2,000 float distance matrix (16 MB) and the k-means bounds, 5,000 x k doubles)
     * @param minK   smallest k tried, >= 2
     * @param maxK   largest k tried (capped at sample.length - 1)
     */
    public static Choice choose(float[][] sample, long seed, int minK, int maxK) {
        if (minK < 2 || maxK < minK) {
            throw new IllegalArgumentException("need 2 <= minK <= maxK, got minK=" + minK + ", maxK=" + maxK);
        }
        int n = sample.length;
        if (n == 0) {
            throw new IllegalArgumentException("cannot choose k for an empty sample");
        }
        // The silhouette needs at least one cluster with two points, so k < n.
        int upper = Math.min(maxK, n - 1);
        if (upper < minK) {
            int k = Math.min(minK, n);
            return new Choice(k, Map.of(), "too_few_points");
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] scored = subsample(n, Math.min(n, SILHOUETTE_POINTS), random);
        float[][] distances = cosineDistances(sample, scored);

        Map<Integer, Double> scores = new LinkedHashMap<>();
        int bestK = minK;
        double bestScore = Double.NEGATIVE_INFINITY;
        int[] labels = new int[scored.length];
        for (int k = minK; k <= upper; k++) {
            KMeansOptions options = new KMeansOptions(k, MAX_ITERATIONS, KMeansOptions.DEFAULT_TOLERANCE, seed + k);
            LocalKMeans.Result result = LocalKMeans.fitBest(sample, options, RESTARTS);
            for (int i = 0; i < scored.length; i++) {
                labels[i] = result.assignments()[scored[i]];
            }
            double score = silhouette(distances, labels, k);
            scores.put(k, score);
            if (score > bestScore) {
                bestScore = score;
                bestK = k;
            }
        }
        return new Choice(bestK, Collections.unmodifiableMap(scores), CRITERION);
    }

    /** m distinct indices of [0, n), in a seeded random order (partial Fisher-Yates). */
    static int[] subsample(int n, int m, SplittableRandom random) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        for (int i = 0; i < m; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, m);
    }

    /** Pairwise cosine distances 1 - cos(a, b) of the chosen rows; computed once and reused for every k. */
    static float[][] cosineDistances(float[][] sample, int[] rows) {
        int m = rows.length;
        float[] norms = new float[m];
        for (int i = 0; i < m; i++) {
            float[] v = sample[rows[i]];
            norms[i] = (float) Math.sqrt(VectorKernels.dotProduct(v, v));
        }
        float[][] distances = new float[m][m];
        for (int i = 0; i < m; i++) {
            float[] a = sample[rows[i]];
            for (int j = 0; j < i; j++) {
                float denominator = norms[i] * norms[j];
                float d = denominator == 0 ? 1 : 1 - VectorKernels.dotProduct(a, sample[rows[j]]) / denominator;
                distances[i][j] = d;
                distances[j][i] = d;
            }
        }
        return distances;
    }

    /**
     * Mean silhouette (Rousseeuw 1987) over all points from a distance matrix; a point alone in its cluster scores 0,
     * as in scikit-learn.
     */
    static double silhouette(float[][] distances, int[] labels, int k) {
        int m = labels.length;
        int[] sizes = new int[k];
        for (int label : labels) {
            sizes[label]++;
        }
        double[] sums = new double[k];
        double total = 0;
        for (int i = 0; i < m; i++) {
            Arrays.fill(sums, 0);
            float[] row = distances[i];
            for (int j = 0; j < m; j++) {
                sums[labels[j]] += row[j];
            }
            int own = labels[i];
            if (sizes[own] < 2) {
                continue;
            }
            double a = sums[own] / (sizes[own] - 1); // row[i] is 0, so the sum already excludes i
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c != own && sizes[c] > 0) {
                    b = Math.min(b, sums[c] / sizes[c]);
                }
            }
            if (b == Double.POSITIVE_INFINITY) {
                continue; // only one non-empty cluster among the scored points
            }
            double max = Math.max(a, b);
            total += max == 0 ? 0 : (b - a) / max;
        }
        return total / m;
    }
}
