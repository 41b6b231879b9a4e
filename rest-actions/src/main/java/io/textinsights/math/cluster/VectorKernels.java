package io.textinsights.math.cluster;

import org.apache.lucene.util.VectorUtil;

/**
 * Distance kernels for k-means. They delegate to Lucene's {@link VectorUtil}, which uses the Panama Vector API (SIMD)
 * when the JVM runs with {@code --add-modules jdk.incubator.vector} (OpenSearch nodes do) and a scalar loop otherwise.
 * The per-vector methods allocate nothing: they run once per document per Lloyd pass on every shard.
 */
public final class VectorKernels {

    private VectorKernels() {}

    /**
     * Index of the centroid nearest to {@code v} by squared Euclidean distance (lowest index on ties); its squared
     * distance in {@code distanceOut[0]} when {@code distanceOut != null}. Uses VectorUtil (SIMD).
     */
    public static int nearest(float[] v, float[][] centroids, float[] distanceOut) {
        if (centroids.length == 0) {
            throw new IllegalArgumentException("no centroids");
        }
        int best = 0;
        float bestDistance = VectorUtil.squareDistance(v, centroids[0]);
        for (int c = 1; c < centroids.length; c++) {
            float d = VectorUtil.squareDistance(v, centroids[c]);
            // Strict '<' keeps the lowest index on ties, so every shard breaks ties the same way.
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        if (distanceOut != null) {
            distanceOut[0] = bestDistance;
        }
        return best;
    }

    /**
     * Index of the centroid nearest to {@code v} (lowest index on ties), with the squared distances to the nearest and
     * the second-nearest centroid in {@code distancesOut[0]} and {@code distancesOut[1]} (the second is +Infinity when
     * there is one centroid). Allocation-free.
     */
    public static int nearestTwo(float[] v, float[][] centroids, float[] distancesOut) {
        if (centroids.length == 0) {
            throw new IllegalArgumentException("no centroids");
        }
        int best = 0;
        float bestDistance = VectorUtil.squareDistance(v, centroids[0]);
        float second = Float.POSITIVE_INFINITY;
        for (int c = 1; c < centroids.length; c++) {
            float d = VectorUtil.squareDistance(v, centroids[c]);
            if (d < bestDistance) {
                second = bestDistance;
                bestDistance = d;
                best = c;
            } else if (d < second) {
                second = d;
            }
        }
        distancesOut[0] = bestDistance;
        distancesOut[1] = second;
        return best;
    }

    /** Squared Euclidean distance (SIMD). */
    public static float squareDistance(float[] a, float[] b) {
        return VectorUtil.squareDistance(a, b);
    }

    /** Dot product (SIMD). */
    public static float dotProduct(float[] a, float[] b) {
        return VectorUtil.dotProduct(a, b);
    }

    /**
     * Assigns every vector to its nearest centroid: cluster indices in {@code assignmentsOut}, squared distances in
     * {@code distancesOut} (may be null). Returns the total squared distance (inertia).
     */
    public static double assign(float[][] vectors, float[][] centroids, int[] assignmentsOut, float[] distancesOut) {
        float[] distance = new float[1];
        double inertia = 0;
        for (int i = 0; i < vectors.length; i++) {
            assignmentsOut[i] = nearest(vectors[i], centroids, distance);
            if (distancesOut != null) {
                distancesOut[i] = distance[0];
            }
            inertia += distance[0];
        }
        return inertia;
    }
}
