/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.api;

import static org.opensearch.action.ValidateActions.addValidationError;

import io.textinsights.rest.store.RunDocument;

import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;

/** One run by id, its clusters sorted by {@code sort} ({@code field[:asc|desc]}). */
public class GetRunRequest extends ActionRequest {

    private final String runId;
    private final String sort;

    public GetRunRequest(String runId, String sort) {
        this.runId = runId;
        this.sort = sort;
    }

    public GetRunRequest(StreamInput in) throws IOException {
        super(in);
        this.runId = in.readString();
        this.sort = in.readOptionalString();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(runId);
        out.writeOptionalString(sort);
    }

    public String runId() {
        return runId;
    }

    public String sort() {
        return sort;
    }

    @Override
    public ActionRequestValidationException validate() {
        String problem = RunDocument.checkSort(sort);
        return problem == null ? null : addValidationError(problem, null);
    }
}
