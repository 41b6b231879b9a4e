/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.shard;

import org.opensearch.action.support.broadcast.BroadcastRequest;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;

/** One pass over every primary shard of one index. */
public class ShardRunRequest extends BroadcastRequest<ShardRunRequest> {

    private final ShardPass pass;

    public ShardRunRequest(String index, ShardPass pass) {
        super(index);
        this.pass = pass;
    }

    public ShardRunRequest(StreamInput in) throws IOException {
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
}
