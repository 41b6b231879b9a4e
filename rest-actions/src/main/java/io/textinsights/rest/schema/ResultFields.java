/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.schema;

/**
 * Every stored field name of a run's per-sample results, defined once: the fields of a run's results index, and the
 * object a run writes into the dataset's own documents when it opts into {@code "write_back": {"target": "dataset"}}.
 */
public final class ResultFields {

    /** The run the result belongs to (the same in a whole results index; lets searches over the dataset's alias split runs). */
    public static final String RUN_ID = "run_id";
    /** The dataset document's {@code _id} (also the result document's {@code _id}). */
    public static final String DOC_ID = "doc_id";
    /** Cluster number, -1 for noise. */
    public static final String CLUSTER_ID = "cluster_id";
    /** The cluster's readable label (top words, or its LLM title). */
    public static final String CLUSTER_LABEL = "cluster_label";
    /** Position on the 2-D map (absent without a map). */
    public static final String X = "x";
    public static final String Y = "y";
    /** Squared Euclidean distance to the cluster's centre in the embedding space: how typical the sample is of it. */
    public static final String DISTANCE = "distance";

    // Copied from the dataset document at run time: what panels split, filter and sort by.
    public static final String LABEL = "label";
    public static final String PREDICTION = "prediction";
    /** label equals prediction (absent when either is missing). */
    public static final String CORRECT = "correct";
    public static final String SPLIT = "split";
    public static final String DEP = "dep";
    public static final String MARGIN = "margin";
    public static final String CONFIDENCE = "confidence";
    public static final String TEXT = "text";

    /** The object of a dataset document that an in-place run writes (run_id, cluster_id, cluster_label, x, y). */
    public static final String IN_DATASET = "text_insights";

    private ResultFields() {}

    /** A field of the in-place object, e.g. {@code text_insights.cluster_id}. */
    public static String inDataset(String field) {
        return IN_DATASET + "." + field;
    }
}
