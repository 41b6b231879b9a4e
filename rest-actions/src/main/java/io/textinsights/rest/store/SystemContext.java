/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.store;

import org.opensearch.action.support.ContextPreservingActionListener;
import org.opensearch.common.util.concurrent.ThreadContext;
import org.opensearch.core.action.ActionListener;
import org.opensearch.transport.client.Client;

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
}
