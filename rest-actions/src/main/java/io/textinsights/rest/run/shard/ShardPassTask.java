/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.shard;

import org.opensearch.core.tasks.TaskId;
import org.opensearch.tasks.CancellableTask;

import java.util.Map;
import java.util.function.LongSupplier;

/** The task of one shard's pass: cancelled with its run, and showing how far it got ({@link ShardPassStatus}). */
public class ShardPassTask extends CancellableTask implements ShardVectorReader.Progress {

    private final String op;
    private volatile long total;
    private volatile long done;
    private volatile LongSupplier written = () -> 0;

    public ShardPassTask(long id, String type, String action, String description, String op, TaskId parentTaskId, Map<String, String> headers) {
        super(id, type, action, description, parentTaskId, headers);
        this.op = op;
    }

    @Override
    public boolean shouldCancelChildrenOnCancellation() {
        return true;
    }

    @Override
    public void total(long documents) {
        total = documents;
    }

    @Override
    public void done(long documents) {
        done = documents;
    }

    void writtenBy(LongSupplier writtenSoFar) {
        this.written = writtenSoFar;
    }

    @Override
    public Status getStatus() {
        return new ShardPassStatus(op, total, done, written.getAsLong());
    }
}
