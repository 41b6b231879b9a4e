/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.access;

import org.opensearch.action.ActionType;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.action.support.clustermanager.AcknowledgedResponse;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.tasks.Task;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;

/**
 * Who may see or change a dataset's runs is who may read or write the dataset. Runs, clusters and results are kept
 * in the plugin's own indices and read there as the system, so before an endpoint answers with a run (found by its
 * id) it executes one of these two actions, in the caller's thread context, naming the run's dataset: the security
 * plugin checks the caller's index permissions on the dataset for it, as for any {@code indices:} action, and
 * answers 403 when they are missing. Without the security plugin they do nothing.
 */
public final class RunsAccess {

    /** Read a run of the dataset: its document, clusters, samples, map, metrics and alerts (the {@code read} group). */
    public static final ActionType<AcknowledgedResponse> READ = new ActionType<>(
        "indices:data/read/text_insights/run/read",
        AcknowledgedResponse::new
    );

    /** Change a run of the dataset: delete it, write its summaries (the {@code write} group). */
    public static final ActionType<AcknowledgedResponse> WRITE = new ActionType<>(
        "indices:data/write/text_insights/run/write",
        AcknowledgedResponse::new
    );

    private RunsAccess() {}

    /** Goes on with {@code next} if the caller may read the runs of {@code dataset}, else fails the listener (403). */
    public static void read(Client client, String dataset, ActionListener<Void> next) {
        check(client, READ, dataset, next);
    }

    /** Goes on with {@code next} if the caller may change the runs of {@code dataset}, else fails the listener (403). */
    public static void write(Client client, String dataset, ActionListener<Void> next) {
        check(client, WRITE, dataset, next);
    }

    private static void check(Client client, ActionType<AcknowledgedResponse> action, String dataset, ActionListener<Void> next) {
        client.execute(action, new DatasetAccessRequest(dataset), ActionListener.wrap(allowed -> next.onResponse(null), next::onFailure));
    }

    /** What both actions do once the filters let them through: nothing. */
    abstract static class Check extends HandledTransportAction<DatasetAccessRequest, AcknowledgedResponse> {

        Check(String name, TransportService transportService, ActionFilters actionFilters) {
            super(name, transportService, actionFilters, DatasetAccessRequest::new);
        }

        @Override
        protected void doExecute(Task task, DatasetAccessRequest request, ActionListener<AcknowledgedResponse> listener) {
            listener.onResponse(new AcknowledgedResponse(true));
        }
    }

    public static final class TransportRead extends Check {
        @Inject
        public TransportRead(TransportService transportService, ActionFilters actionFilters) {
            super(READ.name(), transportService, actionFilters);
        }
    }

    public static final class TransportWrite extends Check {
        @Inject
        public TransportWrite(TransportService transportService, ActionFilters actionFilters) {
            super(WRITE.name(), transportService, actionFilters);
        }
    }
}
