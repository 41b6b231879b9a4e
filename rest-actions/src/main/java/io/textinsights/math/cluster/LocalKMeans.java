package io.textinsights.math.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

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

    /** Most swap rounds of {@link #refine}: a bound on its cost (one in-memory k-means run per round, two if rejected). */
    static final int MAX_SWAP_ROUNDS = 10;
    /** Power iterations for the principal direction that starts the split of a cluster; 2-means refines it after. */
    static final int POWER_ITERATIONS = 8;
    static final int SPLIT_ITERATIONS = 10;
    /** A swap round must lower the inertia by more than this fraction (not float noise), or the search stops. */
    static final double MIN_RELATIVE_GAIN = 1e-9;

    /**
     * Lloyd iterations from {@code initialCentroids} on {@code data}, then a swap local search that repairs what Lloyd
     * cannot: a cluster that covers two groups (a seeding that put no centre in one of them) next to a cluster that
     * is worth little (a second centre in an already covered group, often reduced to a handful of points). Lloyd never
     * moves a centre across the empty space between well-separated groups, so such a pair survives any number of passes.
     *
     * <p>Each round, for every cluster: the gain of splitting it in two (a 2-means of its members started along their
     * principal direction, as in bisecting k-means) and the cost of removing it (its members moved to their
     * second-nearest centre: the sum of their second-nearest minus nearest squared distances). The clusters with the
     * largest split gains are paired with those with the smallest removal costs, as long as the gain exceeds the cost;
     * each pair becomes one swap (the removed centre and the split centre are replaced by the two halves), k is kept.
     * Lloyd then runs again, and the round is kept only if the inertia went down (else the best single swap is tried,
     * and the search stops if it does not help either). The inertia therefore never rises: on data Lloyd already
     * clustered well no swap pays and the result is the Lloyd result; the search judges the same objective k-means
     * minimises, so it needs no threshold on cluster sizes (small genuine clusters are kept when removing them costs
     * more than any split gains). This is swap local search for k-means (Kanungo et al. 2004) with ISODATA-like
     * split and discard moves, judged by the objective instead of size and spread thresholds; deterministic, and
     * bounded by {@link #MAX_SWAP_ROUNDS}.
     */
    public static Result refine(float[][] data, float[][] initialCentroids, KMeansOptions options) {
        Result current = fit(data, initialCentroids, data, options, 1);
        if (options.k() < 2 || data.length <= options.k()) {
            return current;
        }
        for (int round = 0; round < MAX_SWAP_ROUNDS; round++) {
            List<Swap> swaps = proposeSwaps(data, current.centroids());
            if (swaps.isEmpty()) {
                break;
            }
            Result next = fit(data, apply(current.centroids(), swaps), data, options, 1);
            if (improves(next, current) == false && swaps.size() > 1) {
                next = fit(data, apply(current.centroids(), swaps.subList(0, 1)), data, options, 1);
            }
            if (improves(next, current) == false) {
                break;
            }
            current = next;
        }
        return current;
    }

    private static boolean improves(Result next, Result current) {
        return next.inertia() < current.inertia() - MIN_RELATIVE_GAIN * current.inertia();
    }

    /** Replace the centroid of {@code split} and of {@code removed} by the two halves of {@code split}. */
    record Swap(int split, int removed, float[] first, float[] second, double splitGain, double removalCost) {}

    private static float[][] apply(float[][] centroids, List<Swap> swaps) {
        float[][] next = centroids.clone();
        for (Swap swap : swaps) {
            next[swap.split()] = swap.first();
            next[swap.removed()] = swap.second();
        }
        return next;
    }

    /** Swaps predicted to lower the inertia, best first, no cluster in two of them. */
    static List<Swap> proposeSwaps(float[][] data, float[][] centroids) {
        int k = centroids.length;
        int n = data.length;
        int[] labels = new int[n];
        int[] sizes = new int[k];
        double[] removalCost = new double[k];
        float[] distances = new float[2];
        for (int i = 0; i < n; i++) {
            int c = VectorKernels.nearestTwo(data[i], centroids, distances);
            labels[i] = c;
            sizes[c]++;
            removalCost[c] += distances[1] - distances[0];
        }
        // Members of every cluster, contiguous (counting sort, in data order).
        int[] start = new int[k + 1];
        for (int c = 0; c < k; c++) {
            start[c + 1] = start[c] + sizes[c];
        }
        int[] members = new int[n];
        int[] fill = start.clone();
        for (int i = 0; i < n; i++) {
            members[fill[labels[i]]++] = i;
        }
        float[][][] halves = new float[k][][];
        double[] splitGain = new double[k];
        for (int c = 0; c < k; c++) {
            if (sizes[c] >= 2) {
                halves[c] = new float[2][];
                splitGain[c] = split(data, members, start[c], start[c + 1], halves[c]);
            }
        }
        Integer[] bySplit = IntStream.range(0, k).boxed().toArray(Integer[]::new);
        Integer[] byRemoval = bySplit.clone();
        Arrays.sort(bySplit, Comparator.comparingDouble((Integer c) -> -splitGain[c]).thenComparingInt(c -> c));
        Arrays.sort(byRemoval, Comparator.comparingDouble((Integer c) -> removalCost[c]).thenComparingInt(c -> c));
        boolean[] used = new boolean[k];
        List<Swap> swaps = new ArrayList<>();
        for (int s : bySplit) {
            if (used[s] || splitGain[s] <= 0) {
                continue;
            }
            int removed = -1;
            for (int r : byRemoval) {
                if (used[r] == false && r != s) {
                    removed = r;
                    break;
                }
            }
            if (removed < 0 || splitGain[s] <= removalCost[removed]) {
                continue;
            }
            used[s] = true;
            used[removed] = true;
            swaps.add(new Swap(s, removed, halves[s][0], halves[s][1], splitGain[s], removalCost[removed]));
        }
        return swaps;
    }

    /**
     * 2-means of {@code data[members[from..to)]} started along the members' principal direction (power iteration from
     * the member farthest from their mean); the two centres in {@code halvesOut}. Returns the drop in squared distance
     * from one centre (their mean) to two, 0 when the members cannot be split (all equal).
     */
    static double split(float[][] data, int[] members, int from, int to, float[][] halvesOut) {
        int dim = data[members[from]].length;
        float[] mean = mean(data, members, from, to, null, true, dim);
        double before = 0;
        int farthest = members[from];
        float farthestDistance = -1;
        for (int m = from; m < to; m++) {
            float d = VectorKernels.squareDistance(data[members[m]], mean);
            before += d;
            if (d > farthestDistance) {
                farthestDistance = d;
                farthest = members[m];
            }
        }
        if (farthestDistance <= 0) {
            return 0;
        }
        float[] direction = new float[dim];
        for (int j = 0; j < dim; j++) {
            direction[j] = data[farthest][j] - mean[j];
        }
        double[] next = new double[dim];
        for (int it = 0; it < POWER_ITERATIONS; it++) {
            Arrays.fill(next, 0);
            float offset = VectorKernels.dotProduct(mean, direction);
            for (int m = from; m < to; m++) {
                float[] x = data[members[m]];
                double projection = VectorKernels.dotProduct(x, direction) - offset;
                for (int j = 0; j < dim; j++) {
                    next[j] += projection * (x[j] - mean[j]);
                }
            }
            double norm = 0;
            for (double v : next) {
                norm += v * v;
            }
            if (norm == 0) {
                break;
            }
            double inverse = 1 / Math.sqrt(norm);
            for (int j = 0; j < dim; j++) {
                direction[j] = (float) (next[j] * inverse);
            }
        }
        boolean[] first = new boolean[to - from];
        float offset = VectorKernels.dotProduct(mean, direction);
        for (int m = from; m < to; m++) {
            first[m - from] = VectorKernels.dotProduct(data[members[m]], direction) >= offset;
        }
        double after = Double.NaN;
        float[] a = null;
        float[] b = null;
        for (int it = 0; it < SPLIT_ITERATIONS; it++) {
            a = mean(data, members, from, to, first, true, dim);
            b = mean(data, members, from, to, first, false, dim);
            if (a == null || b == null) {
                return 0; // every member on one side: no split found
            }
            boolean changed = false;
            after = 0;
            for (int m = from; m < to; m++) {
                float[] x = data[members[m]];
                float da = VectorKernels.squareDistance(x, a);
                float db = VectorKernels.squareDistance(x, b);
                boolean side = da <= db;
                after += side ? da : db;
                changed |= side != first[m - from];
                first[m - from] = side;
            }
            if (changed == false) {
                break;
            }
        }
        halvesOut[0] = a;
        halvesOut[1] = b;
        return Math.max(0, before - after);
    }

    /** Mean (in double, returned as float) of the members with {@code side[m - from] == wanted} (all when side is null); null if none. */
    private static float[] mean(float[][] data, int[] members, int from, int to, boolean[] side, boolean wanted, int dim) {
        double[] sum = new double[dim];
        int count = 0;
        for (int m = from; m < to; m++) {
            if (side == null || side[m - from] == wanted) {
                float[] x = data[members[m]];
                for (int j = 0; j < dim; j++) {
                    sum[j] += x[j];
                }
                count++;
            }
        }
        if (count == 0) {
            return null;
        }
        float[] mean = new float[dim];
        for (int j = 0; j < dim; j++) {
            mean[j] = (float) (sum[j] / count);
        }
        return mean;
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
