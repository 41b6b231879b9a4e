/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.spec;

import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.Map;

/** A run as stored (see {@code store.RunDocument}), or the short answer of a run started in the background. */
public class RunResponse extends ActionResponse implements ToXContentObject {

    private final Map<String, Object> run;

    public RunResponse(Map<String, Object> run) {
        this.run = run;
    }

    public RunResponse(StreamInput in) throws IOException {
        super(in);
        this.run = in.readMap();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeMap(run);
    }

    public Map<String, Object> run() {
        return run;
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        return builder.map(run);
    }
}
