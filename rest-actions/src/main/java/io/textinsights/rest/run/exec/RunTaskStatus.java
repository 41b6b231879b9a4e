/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.exec;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.tasks.Task;

import java.io.IOException;

/** What {@code _tasks} shows of a running run. Registered as a named writeable: other nodes may ask for it. */
public record RunTaskStatus(String runId, String phase, int percent) implements Task.Status {

    public static final String NAME = "text_insights_run";

    public RunTaskStatus(StreamInput in) throws IOException {
        this(in.readString(), in.readString(), in.readVInt());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(runId);
        out.writeString(phase);
        out.writeVInt(percent);
    }

    @Override
    public String getWriteableName() {
        return NAME;
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        return builder.startObject().field("run_id", runId).field("phase", phase).field("percent", percent).endObject();
    }
}
