/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.exec;

import io.textinsights.rest.run.shard.ShardPassStatus;

import org.opensearch.action.admin.cluster.node.tasks.list.ListTasksRequest;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.tasks.TaskId;
import org.opensearch.tasks.TaskInfo;
import org.opensearch.threadpool.Scheduler;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.client.Client;

/**
 * Live progress of a run's long passes (assigning and writing every document takes most of a run at scale): while
 * open, it reads the run's shard tasks ({@link ShardPassStatus}, wherever they run) every second and moves the run's
 * percent from 75 towards 95 by the share of documents the assigning shards have read.
 */
final class AssignProgress implements AutoCloseable {

    static final TimeValue INTERVAL = TimeValue.timeValueSeconds(1);
    private static final int FROM = 75;
    private static final int TO = 95;

    private final Scheduler.Cancellable poll;

    AssignProgress(Client client, ThreadPool threadPool, TaskId runTask, RunTask task) {
        this.poll = threadPool.scheduleWithFixedDelay(() -> {
            if ("assigning".equals(task.phase()) == false) {
                return;
            }
            ListTasksRequest request = new ListTasksRequest().setParentTaskId(runTask).setDetailed(true);
            client.admin().cluster().listTasks(request, ActionListener.wrap(response -> {
                long total = 0;
                long done = 0;
                for (TaskInfo info : response.getTasks()) {
                    if (info.getStatus() instanceof ShardPassStatus status && "ASSIGN".equals(status.op())) {
                        total += status.total();
                        done += Math.min(status.done(), status.total());
                    }
                }
                // Shards that finished leave the list: never move backwards.
                if (total > 0 && "assigning".equals(task.phase()) && FROM + (TO - FROM) * done / total > task.percent()) {
                    task.progress("assigning", (int) (FROM + (TO - FROM) * done / total));
                }
            }, e -> {} /* progress is best effort: the run goes on */));
        }, INTERVAL, ThreadPool.Names.GENERIC);
    }

    @Override
    public void close() {
        poll.cancel();
    }
}
