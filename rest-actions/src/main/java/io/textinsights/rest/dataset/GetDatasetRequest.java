/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.dataset;

import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.IndicesRequest;
import org.opensearch.action.support.IndicesOptions;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;

/** One dataset by index name, or every dataset when the index is null. */
public class GetDatasetRequest extends ActionRequest implements IndicesRequest {

    private final String index;

    public GetDatasetRequest(String index) {
        this.index = index;
    }

    public GetDatasetRequest(StreamInput in) throws IOException {
        super(in);
        this.index = in.readOptionalString();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeOptionalString(index);
    }

    public String index() {
        return index;
    }

    @Override
    public ActionRequestValidationException validate() {
        return null;
    }

    /** The dataset, so the caller's index permissions on it apply; a listing of all datasets names every index. */
    @Override
    public String[] indices() {
        return new String[] { index == null ? "*" : index };
    }

    @Override
    public IndicesOptions indicesOptions() {
        return index == null ? IndicesOptions.lenientExpandOpen() : IndicesOptions.strictSingleIndexNoExpandForbidClosed();
    }
}
