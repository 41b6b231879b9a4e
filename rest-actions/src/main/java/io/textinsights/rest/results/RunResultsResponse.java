/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.results;

import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.Map;

/** One view of a finished run's results; its shape per view is documented in docs/rest-api.md. */
public class RunResultsResponse extends ActionResponse implements ToXContentObject {

    private final Map<String, Object> body;

    public RunResultsResponse(Map<String, Object> body) {
        this.body = body;
    }

    public RunResultsResponse(StreamInput in) throws IOException {
        super(in);
        this.body = in.readMap();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeMap(body);
    }

    public Map<String, Object> body() {
        return body;
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        return builder.map(body);
    }
}
