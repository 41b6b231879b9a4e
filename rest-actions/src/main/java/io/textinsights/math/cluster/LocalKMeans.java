package io.textinsights.math.cluster;

import java.util.SplittableRandom;

/**
 * k-means over vectors held in memory, driven through the same {@link LloydIterations} and {@link KMeansPartial} code
 * as the distributed run. Used for the sample in {@link AutoK}, for small data, and in tests (with several partitions
 * standing in for shards).
 */
public final class LocalKMeans {

    private LocalKMeans() {}

    /**
     * @param centroids   final centroids
     * @param assignments cluster of every input vector under the final centroids
     * @param sizes       cluster sizes under the final centroids
     * @param inertia     total squared distance under the final centroids
     */
    public record Result(float[][] centroids, int[] assignments, long[] sizes, double inertia, int iterations, boolean converged) {
        public int k() {
            return centroids.length;
        }
    }

    /** k-means++ on all of {@code data}, then Lloyd iterations. */
    public static Result fit(float[][] data, KMeansOptions options) {
        return fit(data, KMeansSeeding.kMeansPlusPlus(data, options.k(), options.seed()), data, options, 1);
    }

    /**
     * Best (lowest inertia) of {@code restarts} runs of {@link #fit(float[][], KMeansOptions)} with seeds derived from
     * {@code options.seed()}; the first uses {@code options.seed()} itself. On sentence embeddings one k-means++ start
     * often lands in a clearly worse local optimum (all of AG News, k=4: NMI 0.51-0.53 instead of 0.59 for 6 seeds in
     * 12), so a few restarts on a sample pay off.
     */
    public static Result fitBest(float[][] data, KMeansOptions options, int restarts) {
        if (restarts < 1) {
            throw new IllegalArgumentException("restarts must be >= 1, got " + restarts);
        }
        SplittableRandom seeds = new SplittableRandom(options.seed());
        Result best = null;
        for (int r = 0; r < restarts; r++) {
            KMeansOptions run = new KMeansOptions(options.k(), options.maxIterations(), options.tolerance(), r == 0 ? options.seed() : seeds.nextLong());
            Result result = fit(data, run);
            if (best == null || result.inertia() < best.inertia()) {
                best = result;
            }
        }
        return best;
    }

    /**
     * Lloyd iterations from {@code initialCentroids}, each pass computed as {@code partitions} partials merged in order,
     * as shards would be.
     */
    public static Result fit(float[][] data, float[][] initialCentroids, float[][] sample, KMeansOptions options, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        int dim = initialCentroids[0].length;
        LloydIterations lloyd = new LloydIterations(initialCentroids, sample, options);
        float[][] centroids = lloyd.centroids();
        boolean done = false;
        while (!done) {
            KMeansPartial merged = new KMeansPartial(options.k(), dim);
            for (int p = 0; p < partitions; p++) {
                merged.merge(pass(data, centroids, dim, bound(data.length, partitions, p), bound(data.length, partitions, p + 1)));
            }
            done = lloyd.update(merged);
            centroids = lloyd.centroids();
        }
        int[] assignments = new int[data.length];
        double inertia = VectorKernels.assign(data, centroids, assignments, null);
        long[] sizes = new long[centroids.length];
        for (int a : assignments) {
            sizes[a]++;
        }
        return new Result(centroids, assignments, sizes, inertia, lloyd.iterations(), lloyd.converged());
    }

    private static int bound(int n, int partitions, int p) {
        return (int) ((long) n * p / partitions);
    }

    private static KMeansPartial pass(float[][] data, float[][] centroids, int dim, int from, int to) {
        KMeansPartial partial = new KMeansPartial(centroids.length, dim);
        for (int i = from; i < to; i++) {
            partial.accumulate(data[i], centroids);
        }
        return partial;
    }
}
