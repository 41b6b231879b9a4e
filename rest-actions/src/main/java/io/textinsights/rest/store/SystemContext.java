/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.store;

import io.textinsights.rest.schema.ResultsTarget;

import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionType;
import org.opensearch.action.support.ContextPreservingActionListener;
import org.opensearch.common.util.concurrent.ThreadContext;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.transport.client.Client;
import org.opensearch.transport.client.FilterClient;

import java.util.function.Consumer;

/**
 * Calls on the plugin's own indices (runs, clusters, results) made as the system rather than as the calling user, who
 * has no reason to hold permissions on them; the answer comes back in the caller's thread context. Never used for
 * the user's own indices, which are read with the user's permissions.
 */
public final class SystemContext {

    private SystemContext() {}

    public static <T> void run(Client client, Consumer<ActionListener<T>> call, ActionListener<T> listener) {
        ThreadContext threadContext = client.threadPool().getThreadContext();
        ActionListener<T> preserving = new ContextPreservingActionListener<>(threadContext.newRestorableContext(false), listener);
        try (ThreadContext.StoredContext ignored = threadContext.stashContext()) {
            call.accept(preserving);
        }
    }

    /**
     * A client whose every call runs as the system, for code that only reads or writes the plugin's own indices (a
     * run's results index) and should not care which context it is in; the answers come back in the caller's context.
     */
    public static Client client(Client client) {
        return new FilterClient(client) {
            @Override
            protected <Request extends ActionRequest, Response extends ActionResponse> void doExecute(
                ActionType<Response> action,
                Request request,
                ActionListener<Response> listener
            ) {
                SystemContext.run(in(), l -> super.doExecute(action, request, l), listener);
            }
        };
    }

    /** The client for a run's per-sample results: as the system in its own results index, as the caller in the dataset. */
    public static Client forResults(Client client, ResultsLocation results) {
        return results.target() == ResultsTarget.RESULTS ? client(client) : client;
    }
}
