/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.api;

import io.textinsights.rest.access.RunsAccess;
import io.textinsights.rest.store.RunDocument;
import io.textinsights.rest.store.RunStore;

import org.opensearch.ExceptionsHelper;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.tasks.Task;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Runs, newest first; cluster lists are left out (GET one run for those). */
public class TransportListRunsAction extends HandledTransportAction<ListRunsRequest, ListRunsResponse> {

    private final RunStore store;
    private final Client client;

    @Inject
    public TransportListRunsAction(TransportService transportService, ActionFilters actionFilters, RunStore store, Client client) {
        super(ListRunsAction.NAME, transportService, actionFilters, ListRunsRequest::new);
        this.store = store;
        this.client = client;
    }

    @Override
    protected void doExecute(Task task, ListRunsRequest request, ActionListener<ListRunsResponse> listener) {
        if (request.index() != null) {
            // One dataset: a caller who may not read it is told so (403), as a search of it would.
            RunsAccess.read(client, request.index(), ActionListener.wrap(allowed -> list(request, Set.of(request.index()), listener),
                listener::onFailure));
        } else {
            list(request, null, listener);
        }
    }

    /** The runs, of the datasets the caller may read ({@code readable}, or each checked when null). */
    private void list(ListRunsRequest request, Set<String> readable, ActionListener<ListRunsResponse> listener) {
        store.listRuns(request.index(), null, request.size(), ActionListener.wrap(runs -> {
            ActionListener<Set<String>> answer = ActionListener.wrap(allowed -> {
                List<Map<String, Object>> summaries = runs.stream().filter(run -> allowed.contains(run.get(RunDocument.INDEX))).map(run -> {
                    Map<String, Object> summary = new LinkedHashMap<>(run);
                    summary.remove("clusters");
                    return summary;
                }).toList();
                listener.onResponse(new ListRunsResponse(summaries));
            }, listener::onFailure);
            if (readable != null) {
                answer.onResponse(readable);
            } else {
                Set<String> datasets = new TreeSet<>();
                runs.forEach(run -> datasets.add((String) run.get(RunDocument.INDEX)));
                readable(new ArrayList<>(datasets), new HashSet<>(), answer);
            }
        }, listener::onFailure));
    }

    /** Keeps the datasets whose runs the caller may read; only a refusal (403) leaves one out, any other failure fails. */
    private void readable(List<String> datasets, Set<String> allowed, ActionListener<Set<String>> listener) {
        if (datasets.isEmpty()) {
            listener.onResponse(allowed);
            return;
        }
        String dataset = datasets.remove(datasets.size() - 1);
        RunsAccess.read(client, dataset, ActionListener.wrap(ok -> {
            allowed.add(dataset);
            readable(datasets, allowed, listener);
        }, e -> {
            if (ExceptionsHelper.status(e) == RestStatus.FORBIDDEN) {
                readable(datasets, allowed, listener);
            } else {
                listener.onFailure(e);
            }
        }));
    }
}
