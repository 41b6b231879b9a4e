/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.dataset;

import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;

/** One dataset by index name, or every dataset when the index is null. */
public class GetDatasetRequest extends ActionRequest {

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
}
