/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.api;

import io.textinsights.rest.access.RunsAccess;
import io.textinsights.rest.run.exec.RunRegistry;
import io.textinsights.rest.run.exec.StaleRuns;
import io.textinsights.rest.run.spec.RunResponse;
import io.textinsights.rest.store.RunDocument;
import io.textinsights.rest.store.RunStore;

import org.opensearch.ResourceNotFoundException;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.tasks.Task;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run as stored; while it runs on this node, with its live phase and percent. A run recorded as running whose node
 * left or restarted is answered as failed; the cluster manager records it so ({@link StaleRuns}): reading never writes.
 */
public class TransportGetRunAction extends HandledTransportAction<GetRunRequest, RunResponse> {

    private final RunStore store;
    private final StaleRuns staleRuns;
    private final RunRegistry registry;
    private final Client client;

    @Inject
    public TransportGetRunAction(
        TransportService transportService,
        ActionFilters actionFilters,
        RunStore store,
        StaleRuns staleRuns,
        RunRegistry registry,
        Client client
    ) {
        super(GetRunAction.NAME, transportService, actionFilters, GetRunRequest::new);
        this.store = store;
        this.staleRuns = staleRuns;
        this.registry = registry;
        this.client = client;
    }

    @Override
    protected void doExecute(Task task, GetRunRequest request, ActionListener<RunResponse> listener) {
        store.getRun(request.runId(), ActionListener.wrap(stored -> {
            if (stored == null) {
                listener.onFailure(new ResourceNotFoundException("run [" + request.runId() + "] does not exist: GET /_plugins/_text_insights/runs lists the runs"));
                return;
            }
            RunsAccess.read(client, (String) stored.get(RunDocument.INDEX), ActionListener.wrap(
                allowed -> answer(request, new LinkedHashMap<>(stored), listener), listener::onFailure));
        }, listener::onFailure));
    }

    private void answer(GetRunRequest request, Map<String, Object> run, ActionListener<RunResponse> listener) {
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
        // Read only: if its node left or restarted, the answer says failed at once; the cluster manager records it.
        staleRuns.check(run, ActionListener.wrap(reason -> {
            if (reason != null) {
                RunDocument.ended(run, RunDocument.FAILED, "node_left_exception", reason, 500, System.currentTimeMillis());
            }
            listener.onResponse(new RunResponse(run));
        }, listener::onFailure));
    }
}
