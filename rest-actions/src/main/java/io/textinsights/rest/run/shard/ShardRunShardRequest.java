/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.shard;

import org.opensearch.action.support.broadcast.BroadcastShardRequest;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.index.shard.ShardId;
import org.opensearch.core.tasks.TaskId;
import org.opensearch.tasks.Task;

import java.io.IOException;
import java.util.Map;

/** The pass as sent to one shard; cancellable, so cancelling the run stops the shards' work too. */
public class ShardRunShardRequest extends BroadcastShardRequest {

    private final ShardPass pass;

    public ShardRunShardRequest(ShardId shardId, ShardRunRequest request) {
        super(shardId, request);
        this.pass = request.pass();
    }

    public ShardRunShardRequest(StreamInput in) throws IOException {
        super(in);
        this.pass = ShardPass.readFrom(in);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        pass.writeTo(out);
    }

    public ShardPass pass() {
        return pass;
    }

    @Override
    public Task createTask(long id, String type, String action, TaskId parentTaskId, Map<String, String> headers) {
        return new ShardPassTask(id, type, action, "text insights " + pass.op() + " on " + shardId(), pass.op().name(), parentTaskId, headers);
    }
}
