/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.api;

import io.textinsights.rest.run.spec.RunParameters;

import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.IndicesRequest;
import org.opensearch.action.support.IndicesOptions;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;
import java.util.List;

/** A parsed run body (or the problems found while parsing it) and whether to wait for the result. */
public class StartRunRequest extends ActionRequest implements IndicesRequest {

    private final RunParameters parameters;
    private final List<String> problems;
    private final boolean waitForCompletion;

    public StartRunRequest(RunParameters parameters, List<String> problems, boolean waitForCompletion) {
        this.parameters = parameters;
        this.problems = List.copyOf(problems);
        this.waitForCompletion = waitForCompletion;
    }

    public StartRunRequest(StreamInput in) throws IOException {
        super(in);
        this.parameters = in.readBoolean() ? RunParameters.readFrom(in) : null;
        this.problems = in.readStringList();
        this.waitForCompletion = in.readBoolean();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeBoolean(parameters != null);
        if (parameters != null) {
            parameters.writeTo(out);
        }
        out.writeStringCollection(problems);
        out.writeBoolean(waitForCompletion);
    }

    public RunParameters parameters() {
        return parameters;
    }

    public boolean waitForCompletion() {
        return waitForCompletion;
    }

    @Override
    public ActionRequestValidationException validate() {
        if (problems.isEmpty() && parameters != null) {
            return null;
        }
        ActionRequestValidationException e = new ActionRequestValidationException();
        e.addValidationErrors(problems.isEmpty() ? List.of("the run body is missing") : problems);
        return e;
    }

    /** The dataset the run reads, so its index permissions apply to the caller (as for a search of it). */
    @Override
    public String[] indices() {
        return parameters == null || parameters.index() == null ? new String[0] : new String[] { parameters.index() };
    }

    @Override
    public IndicesOptions indicesOptions() {
        return IndicesOptions.strictSingleIndexNoExpandForbidClosed();
    }
}
