/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.exec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opensearch.core.tasks.TaskId;
import org.opensearch.tasks.Task;
import org.opensearch.tasks.TaskInfo;
import org.opensearch.tasks.TaskResult;

import java.util.Map;

/**
 * What a run's recorded task id may name once its node restarted (same node id, task ids counted from 1 again): only
 * the run itself, still running, keeps the run alive.
 */
class StaleRunsTests {

    private static TaskResult task(boolean completed, String action, Task.Status status) {
        TaskInfo info = new TaskInfo(new TaskId("node-a", 42), "transport", action, "some task", status, 0L, 1_000L, true, false,
            TaskId.EMPTY_TASK_ID, Map.of(), null);
        return new TaskResult(completed, info);
    }

    @Test
    void theRunsOwnTaskStillRunningKeepsItAlive() {
        assertTrue(StaleRuns.isRunning(task(false, ExecuteRunAction.NAME, new RunTaskStatus("r1", "assigning", 80)), "r1"));
    }

    @Test
    void anotherRunUnderTheSameIdDoesNot() {
        assertFalse(StaleRuns.isRunning(task(false, ExecuteRunAction.NAME, new RunTaskStatus("r2", "clustering", 10)), "r1"));
    }

    @Test
    void anotherKindOfTaskUnderTheSameIdDoesNot() {
        assertFalse(StaleRuns.isRunning(task(false, "indices:data/read/search", null), "r1"));
    }

    @Test
    void aFinishedTaskDoesNot() {
        assertFalse(StaleRuns.isRunning(task(true, ExecuteRunAction.NAME, new RunTaskStatus("r1", "done", 100)), "r1"));
    }
}
