/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.dataset;

import static org.opensearch.action.ValidateActions.addValidationError;

import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.IndicesRequest;
import org.opensearch.action.support.IndicesOptions;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;

/** Removes the dataset's pipeline; with {@code deleteIndex} also the index and all its documents. */
public class DeleteDatasetRequest extends ActionRequest implements IndicesRequest {

    private final String index;
    private final boolean deleteIndex;

    public DeleteDatasetRequest(String index, boolean deleteIndex) {
        this.index = index;
        this.deleteIndex = deleteIndex;
    }

    public DeleteDatasetRequest(StreamInput in) throws IOException {
        super(in);
        this.index = in.readString();
        this.deleteIndex = in.readBoolean();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(index);
        out.writeBoolean(deleteIndex);
    }

    public String index() {
        return index;
    }

    public boolean deleteIndex() {
        return deleteIndex;
    }

    @Override
    public ActionRequestValidationException validate() {
        if (index == null || index.isEmpty()) {
            return addValidationError("index name is required: DELETE /_plugins/_text_insights/datasets/{index}", null);
        }
        return null;
    }

    /** The dataset's index, so the caller's index permissions on it apply (as for creating or deleting the index). */
    @Override
    public String[] indices() {
        return index == null ? new String[0] : new String[] { index };
    }

    @Override
    public IndicesOptions indicesOptions() {
        return IndicesOptions.strictSingleIndexNoExpandForbidClosed();
    }
}
