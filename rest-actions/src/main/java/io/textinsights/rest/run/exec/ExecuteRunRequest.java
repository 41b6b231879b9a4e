/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.exec;

import io.textinsights.rest.run.spec.RunParameters;

import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.IndicesRequest;
import org.opensearch.action.support.IndicesOptions;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.tasks.TaskId;
import org.opensearch.tasks.Task;

import java.io.IOException;
import java.util.Map;

/** Internal: executes a run that {@link TransportStartRunAction} checked and recorded. */
public class ExecuteRunRequest extends ActionRequest implements IndicesRequest {

    private final String runId;
    private final RunParameters parameters;
    private final Map<String, Object> runDocument;

    public ExecuteRunRequest(String runId, RunParameters parameters, Map<String, Object> runDocument) {
        this.runId = runId;
        this.parameters = parameters;
        this.runDocument = runDocument;
    }

    public ExecuteRunRequest(StreamInput in) throws IOException {
        super(in);
        this.runId = in.readString();
        this.parameters = RunParameters.readFrom(in);
        this.runDocument = in.readMap();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(runId);
        parameters.writeTo(out);
        out.writeMap(runDocument);
    }

    public String runId() {
        return runId;
    }

    public RunParameters parameters() {
        return parameters;
    }

    public Map<String, Object> runDocument() {
        return runDocument;
    }

    @Override
    public ActionRequestValidationException validate() {
        return null;
    }

    @Override
    public Task createTask(long id, String type, String action, TaskId parentTaskId, Map<String, String> headers) {
        return new RunTask(id, type, action, runId, parentTaskId, headers);
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
