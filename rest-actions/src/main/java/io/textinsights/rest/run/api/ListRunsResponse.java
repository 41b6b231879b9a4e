/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.api;

import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Runs, newest first, without their cluster lists. */
public class ListRunsResponse extends ActionResponse implements ToXContentObject {

    private final List<Map<String, Object>> runs;

    public ListRunsResponse(List<Map<String, Object>> runs) {
        this.runs = runs;
    }

    public ListRunsResponse(StreamInput in) throws IOException {
        super(in);
        this.runs = in.readList(StreamInput::readMap);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeCollection(runs, StreamOutput::writeMap);
    }

    public List<Map<String, Object>> runs() {
        return runs;
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject().startArray("runs");
        for (Map<String, Object> run : runs) {
            builder.map(run);
        }
        return builder.endArray().endObject();
    }
}
