package io.textinsights.math.cluster;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeding: k-means++ on a sample (deterministic for a seed).
 *
 * <p>Written here rather than taken from Smile 6.3: {@code smile.clustering.CentroidClustering.init(..)} is public but
 * draws from Smile's global {@code MathEx} generator (no seed argument, so it is not reproducible per request when
 * several requests run at once), runs on the common fork-join pool (a parallel stream, which should not be used from
 * OpenSearch's thread pools), and is the single-trial variant.
 */
public final class KMeansSeeding {

    /** Starts tried by {@link #bestOfRestarts}: on a 5,000-point AG News sample one start misses the best k=4 optimum for 3 seeds in 20. */
    public static final int DEFAULT_RESTARTS = 5;

    private KMeansSeeding() {}

    /**
     * Initial centroids for the distributed run: the best (lowest sample inertia) of {@code restarts} in-memory k-means
     * runs on the sample, each from its own k-means++ seeding. Cheap next to a pass over the shards, and it lands in
     * the better optimum far more often than raw k-means++ seeds (AG News, k=4: NMI 0.59, where a single start on
     * all documents ends at 0.51-0.53 for 6 seeds in 12).
     */
    public static float[][] bestOfRestarts(float[][] sample, KMeansOptions options, int restarts) {
        return LocalKMeans.fitBest(sample, options, restarts).centroids();
    }

    /** Points of the sample the restarts of {@link #seeds} run on (its first ones: the sample is in random order). */
    public static final int RESTART_POINTS = 5_000;
    /** Points of the sample the swap repair of {@link #seeds} runs on: its cost is a few in-memory Lloyd runs over them. */
    public static final int REFINE_POINTS = 20_000;

    /**
     * Initial centroids for the distributed run: {@link #bestOfRestarts} on the first {@link #RESTART_POINTS} points
     * of the sample, then {@link LocalKMeans#refine} (Lloyd and swaps) on its first {@link #REFINE_POINTS}.
     *
     * <p>Why the repair: with many clusters in high dimension, k-means++ regularly leaves a group without a centre
     * and puts two in another (50 separated Gaussians in 384-d: 6 seeds in 8 even as best of 5 starts), and Lloyd
     * cannot fix it (a centre never crosses the empty space between two groups). Oversampled seeding (k-means||)
     * only makes the miss rarer and still needs a reduction step that can repeat it; a size threshold on clusters would
     * also dissolve genuine small clusters. A swap is kept only if it lowers the k-means objective on the sample, so
     * where Lloyd already ends well nothing changes (AG News: the same centroids at k=4 and 8, the same or a slightly
     * lower inertia at k=20 to 100). Depends only on the sample and the options: the same for any number of shards.
     */
    public static float[][] seeds(float[][] sample, KMeansOptions options) {
        float[][] restartPoints = sample.length <= RESTART_POINTS ? sample : Arrays.copyOf(sample, RESTART_POINTS);
        float[][] initial = bestOfRestarts(restartPoints, options, DEFAULT_RESTARTS);
        float[][] refinePoints = sample.length <= REFINE_POINTS ? sample : Arrays.copyOf(sample, REFINE_POINTS);
        return LocalKMeans.refine(refinePoints, initial, options).centroids();
    }

    /**
     * Greedy k-means++ (Arthur and Vassilvitskii 2007; {@code 2 + ln k} candidates per step, as scikit-learn does):
     * each new centre is the best of a few D²-weighted draws, which avoids the occasional poor seed of plain k-means++.
     * Returns copies of {@code k} sample rows. Cost: O(n k log k dim).
     */
    public static float[][] kMeansPlusPlus(float[][] sample, int k, long seed) {
        int n = sample.length;
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if (n < k) {
            throw new IllegalArgumentException("k-means++ needs at least k=" + k + " points, got " + n);
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[][] centers = new float[k][];
        int first = random.nextInt(n);
        centers[0] = sample[first].clone();

        // closest[i]: squared distance from point i to its nearest chosen centre.
        double[] closest = new double[n];
        double potential = 0;
        for (int i = 0; i < n; i++) {
            closest[i] = VectorKernels.squareDistance(sample[i], centers[0]);
            potential += closest[i];
        }
        int trials = 2 + (int) Math.log(k);
        double[] candidate = new double[n];
        double[] best = new double[n];
        for (int c = 1; c < k; c++) {
            int bestIndex = -1;
            double bestPotential = Double.POSITIVE_INFINITY;
            for (int t = 0; t < trials; t++) {
                // If every point sits on a centre (duplicates), no D² draw is possible: fall back to a uniform draw.
                int index = potential > 0 ? draw(closest, random.nextDouble() * potential) : random.nextInt(n);
                double candidatePotential = 0;
                for (int i = 0; i < n; i++) {
                    double d = Math.min(closest[i], VectorKernels.squareDistance(sample[i], sample[index]));
                    candidate[i] = d;
                    candidatePotential += d;
                }
                if (candidatePotential < bestPotential) {
                    bestPotential = candidatePotential;
                    bestIndex = index;
                    double[] swap = best;
                    best = candidate;
                    candidate = swap;
                }
            }
            centers[c] = sample[bestIndex].clone();
            double[] swap = closest;
            closest = best;
            best = swap;
            potential = bestPotential;
        }
        return centers;
    }

    /** Index i with cumulative weight up to i exceeding target (the last positive weight if rounding runs past the end). */
    private static int draw(double[] weights, double target) {
        double cumulative = 0;
        int lastPositive = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] > 0) {
                cumulative += weights[i];
                lastPositive = i;
                if (cumulative > target) {
                    return i;
                }
            }
        }
        return lastPositive;
    }
}
