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
import java.util.Map;

/**
 * One dataset: its index, pipeline and spec; {@code docCount} and {@code pipelineExists} are filled in by GET.
 */
public class DatasetResponse extends ActionResponse implements ToXContentObject {

    private final String index;
    private final String pipeline;
    private final boolean pipelineExists;
    private final Long docCount;
    private final Map<String, Object> dataset;

    public DatasetResponse(String index, String pipeline, boolean pipelineExists, Long docCount, Map<String, Object> dataset) {
        this.index = index;
        this.pipeline = pipeline;
        this.pipelineExists = pipelineExists;
        this.docCount = docCount;
        this.dataset = dataset;
    }

    public DatasetResponse(StreamInput in) throws IOException {
        super(in);
        this.index = in.readString();
        this.pipeline = in.readString();
        this.pipelineExists = in.readBoolean();
        this.docCount = in.readOptionalLong();
        this.dataset = in.readMap();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(index);
        out.writeString(pipeline);
        out.writeBoolean(pipelineExists);
        out.writeOptionalLong(docCount);
        out.writeMap(dataset);
    }

    public String index() {
        return index;
    }

    public Long docCount() {
        return docCount;
    }

    public Map<String, Object> dataset() {
        return dataset;
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        builder.field("index", index);
        builder.field("pipeline", pipeline);
        builder.field("pipeline_exists", pipelineExists);
        if (docCount != null) {
            builder.field("doc_count", docCount);
        }
        builder.field("dataset", dataset);
        return builder.endObject();
    }
}
