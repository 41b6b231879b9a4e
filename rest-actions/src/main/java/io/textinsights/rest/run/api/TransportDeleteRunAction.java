/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.api;

import io.textinsights.rest.run.exec.RunDocument;
import io.textinsights.rest.store.RunStore;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.tasks.Task;
import org.opensearch.transport.TransportService;

import java.util.LinkedHashMap;
import java.util.Map;

/** Deletes a run that is not running (cancel it first), its cluster documents and, if asked, its fields in the samples. */
public class TransportDeleteRunAction extends HandledTransportAction<DeleteRunRequest, RunResponse> {

    private final RunStore store;

    @Inject
    public TransportDeleteRunAction(TransportService transportService, ActionFilters actionFilters, RunStore store) {
        super(DeleteRunAction.NAME, transportService, actionFilters, DeleteRunRequest::new);
        this.store = store;
    }

    @Override
    protected void doExecute(Task task, DeleteRunRequest request, ActionListener<RunResponse> listener) {
        store.getRun(request.runId(), ActionListener.wrap(run -> {
            if (run == null) {
                listener.onFailure(new ResourceNotFoundException("run [" + request.runId() + "] does not exist"));
                return;
            }
            if (RunDocument.RUNNING.equals(run.get("state"))) {
                listener.onFailure(new OpenSearchStatusException("run [" + request.runId() + "] is still running: cancel it first with "
                    + "POST _tasks/" + run.get("task") + "/_cancel", RestStatus.CONFLICT));
                return;
            }
            String index = request.clearFields() ? (String) run.get("index") : null;
            store.deleteRun(request.runId(), index, ActionListener.wrap(cleared -> {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("acknowledged", true);
                answer.put("run_id", request.runId());
                answer.put("cleared_documents", cleared);
                listener.onResponse(new RunResponse(answer));
            }, listener::onFailure));
        }, listener::onFailure));
    }
}
