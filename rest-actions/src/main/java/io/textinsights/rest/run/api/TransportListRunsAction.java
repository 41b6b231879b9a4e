/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.api;

import io.textinsights.rest.store.RunStore;

import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.tasks.Task;
import org.opensearch.transport.TransportService;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs, newest first; cluster lists are left out (GET one run for those). */
public class TransportListRunsAction extends HandledTransportAction<ListRunsRequest, ListRunsResponse> {

    private final RunStore store;

    @Inject
    public TransportListRunsAction(TransportService transportService, ActionFilters actionFilters, RunStore store) {
        super(ListRunsAction.NAME, transportService, actionFilters, ListRunsRequest::new);
        this.store = store;
    }

    @Override
    protected void doExecute(Task task, ListRunsRequest request, ActionListener<ListRunsResponse> listener) {
        store.listRuns(request.index(), null, request.size(), ActionListener.wrap(runs -> {
            List<Map<String, Object>> summaries = runs.stream().map(run -> {
                Map<String, Object> summary = new LinkedHashMap<>(run);
                summary.remove("clusters");
                return summary;
            }).toList();
            listener.onResponse(new ListRunsResponse(summaries));
        }, listener::onFailure));
    }
}
