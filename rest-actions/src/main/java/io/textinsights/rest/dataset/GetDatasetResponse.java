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
import java.util.List;

/** One dataset (rendered as that dataset) or all of them (rendered as {@code {"datasets": [...]}}). */
public class GetDatasetResponse extends ActionResponse implements ToXContentObject {

    private final boolean single;
    private final List<DatasetResponse> datasets;

    public GetDatasetResponse(boolean single, List<DatasetResponse> datasets) {
        this.single = single;
        this.datasets = datasets;
    }

    public GetDatasetResponse(StreamInput in) throws IOException {
        super(in);
        this.single = in.readBoolean();
        this.datasets = in.readList(DatasetResponse::new);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeBoolean(single);
        out.writeList(datasets);
    }

    public List<DatasetResponse> datasets() {
        return datasets;
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        if (single) {
            return datasets.get(0).toXContent(builder, params);
        }
        builder.startObject();
        builder.startArray("datasets");
        for (DatasetResponse dataset : datasets) {
            dataset.toXContent(builder, params);
        }
        builder.endArray();
        return builder.endObject();
    }
}
