/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.api;

import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;

/** Removes a finished run and its cluster documents; with {@code clearFields} also what it wrote into the samples. */
public class DeleteRunRequest extends ActionRequest {

    private final String runId;
    private final boolean clearFields;

    public DeleteRunRequest(String runId, boolean clearFields) {
        this.runId = runId;
        this.clearFields = clearFields;
    }

    public DeleteRunRequest(StreamInput in) throws IOException {
        super(in);
        this.runId = in.readString();
        this.clearFields = in.readBoolean();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(runId);
        out.writeBoolean(clearFields);
    }

    public String runId() {
        return runId;
    }

    public boolean clearFields() {
        return clearFields;
    }

    @Override
    public ActionRequestValidationException validate() {
        return null;
    }
}
