/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.math.cluster;

/**
 * Settings of {@link DensityClustering}. The defaults were chosen on 5,000-text AG News samples (sample sizes in
 * the comments are of the sample the coordinator clusters, not of the index); see {@code AgNewsDensityEvaluationTests}.
 *
 * @param minClusterSize    smallest group (in sample points) reported as a cluster: about 3% of the sample
 * @param minSamples        HDBSCAN's min_samples (core distance = distance to the minSamples-th nearest point, itself
 *                          included): larger = smoother density, fewer and more conservative clusters
 * @param reducedDimensions UMAP dimensions HDBSCAN runs in; BERTopic uses 5 (density estimates fail in 384-d)
 * @param seed              seeds UMAP, so equal input and options give identical clusters
 * @param neighbours        UMAP neighbourhood size for the reduction
 * @param epochs            UMAP epochs for the reduction
 * @param maxClusterShare   a cluster holding more than this share of the sample gives way to its sub-clusters when it
 *                          has any. Why: excess of mass prefers one big cluster when topics touch; on AG News three
 *                          of the four topics came out as one cluster of 72% of the sample (2 clusters, NMI ~0.44
 *                          after assignment). Over 6 runs, 1/3 gave 4-7 clusters and NMI 0.51-0.57; 1/4 gave 6-10
 *                          clusters and NMI 0.46-0.55; 1/2 gave 3-6 clusters. 1.0 turns it off.
 */
public record DensityOptions(
    int minClusterSize,
    int minSamples,
    int reducedDimensions,
    long seed,
    int neighbours,
    int epochs,
    double maxClusterShare
) {

    /**
     * Sample size the defaults were tuned on. On AG News 2,000 points gave more noise (13.6%) and 12,600 no better
     * clusters than 5,000 (NMI 0.52 either way) at 3.5 times the time.
     */
    public static final int DEFAULT_SAMPLE_SIZE = 5_000;
    public static final double DEFAULT_MIN_CLUSTER_SHARE = 0.03;
    public static final int DEFAULT_MIN_SAMPLES = 25;
    public static final int DEFAULT_REDUCED_DIMENSIONS = 5;
    public static final int DEFAULT_NEIGHBOURS = 15;
    public static final int DEFAULT_EPOCHS = 200;
    public static final double DEFAULT_MAX_CLUSTER_SHARE = 1.0 / 3;

    public DensityOptions {
        if (minClusterSize < 2) {
            throw new IllegalArgumentException("minClusterSize must be at least 2, got " + minClusterSize);
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("minSamples must be at least 1, got " + minSamples);
        }
        if (reducedDimensions < 2 || reducedDimensions > 50) {
            throw new IllegalArgumentException("reducedDimensions must be in [2, 50], got " + reducedDimensions);
        }
        if (neighbours < 2) {
            throw new IllegalArgumentException("neighbours must be at least 2, got " + neighbours);
        }
        if (epochs < 10 || epochs > 5_000) {
            throw new IllegalArgumentException("epochs must be in [10, 5000], got " + epochs);
        }
        if ((maxClusterShare > 0 && maxClusterShare <= 1) == false) {
            throw new IllegalArgumentException("maxClusterShare must be in (0, 1], got " + maxClusterShare);
        }
    }

    /** The four settings a request gives; the others at their defaults. */
    public DensityOptions(int minClusterSize, int minSamples, int reducedDimensions, long seed) {
        this(minClusterSize, minSamples, reducedDimensions, seed, DEFAULT_NEIGHBOURS, DEFAULT_EPOCHS, DEFAULT_MAX_CLUSTER_SHARE);
    }

    /** Defaults for a sample of {@code sampleSize} points: minClusterSize 3% of it (150 for 5,000), at least 10. */
    public static DensityOptions forSample(int sampleSize, long seed) {
        int minClusterSize = Math.max(10, (int) Math.round(DEFAULT_MIN_CLUSTER_SHARE * sampleSize));
        return new DensityOptions(minClusterSize, Math.min(DEFAULT_MIN_SAMPLES, minClusterSize), DEFAULT_REDUCED_DIMENSIONS, seed);
    }
}
