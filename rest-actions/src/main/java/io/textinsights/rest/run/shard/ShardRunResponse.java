/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.shard;

import org.opensearch.action.support.broadcast.BroadcastResponse;
import org.opensearch.core.action.support.DefaultShardOperationFailedException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;
import java.util.List;

/** The results of every shard of one pass. */
public class ShardRunResponse extends BroadcastResponse {

    private final List<ShardRunResult> results;

    public ShardRunResponse(
        int totalShards,
        int successfulShards,
        int failedShards,
        List<DefaultShardOperationFailedException> shardFailures,
        List<ShardRunResult> results
    ) {
        super(totalShards, successfulShards, failedShards, shardFailures);
        this.results = results;
    }

    public ShardRunResponse(StreamInput in) throws IOException {
        super(in);
        this.results = in.readList(ShardRunResult::new);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeList(results);
    }

    public List<ShardRunResult> results() {
        return results;
    }
}
