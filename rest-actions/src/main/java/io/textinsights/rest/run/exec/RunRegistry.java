/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.exec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs coordinated by this node, with their tasks: GET of a run on this node shows its live phase and percent. That
 * one run runs per dataset across the cluster is {@code store.DatasetLocks}' job, not this registry's.
 */
public final class RunRegistry {

    /** A run in progress; {@code task} is null until its task is registered. */
    public record Active(String runId, String index, RunTask task) {}

    private final Map<String, Active> byIndex = new ConcurrentHashMap<>();

    /** Returns null when the run may start, or the run that already holds the index. */
    public Active tryStart(String index, String runId) {
        return byIndex.putIfAbsent(index, new Active(runId, index, null));
    }

    public void attach(String index, String runId, RunTask task) {
        byIndex.computeIfPresent(index, (i, active) -> active.runId().equals(runId) ? new Active(runId, index, task) : active);
    }

    public void finish(String index, String runId) {
        byIndex.computeIfPresent(index, (i, active) -> active.runId().equals(runId) ? null : active);
    }

    public Active byRunId(String runId) {
        return byIndex.values().stream().filter(a -> a.runId().equals(runId)).findFirst().orElse(null);
    }

    public Active byIndex(String index) {
        return byIndex.get(index);
    }
}
