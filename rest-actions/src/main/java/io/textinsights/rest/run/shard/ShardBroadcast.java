/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.shard;

import org.opensearch.core.action.support.DefaultShardOperationFailedException;
import org.opensearch.core.tasks.TaskId;
import org.opensearch.transport.client.Client;

import java.util.List;

/**
 * Sends one pass to every primary shard of an index and waits for all of them. Blocks the calling thread (a run's or
 * a summary's own GENERIC thread, never a transport thread); a failed shard fails the pass, so no result is ever built
 * on a part of the data.
 */
public final class ShardBroadcast {

    private ShardBroadcast() {}

    /** One pass on every primary shard of {@code index}; any failed shard fails the pass (a partial result is wrong). */
    public static List<ShardRunResult> broadcast(Client client, String index, ShardPass pass, TaskId parentTask) {
        ShardRunRequest request = new ShardRunRequest(index, pass);
        request.setParentTask(parentTask);
        ShardRunResponse response = client.execute(ShardRunAction.INSTANCE, request).actionGet();
        if (response.getFailedShards() > 0 || response.getTotalShards() == 0) {
            StringBuilder reasons = new StringBuilder();
            for (DefaultShardOperationFailedException failure : response.getShardFailures()) {
                reasons.append(" [").append(failure.index()).append("][").append(failure.shardId()).append("]: ").append(failure.reason());
            }
            throw new IllegalStateException(
                pass.op() + " failed on " + response.getFailedShards() + " of " + response.getTotalShards() + " shards:" + reasons
            );
        }
        return response.results();
    }

    /** What the LABEL pass wrote. */
    public record Labelled(long docCount, long written, long failures, String firstFailure) {}

    /**
     * Writes each document of run {@code runId} the label of its cluster ({@code labels[c + 1]}; slot 0 is noise): how
     * labels change after the run (e.g. retroactive LLM titles) for runs that wrote into the dataset's documents.
     */
    public static Labelled label(Client client, String index, String vectorField, String runId, String[] labels, int batchSize, TaskId parent) {
        long docCount = 0;
        long written = 0;
        long failures = 0;
        String firstFailure = null;
        for (ShardRunResult result : broadcast(client, index, ShardPass.label(vectorField, new ShardPass.Label(runId, labels, batchSize)), parent)) {
            docCount += result.docCount();
            written += result.assignment().written();
            failures += result.assignment().writeFailures();
            if (firstFailure == null) {
                firstFailure = result.assignment().firstWriteFailure();
            }
        }
        return new Labelled(docCount, written, failures, firstFailure);
    }
}
