/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.shard;

import org.opensearch.action.ActionType;

/**
 * One pass of a clustering run over every primary shard of the dataset: the work runs where the shard lives and only
 * small partial results travel back (a bounded sample, k-means sums and counts, assignment statistics).
 */
public final class ShardRunAction extends ActionType<ShardRunResponse> {

    public static final String NAME = "indices:data/read/text_insights/run/shard";
    public static final ShardRunAction INSTANCE = new ShardRunAction();

    private ShardRunAction() {
        super(NAME, ShardRunResponse::new);
    }
}
