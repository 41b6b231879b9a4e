/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.shard;

/** What a shard does in one pass of a run. */
public enum ShardOp {
    /** Count the matching documents and return the bottom-n of them by a seeded hash of their _id. */
    SAMPLE,
    /** One Lloyd iteration: per-cluster vector sums and counts for the given centroids. */
    KMEANS_PASS,
    /** Final assignment (and 2-D placement) of every document, written back when asked. */
    ASSIGN,
    /** Writes each of the run's documents the readable label of its cluster (known only after the explanation phase). */
    LABEL
}
