/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.shard;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.tasks.Task;

import java.io.IOException;

/**
 * What {@code _tasks} shows of one shard's pass: documents read so far of the shard's live documents (an upper bound of
 * the pass's share), and results written. The run polls it to report progress during the long passes. Registered as
 * a named writeable: other nodes ask for it.
 */
public record ShardPassStatus(String op, long total, long done, long written) implements Task.Status {

    public static final String NAME = "text_insights_shard_pass";

    public ShardPassStatus(StreamInput in) throws IOException {
        this(in.readString(), in.readVLong(), in.readVLong(), in.readVLong());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(op);
        out.writeVLong(total);
        out.writeVLong(done);
        out.writeVLong(written);
    }

    @Override
    public String getWriteableName() {
        return NAME;
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        return builder.startObject().field("op", op).field("total", total).field("done", done).field("written", written).endObject();
    }
}
