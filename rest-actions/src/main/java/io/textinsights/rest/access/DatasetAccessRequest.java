/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.access;

import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.IndicesRequest;
import org.opensearch.action.support.IndicesOptions;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;

/** Names the one dataset whose runs a request reads or changes, so the dataset's index permissions apply. */
public class DatasetAccessRequest extends ActionRequest implements IndicesRequest {

    private final String dataset;

    public DatasetAccessRequest(String dataset) {
        this.dataset = dataset;
    }

    public DatasetAccessRequest(StreamInput in) throws IOException {
        super(in);
        this.dataset = in.readString();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(dataset);
    }

    public String dataset() {
        return dataset;
    }

    @Override
    public String[] indices() {
        return new String[] { dataset };
    }

    /** As a document GET names its index: one concrete index, no wildcards. */
    @Override
    public IndicesOptions indicesOptions() {
        return IndicesOptions.strictSingleIndexNoExpandForbidClosed();
    }

    @Override
    public ActionRequestValidationException validate() {
        if (dataset == null || dataset.isEmpty()) {
            ActionRequestValidationException e = new ActionRequestValidationException();
            e.addValidationError("[dataset] is required");
            return e;
        }
        return null;
    }
}
