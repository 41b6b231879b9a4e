/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run;

import org.opensearch.ResourceNotFoundException;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.tasks.Task;
import org.opensearch.transport.TransportService;

import java.util.LinkedHashMap;
import java.util.Map;

/** A run as stored; while it runs on this node, with its live phase and percent. */
public class TransportGetRunAction extends HandledTransportAction<GetRunRequest, RunResponse> {

    private final RunStore store;
    private final RunRegistry registry;

    @Inject
    public TransportGetRunAction(TransportService transportService, ActionFilters actionFilters, RunStore store, RunRegistry registry) {
        super(GetRunAction.NAME, transportService, actionFilters, GetRunRequest::new);
        this.store = store;
        this.registry = registry;
    }

    @Override
    protected void doExecute(Task task, GetRunRequest request, ActionListener<RunResponse> listener) {
        store.getRun(request.runId(), ActionListener.wrap(stored -> {
            if (stored == null) {
                listener.onFailure(new ResourceNotFoundException("run [" + request.runId() + "] does not exist: GET /_plugins/_text_insights/runs lists the runs"));
                return;
            }
            Map<String, Object> run = new LinkedHashMap<>(stored);
            RunRegistry.Active active = registry.byRunId(request.runId());
            if (active != null && active.task() != null && RunDocument.RUNNING.equals(run.get("state"))) {
                RunDocument.progress(run, active.task().phase(), active.task().percent());
            }
            RunDocument.sortClusters(run, request.sort());
            listener.onResponse(new RunResponse(run));
        }, listener::onFailure));
    }
}
