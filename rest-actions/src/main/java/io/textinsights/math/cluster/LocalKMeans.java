package io.textinsights.math.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * k-means over vectors held in memory, driven through the same {@link LloydIterations} and {@link KMeansPartial} code
 * as the distributed run. Used for the sample in {@link AutoK} and {@link KMeansSeeding}, for small data, and in tests
 * (with several partitions standing in for shards). {@link #fitInMemory} gives the result of the plain passes with
 * far fewer distance computations; {@link #refine} adds a swap search that repairs what Lloyd cannot.
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
        return fitInMemory(data, KMeansSeeding.kMeansPlusPlus(data, options.k(), options.seed()), data, options);
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
        Result current = fitInMemory(data, initialCentroids, data, options);
        if (options.k() < 2 || data.length <= options.k()) {
            return current;
        }
        for (int round = 0; round < MAX_SWAP_ROUNDS; round++) {
            List<Swap> swaps = proposeSwaps(data, current.centroids());
            if (swaps.isEmpty()) {
                break;
            }
            Result next = fitInMemory(data, apply(current.centroids(), swaps), data, options);
            if (improves(next, current) == false && swaps.size() > 1) {
                next = fitInMemory(data, apply(current.centroids(), swaps.subList(0, 1)), data, options);
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

    /**
     * Smallest relative slack of the bounds in {@link #fitInMemory}. A float squared distance over dim dimensions is
     * within (dim + 3) * 2^-24 (relative) of the exact one even summed sequentially (Lucene's scalar fallback; SIMD
     * lanes do better), half that for the distance; the slack is 4 times the distance's bound, at least this.
     */
    static final double MIN_BOUND_SLACK = 1e-4;
    /** Most n * k per-centroid lower bounds (doubles) {@link #fitInMemory} keeps (32 MB); beyond, one bound per point. */
    static final long MAX_ELKAN_BOUNDS = 4_000_000;

    static double boundSlack(int dim) {
        return Math.max(MIN_BOUND_SLACK, 4 * (dim + 3) * 0x1p-24);
    }

    /**
     * The result of {@link #fit(float[][], float[][], float[][], KMeansOptions, int) fit(data, initialCentroids, sample,
     * options, 1)} (same centroids, assignments, iterations), with far fewer distance computations. Every point keeps
     * an upper bound on its distance to its centroid and lower bounds on its distances to the others, moved by the
     * centroids' shifts after each pass (triangle inequality), and a distance is computed only when the bounds cannot
     * rule its centroid out. With n * k up to {@link #MAX_ELKAN_BOUNDS}, one lower bound per point and centroid
     * (Elkan 2003: in high dimension the gap between the nearest and the second-nearest centroid is small, and only
     * per-centroid bounds survive the passes); beyond, one per point (Hamerly 2010), against the largest shift.
     *
     * <p>Exactness: every skip keeps a relative margin ({@link #boundSlack}) over float rounding (shifts and gaps are
     * inflated or shrunk by it too), so a centroid is skipped only when its float distance could not have won; ties among
     * computed distances go to the lowest index as in {@link VectorKernels#nearest}; and the vectors are added to the
     * partial in data order. The centroids are therefore bit for bit those of the plain passes.
     */
    public static Result fitInMemory(float[][] data, float[][] initialCentroids, float[][] sample, KMeansOptions options) {
        return fitInMemory(data, initialCentroids, sample, options, (long) data.length * options.k() <= MAX_ELKAN_BOUNDS);
    }

    /** {@link #fitInMemory(float[][], float[][], float[][], KMeansOptions)} with the choice of bounds forced (for tests). */
    static Result fitInMemory(float[][] data, float[][] initialCentroids, float[][] sample, KMeansOptions options, boolean perCentroid) {
        int n = data.length;
        int k = options.k();
        int dim = initialCentroids[0].length;
        LloydIterations lloyd = new LloydIterations(initialCentroids, sample, options);
        float[][] centroids = lloyd.centroids();
        Bounds bounds = new Bounds(data, k, perCentroid, boundSlack(dim));
        bounds.assignAll(centroids);
        // A cluster whose members did not change keeps its sum: the same vectors added in the same order.
        double[] sums = new double[Math.multiplyExact(k, dim)];
        long[] counts = new long[k];
        int[] previous = null;
        boolean[] changed = new boolean[k];
        boolean done = false;
        while (done == false) {
            int[] assigned = bounds.assigned;
            if (previous == null) {
                Arrays.fill(changed, true);
            } else {
                Arrays.fill(changed, false);
                for (int i = 0; i < n; i++) {
                    if (assigned[i] != previous[i]) {
                        changed[assigned[i]] = true;
                        changed[previous[i]] = true;
                    }
                }
            }
            sums = sums.clone();
            counts = counts.clone();
            for (int c = 0; c < k; c++) {
                if (changed[c]) {
                    Arrays.fill(sums, c * dim, (c + 1) * dim, 0);
                    counts[c] = 0;
                }
            }
            double upperInertia = 0; // only reported by LloydIterations; an upper bound here
            for (int i = 0; i < n; i++) {
                int a = assigned[i];
                upperInertia += (float) (bounds.upper[i] * bounds.upper[i]);
                if (changed[a]) {
                    // As KMeansPartial.add.
                    float[] x = data[i];
                    int offset = a * dim;
                    for (int j = 0; j < dim; j++) {
                        sums[offset + j] += x[j];
                    }
                    counts[a]++;
                }
            }
            done = lloyd.update(new KMeansPartial(k, dim, sums, counts, upperInertia));
            previous = assigned.clone();
            float[][] next = lloyd.centroids();
            bounds.move(centroids, next);
            centroids = next;
            bounds.reassign(centroids);
        }
        // The last reassign() was under the final centroids: the assignment fit(..) computes after its last pass.
        int[] assignments = bounds.assigned;
        double inertia = 0;
        long[] sizes = new long[k];
        for (int i = 0; i < n; i++) {
            inertia += VectorKernels.squareDistance(data[i], centroids[assignments[i]]);
            sizes[assignments[i]]++;
        }
        return new Result(centroids, assignments, sizes, inertia, lloyd.iterations(), lloyd.converged());
    }

    /** Per-point distance bounds of {@link #fitInMemory} (Elkan's with {@code perCentroid}, else Hamerly's). */
    private static final class Bounds {
        final double grow;
        final float[][] data;
        final int k;
        final boolean perCentroid;
        final int[] assigned;
        /** Upper bound on the distance to the assigned centroid. */
        final double[] upper;
        /** Lower bounds on the distance to every centroid (n * k, row-major), or to every other centroid (n). */
        final double[] lower;
        /** Half the distance between two centroids (k * k, only perCentroid), and to the nearest other one; shrunk by the slack. */
        final double[] halfGap;
        final double[] nearestHalfGap;
        final double[] shift;
        final float[] two = new float[2];

        Bounds(float[][] data, int k, boolean perCentroid, double slack) {
            this.grow = 1 + slack;
            this.data = data;
            this.k = k;
            this.perCentroid = perCentroid;
            int n = data.length;
            assigned = new int[n];
            upper = new double[n];
            lower = new double[perCentroid ? n * k : n];
            halfGap = new double[perCentroid ? k * k : 0];
            nearestHalfGap = new double[k];
            shift = new double[k];
        }

        /** Plain nearest-centroid assignment, recording all distances (first pass). */
        void assignAll(float[][] centroids) {
            for (int i = 0; i < data.length; i++) {
                float[] x = data[i];
                if (perCentroid) {
                    int offset = i * k;
                    int best = 0;
                    float bestDistance = Float.POSITIVE_INFINITY;
                    for (int c = 0; c < k; c++) {
                        float d = VectorKernels.squareDistance(x, centroids[c]);
                        lower[offset + c] = Math.sqrt(d);
                        if (d < bestDistance) {
                            bestDistance = d;
                            best = c;
                        }
                    }
                    assigned[i] = best;
                    upper[i] = lower[offset + best];
                } else {
                    assigned[i] = VectorKernels.nearestTwo(x, centroids, two);
                    upper[i] = Math.sqrt(two[0]);
                    lower[i] = Math.sqrt(two[1]);
                }
            }
        }

        /** Loosens the bounds by how far every centroid moved (inflated by the slack). */
        void move(float[][] from, float[][] to) {
            int largest = 0;
            for (int c = 0; c < k; c++) {
                shift[c] = exactDistance(from[c], to[c]) * grow;
                if (shift[c] > shift[largest]) {
                    largest = c;
                }
            }
            double secondLargest = 0;
            for (int c = 0; c < k; c++) {
                if (c != largest) {
                    secondLargest = Math.max(secondLargest, shift[c]);
                }
            }
            for (int i = 0; i < data.length; i++) {
                int a = assigned[i];
                upper[i] += shift[a];
                if (perCentroid) {
                    int offset = i * k;
                    for (int c = 0; c < k; c++) {
                        lower[offset + c] -= shift[c];
                    }
                } else {
                    lower[i] -= a == largest ? secondLargest : shift[largest];
                }
            }
        }

        /** Nearest centroid of every point, computing only the distances the bounds cannot rule out. */
        void reassign(float[][] centroids) {
            halfGaps(centroids);
            for (int i = 0; i < data.length; i++) {
                float[] x = data[i];
                int a = assigned[i];
                double u = upper[i];
                if (u * grow < nearestHalfGap[a]) {
                    continue; // every other centroid is farther than twice u
                }
                if (perCentroid) {
                    int offset = i * k;
                    boolean exact = false;
                    for (int c = 0; c < k; c++) {
                        if (c == a) {
                            continue;
                        }
                        double bound = Math.max(lower[offset + c], halfGap[a * k + c]);
                        if (u * grow < bound) {
                            continue;
                        }
                        if (exact == false) {
                            u = Math.sqrt(VectorKernels.squareDistance(x, centroids[a]));
                            lower[offset + a] = u;
                            exact = true;
                            if (u * grow < bound) {
                                continue;
                            }
                        }
                        double d = Math.sqrt(VectorKernels.squareDistance(x, centroids[c]));
                        lower[offset + c] = d;
                        // As VectorKernels.nearest: the smaller float distance, the lower index on ties.
                        if (d < u || (d == u && c < a)) {
                            a = c;
                            u = d;
                        }
                    }
                } else {
                    double bound = Math.max(nearestHalfGap[a], lower[i]);
                    if (u * grow >= bound) {
                        u = Math.sqrt(VectorKernels.squareDistance(x, centroids[a]));
                        if (u * grow >= bound) {
                            a = VectorKernels.nearestTwo(x, centroids, two);
                            u = Math.sqrt(two[0]);
                            lower[i] = Math.sqrt(two[1]);
                        }
                    }
                }
                assigned[i] = a;
                upper[i] = u;
            }
        }

        private void halfGaps(float[][] centroids) {
            Arrays.fill(nearestHalfGap, Double.POSITIVE_INFINITY);
            double shrink = 0.5 / grow;
            for (int c = 0; c < k; c++) {
                for (int o = c + 1; o < k; o++) {
                    double half = Math.sqrt(VectorKernels.squareDistance(centroids[c], centroids[o])) * shrink;
                    if (perCentroid) {
                        halfGap[c * k + o] = half;
                        halfGap[o * k + c] = half;
                    }
                    nearestHalfGap[c] = Math.min(nearestHalfGap[c], half);
                    nearestHalfGap[o] = Math.min(nearestHalfGap[o], half);
                }
            }
        }
    }

    private static double exactDistance(float[] a, float[] b) {
        double sum = 0;
        for (int j = 0; j < a.length; j++) {
            double d = (double) a[j] - b[j];
            sum += d * d;
        }
        return Math.sqrt(sum);
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
