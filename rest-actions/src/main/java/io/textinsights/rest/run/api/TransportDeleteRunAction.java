/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.api;

import io.textinsights.rest.access.RunsAccess;
import io.textinsights.rest.run.spec.RunResponse;
import io.textinsights.rest.schema.ResultsTarget;
import io.textinsights.rest.store.ResultsStore;
import io.textinsights.rest.store.RunDocument;
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
import org.opensearch.transport.client.Client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deletes a run that is not running (cancel it first): its run and cluster documents, its results index and, for an
 * in-place run when asked ({@code clear_fields=true}), the fields it wrote into the dataset's documents.
 */
public class TransportDeleteRunAction extends HandledTransportAction<DeleteRunRequest, RunResponse> {

    private final RunStore store;
    private final ResultsStore resultsStore;
    private final Client client;

    @Inject
    public TransportDeleteRunAction(
        TransportService transportService,
        ActionFilters actionFilters,
        RunStore store,
        ResultsStore resultsStore,
        Client client
    ) {
        super(DeleteRunAction.NAME, transportService, actionFilters, DeleteRunRequest::new);
        this.store = store;
        this.resultsStore = resultsStore;
        this.client = client;
    }

    @Override
    protected void doExecute(Task task, DeleteRunRequest request, ActionListener<RunResponse> listener) {
        store.getRun(request.runId(), ActionListener.wrap(run -> {
            if (run == null) {
                listener.onFailure(new ResourceNotFoundException("run [" + request.runId() + "] does not exist"));
                return;
            }
            RunsAccess.write(client, (String) run.get(RunDocument.INDEX), ActionListener.wrap(allowed -> delete(request, run, listener),
                listener::onFailure));
        }, listener::onFailure));
    }

    private void delete(DeleteRunRequest request, Map<String, Object> run, ActionListener<RunResponse> listener) {
        if (RunDocument.RUNNING.equals(run.get("state"))) {
            listener.onFailure(new OpenSearchStatusException("run [" + request.runId() + "] is still running: cancel it first with "
                + "POST _tasks/" + run.get("task") + "/_cancel", RestStatus.CONFLICT));
            return;
        }
        boolean inPlace = RunDocument.resultsTarget(run) == ResultsTarget.DATASET || RunDocument.resultsTarget(run) == null;
        String clearIndex = request.clearFields() && inPlace ? (String) run.get(RunDocument.INDEX) : null;
        // Only an index that may still exist: a dropped or discarded run's is gone already.
        String state = RunDocument.resultsState(run);
        boolean present = RunDocument.RESULTS_COMPLETE.equals(state) || RunDocument.RESULTS_WRITING.equals(state)
            || (RunDocument.section(run, RunDocument.RESULTS).get("leftover") != null);
        String resultsIndex = RunDocument.resultsTarget(run) == ResultsTarget.RESULTS && present
            && RunDocument.section(run, RunDocument.RESULTS).get("index") instanceof String s ? s : null;
        // The results first: a run document whose results are gone would still say where they were.
        ActionListener<Void> deleteRun = ActionListener.wrap(dropped -> store.deleteRun(request.runId(), clearIndex, ActionListener.wrap(
            cleared -> {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("acknowledged", true);
                answer.put("run_id", request.runId());
                answer.put("results_index_deleted", resultsIndex);
                answer.put("cleared_documents", cleared);
                listener.onResponse(new RunResponse(answer));
            },
            listener::onFailure
        )), listener::onFailure);
        if (resultsIndex == null) {
            deleteRun.onResponse(null);
        } else {
            resultsStore.drop(resultsIndex, deleteRun);
        }
    }
}
