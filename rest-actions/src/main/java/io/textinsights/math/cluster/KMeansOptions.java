package io.textinsights.math.cluster;

/**
 * Options of a k-means run.
 *
 * @param k             number of clusters, >= 1
 * @param maxIterations upper bound on Lloyd passes, >= 1
 * @param tolerance     stop when no centroid moves farther than this (Euclidean distance), >= 0
 * @param seed          seed of k-means++ seeding; the same seed and data give the same clustering
 */
public record KMeansOptions(int k, int maxIterations, double tolerance, long seed) {

    /** 1e-4 is well below the spread of unit-normalised sentence embeddings (typical distances 0.5-1.4). */
    public static final double DEFAULT_TOLERANCE = 1e-4;
    public static final int DEFAULT_MAX_ITERATIONS = 50;

    public KMeansOptions {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
        }
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
        }
    }

    public static KMeansOptions of(int k, long seed) {
        return new KMeansOptions(k, DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE, seed);
    }
}
