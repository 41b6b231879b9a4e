/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.dataset;

import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;

/** What a dataset delete removed. */
public class DeleteDatasetResponse extends ActionResponse implements ToXContentObject {

    private final String index;
    private final boolean indexDeleted;
    private final boolean pipelineDeleted;

    public DeleteDatasetResponse(String index, boolean indexDeleted, boolean pipelineDeleted) {
        this.index = index;
        this.indexDeleted = indexDeleted;
        this.pipelineDeleted = pipelineDeleted;
    }

    public DeleteDatasetResponse(StreamInput in) throws IOException {
        super(in);
        this.index = in.readString();
        this.indexDeleted = in.readBoolean();
        this.pipelineDeleted = in.readBoolean();
    }

    public boolean indexDeleted() {
        return indexDeleted;
    }

    public boolean pipelineDeleted() {
        return pipelineDeleted;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(index);
        out.writeBoolean(indexDeleted);
        out.writeBoolean(pipelineDeleted);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        return builder.startObject()
            .field("acknowledged", true)
            .field("index", index)
            .field("index_deleted", indexDeleted)
            .field("pipeline_deleted", pipelineDeleted)
            .endObject();
    }
}
