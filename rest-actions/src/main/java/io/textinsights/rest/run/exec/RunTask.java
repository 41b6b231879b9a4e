/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.exec;

import org.opensearch.core.tasks.TaskId;
import org.opensearch.tasks.CancellableTask;

import java.util.Map;

/**
 * The task of a running run: cancel it with {@code POST _tasks/{task}/_cancel}; {@code GET _tasks/{task}} shows its
 * phase and percent. Cancelling it cancels its shard passes too.
 */
public class RunTask extends CancellableTask {

    private final String runId;
    private volatile String phase = "starting";
    private volatile int percent;

    public RunTask(long id, String type, String action, String runId, TaskId parentTaskId, Map<String, String> headers) {
        super(id, type, action, "text insights run [" + runId + "]", parentTaskId, headers);
        this.runId = runId;
    }

    @Override
    public boolean shouldCancelChildrenOnCancellation() {
        return true;
    }

    public void progress(String phase, int percent) {
        this.phase = phase;
        this.percent = Math.clamp(percent, 0, 100);
    }

    public String phase() {
        return phase;
    }

    public int percent() {
        return percent;
    }

    @Override
    public Status getStatus() {
        return new RunTaskStatus(runId, phase, percent);
    }
}
