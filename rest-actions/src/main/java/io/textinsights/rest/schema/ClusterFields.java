/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.schema;

/** Field names of the cluster documents (one per cluster of a run, in {@code text-insights-clusters}), defined once. */
public final class ClusterFields {

    public static final String RUN_ID = "run_id";
    /** The dataset the run clustered. */
    public static final String INDEX = "index";
    public static final String SPLIT = "split";
    public static final String CLUSTER_ID = "cluster_id";
    public static final String NOISE = "noise";
    public static final String SIZE = "size";
    public static final String LABEL = "label";
    public static final String WORDS = "words";
    public static final String X = "x";
    public static final String Y = "y";
    public static final String REPRESENTATIVE_IDS = "representative_ids";
    /** The cluster's centre in the embedding space: kept (not indexed) for summaries and later reuse. */
    public static final String CENTROID = "centroid";
    public static final String CREATED_AT = "created_at";

    private ClusterFields() {}
}
