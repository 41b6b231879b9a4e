package io.textinsights.math.cluster;

import java.util.Arrays;

/**
 * Mergeable per-shard partial of one Lloyd pass: per-cluster vector sums (double), counts, total inertia.
 *
 * <p>Sums are kept in double so that merging shards in any order gives the same centroids to ~1e-12 (float sums over
 * 100k vectors would drift by ~1e-3). Not thread-safe: use one partial per thread and {@link #merge} them.
 */
public final class KMeansPartial {

    private final int k;
    private final int dim;
    private final double[] sums;
    private final long[] counts;
    private double inertia;
    // Scratch for accumulate(): keeps the per-document path allocation-free.
    private final float[] distance = new float[1];

    public KMeansPartial(int k, int dim) {
        this(k, dim, new double[checkedSize(k, dim)], new long[k], 0);
    }

    /** For deserialization; the arrays are used as they are (not copied). */
    public KMeansPartial(int k, int dim, double[] sums /* k*dim, row-major */, long[] counts, double inertia) {
        if (sums.length != checkedSize(k, dim)) {
            throw new IllegalArgumentException("sums has length " + sums.length + ", expected k*dim = " + k * dim);
        }
        if (counts.length != k) {
            throw new IllegalArgumentException("counts has length " + counts.length + ", expected k = " + k);
        }
        this.k = k;
        this.dim = dim;
        this.sums = sums;
        this.counts = counts;
        this.inertia = inertia;
    }

    private static int checkedSize(int k, int dim) {
        if (k < 1 || dim < 1) {
            throw new IllegalArgumentException("k and dim must be >= 1, got k=" + k + ", dim=" + dim);
        }
        return Math.multiplyExact(k, dim);
    }

    public void add(float[] vector, int cluster, float squaredDistance) {
        if (vector.length != dim) {
            throw new IllegalArgumentException("vector has dimension " + vector.length + ", expected " + dim);
        }
        int offset = cluster * dim;
        for (int j = 0; j < dim; j++) {
            sums[offset + j] += vector[j];
        }
        counts[cluster]++;
        inertia += squaredDistance;
    }

    /** Assigns {@code vector} to its nearest centroid, adds it, and returns the cluster index. Allocation-free. */
    public int accumulate(float[] vector, float[][] centroids) {
        int cluster = VectorKernels.nearest(vector, centroids, distance);
        add(vector, cluster, distance[0]);
        return cluster;
    }

    public void merge(KMeansPartial other) {
        if (other.k != k || other.dim != dim) {
            throw new IllegalArgumentException(
                "cannot merge a partial of k=" + other.k + ", dim=" + other.dim + " into k=" + k + ", dim=" + dim
            );
        }
        for (int i = 0; i < sums.length; i++) {
            sums[i] += other.sums[i];
        }
        for (int c = 0; c < k; c++) {
            counts[c] += other.counts[c];
        }
        inertia += other.inertia;
    }

    public int k() {
        return k;
    }

    public int dim() {
        return dim;
    }

    /** The live array (k*dim, row-major), for serialization; do not modify. */
    public double[] sums() {
        return sums;
    }

    /** The live array, for serialization; do not modify. */
    public long[] counts() {
        return counts;
    }

    public double inertia() {
        return inertia;
    }

    /** Number of vectors added. */
    public long total() {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }

    @Override
    public String toString() {
        return "KMeansPartial[k=" + k + ", dim=" + dim + ", counts=" + Arrays.toString(counts) + ", inertia=" + inertia + "]";
    }
}
