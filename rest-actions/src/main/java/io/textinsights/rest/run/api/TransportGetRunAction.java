/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.api;

import io.textinsights.rest.run.exec.RunRegistry;
import io.textinsights.rest.run.spec.RunResponse;
import io.textinsights.rest.schema.ResultsTarget;
import io.textinsights.rest.store.ResultsStore;
import io.textinsights.rest.store.RunDocument;
import io.textinsights.rest.store.RunStore;

import org.opensearch.ExceptionsHelper;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.action.admin.cluster.node.tasks.get.GetTaskRequest;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.tasks.TaskId;
import org.opensearch.tasks.Task;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run as stored; while it runs on this node, with its live phase and percent. A run recorded as running whose task no
 * longer exists (its node left or restarted) is reported, and recorded, as failed.
 */
public class TransportGetRunAction extends HandledTransportAction<GetRunRequest, RunResponse> {

    private final RunStore store;
    private final ResultsStore resultsStore;
    private final RunRegistry registry;
    private final Client client;

    @Inject
    public TransportGetRunAction(
        TransportService transportService,
        ActionFilters actionFilters,
        RunStore store,
        ResultsStore resultsStore,
        RunRegistry registry,
        Client client
    ) {
        super(GetRunAction.NAME, transportService, actionFilters, GetRunRequest::new);
        this.store = store;
        this.resultsStore = resultsStore;
        this.registry = registry;
        this.client = client;
    }

    /** The unpublished results index a dead run left behind is deleted: it could only ever be partial. */
    private void discardResults(Map<String, Object> run, ActionListener<Void> listener) {
        Object index = RunDocument.section(run, RunDocument.RESULTS).get("index");
        if (RunDocument.resultsTarget(run) != ResultsTarget.RESULTS || !(index instanceof String resultsIndex)) {
            RunDocument.updateResults(run, Map.of("state", RunDocument.RESULTS_DISCARDED));
            listener.onResponse(null);
            return;
        }
        resultsStore.drop(resultsIndex, ActionListener.wrap(dropped -> {
            RunDocument.updateResults(run, Map.of("state", RunDocument.RESULTS_DISCARDED));
            listener.onResponse(null);
        }, e -> {
            RunDocument.updateResults(run, Map.of("state", RunDocument.RESULTS_DISCARDED, "leftover", resultsIndex));
            listener.onResponse(null);
        }));
    }

    @Override
    protected void doExecute(Task task, GetRunRequest request, ActionListener<RunResponse> listener) {
        store.getRun(request.runId(), ActionListener.wrap(stored -> {
            if (stored == null) {
                listener.onFailure(new ResourceNotFoundException("run [" + request.runId() + "] does not exist: GET /_plugins/_text_insights/runs lists the runs"));
                return;
            }
            Map<String, Object> run = new LinkedHashMap<>(stored);
            RunDocument.sortClusters(run, request.sort());
            if (RunDocument.RUNNING.equals(run.get("state")) == false) {
                listener.onResponse(new RunResponse(run));
                return;
            }
            RunRegistry.Active active = registry.byRunId(request.runId());
            if (active != null) {
                if (active.task() != null) {
                    RunDocument.progress(run, active.task().phase(), active.task().percent());
                }
                listener.onResponse(new RunResponse(run));
                return;
            }
            if (!(run.get("task") instanceof String runTask)) {
                listener.onResponse(new RunResponse(run)); // just started: its task is not recorded yet
                return;
            }
            client.admin().cluster().getTask(new GetTaskRequest().setTaskId(new TaskId(runTask)), ActionListener.wrap(
                alive -> listener.onResponse(new RunResponse(run)),
                e -> {
                    if (!(ExceptionsHelper.unwrapCause(e) instanceof ResourceNotFoundException)) {
                        listener.onResponse(new RunResponse(run)); // cannot tell: show what is stored
                        return;
                    }
                    RunDocument.ended(run, RunDocument.FAILED, "node_left_exception",
                        "the run's task [" + runTask + "] no longer exists: the node running it left or restarted; start the run again",
                        System.currentTimeMillis());
                    discardResults(run, ActionListener.wrap(
                        discarded -> store.saveRun(request.runId(), run, ActionListener.wrap(
                            saved -> listener.onResponse(new RunResponse(run)),
                            saveFailure -> listener.onResponse(new RunResponse(run))
                        )),
                        listener::onFailure
                    ));
                }
            ));
        }, listener::onFailure));
    }
}
