package io.textinsights.math.cluster;

import java.util.Arrays;

/**
 * Coordinator-side state machine of distributed Lloyd iterations: send {@link #centroids()} to every shard, merge
 * their partials, call {@link #update(KMeansPartial)}.
 *
 * <p>A cluster that receives no vector is re-seeded at the sample point farthest from its nearest centroid (the point
 * the current solution explains worst), which is deterministic and needs no extra pass over the shards. A pass that
 * re-seeds never counts as converged.
 */
public final class LloydIterations {

    private final KMeansOptions options;
    private final float[][] sample;
    private final int k;
    private final int dim;
    private float[][] centroids;
    private int iterations;
    private boolean converged;
    private boolean finished;
    private double maxShift = Double.NaN;
    private int reseeded;
    private long[] sizes;
    private double inertia = Double.NaN;

    /**
     * @param initialCentroids k centroids, e.g. from {@link KMeansSeeding#kMeansPlusPlus}; copied
     * @param sample           points used to re-seed empty clusters (may be null or empty: an empty cluster then keeps
     *                         its centroid)
     */
    public LloydIterations(float[][] initialCentroids, float[][] sample, KMeansOptions options) {
        if (initialCentroids.length != options.k()) {
            throw new IllegalArgumentException(
                "got " + initialCentroids.length + " initial centroids for k=" + options.k()
            );
        }
        this.options = options;
        this.sample = sample == null ? new float[0][] : sample;
        this.k = options.k();
        this.dim = initialCentroids[0].length;
        this.centroids = new float[k][];
        for (int c = 0; c < k; c++) {
            if (initialCentroids[c].length != dim) {
                throw new IllegalArgumentException("centroid " + c + " has dimension " + initialCentroids[c].length + ", expected " + dim);
            }
            centroids[c] = initialCentroids[c].clone();
        }
        this.sizes = new long[k];
    }

    /** The centroids the next pass must use (a copy). */
    public float[][] centroids() {
        float[][] copy = new float[k][];
        for (int c = 0; c < k; c++) {
            copy[c] = centroids[c].clone();
        }
        return copy;
    }

    /**
     * Consumes the merged partial of a full pass made with {@link #centroids()}; returns true when finished (converged:
     * max centroid shift <= tolerance, or maxIterations reached).
     */
    public boolean update(KMeansPartial merged) {
        if (finished) {
            throw new IllegalStateException("k-means already finished after " + iterations + " iterations");
        }
        if (merged.k() != k || merged.dim() != dim) {
            throw new IllegalArgumentException(
                "partial has k=" + merged.k() + ", dim=" + merged.dim() + ", expected k=" + k + ", dim=" + dim
            );
        }
        double[] sums = merged.sums();
        long[] counts = merged.counts();
        float[][] next = new float[k][];
        boolean[] empty = new boolean[k];
        int emptyCount = 0;
        double shift = 0;
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) {
                empty[c] = true;
                emptyCount++;
                continue;
            }
            float[] centroid = new float[dim];
            double inverse = 1.0 / counts[c];
            for (int j = 0; j < dim; j++) {
                centroid[j] = (float) (sums[c * dim + j] * inverse);
            }
            next[c] = centroid;
            shift = Math.max(shift, Math.sqrt(VectorKernels.squareDistance(centroid, centroids[c])));
        }
        reseeded = emptyCount == 0 ? 0 : reseed(next, empty);
        centroids = next;
        sizes = counts.clone();
        inertia = merged.inertia();
        maxShift = shift;
        iterations++;
        converged = emptyCount == 0 && shift <= options.tolerance();
        finished = converged || iterations >= options.maxIterations();
        return finished;
    }

    /** Fills the empty slots of next; returns how many got a new point. */
    private int reseed(float[][] next, boolean[] empty) {
        int n = sample.length;
        double[] closest = new double[n];
        Arrays.fill(closest, Double.POSITIVE_INFINITY);
        for (int c = 0; c < k; c++) {
            if (!empty[c]) {
                lowerDistances(closest, next[c]);
            }
        }
        int count = 0;
        for (int c = 0; c < k; c++) {
            if (!empty[c]) {
                continue;
            }
            int farthest = -1;
            double farthestDistance = 0;
            for (int i = 0; i < n; i++) {
                if (closest[i] > farthestDistance) {
                    farthestDistance = closest[i];
                    farthest = i;
                }
            }
            if (farthest < 0) {
                // Every sample point sits on a centroid: nothing better to move to.
                next[c] = centroids[c];
                continue;
            }
            next[c] = sample[farthest].clone();
            lowerDistances(closest, next[c]);
            count++;
        }
        return count;
    }

    private void lowerDistances(double[] closest, float[] centroid) {
        for (int i = 0; i < closest.length; i++) {
            closest[i] = Math.min(closest[i], VectorKernels.squareDistance(sample[i], centroid));
        }
    }

    /** Number of update() calls so far. */
    public int iterations() {
        return iterations;
    }

    public boolean converged() {
        return converged;
    }

    public boolean finished() {
        return finished;
    }

    /** Cluster sizes of the last pass (made with the centroids before the last update). */
    public long[] sizes() {
        return sizes.clone();
    }

    /** Total squared distance of the last pass (made with the centroids before the last update). */
    public double inertia() {
        return inertia;
    }

    /** Largest centroid move (Euclidean) of the last update, over clusters that were not empty. */
    public double maxShift() {
        return maxShift;
    }

    /** Clusters re-seeded by the last update. */
    public int reseeded() {
        return reseeded;
    }

    public KMeansOptions options() {
        return options;
    }
}
