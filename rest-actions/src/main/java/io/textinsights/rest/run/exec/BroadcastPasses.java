/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.exec;

import io.textinsights.math.cluster.KMeansPartial;
import io.textinsights.rest.run.shard.ClusterModel;
import io.textinsights.rest.run.shard.ShardBroadcast;
import io.textinsights.rest.run.shard.ShardCollectors;
import io.textinsights.rest.run.shard.ShardPass;
import io.textinsights.rest.run.shard.ShardRunResult;
import io.textinsights.rest.run.spec.RunParameters;
import io.textinsights.rest.schema.ResultFields;
import io.textinsights.rest.schema.ResultsTarget;
import io.textinsights.rest.store.SystemContext;

import org.opensearch.ExceptionsHelper;
import org.opensearch.action.admin.indices.flush.FlushRequest;
import org.opensearch.action.admin.indices.refresh.RefreshRequest;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.action.support.PlainActionFuture;
import org.opensearch.action.support.broadcast.BroadcastResponse;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.tasks.TaskId;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@link RunCoordinator.Passes} as broadcasts to every primary shard of the index. Each call blocks the calling thread
 * (the run's own GENERIC thread) until all shards answered; a failed shard fails the pass, so no result is built on a
 * part of the data. After the ASSIGN pass into a results index, the results are made durable and counted
 * ({@link #requireStored}): acknowledged is not stored.
 */
final class BroadcastPasses implements RunCoordinator.Passes {

    private final Client client;
    private final RunParameters params;
    private final TaskId parentTask;
    private final int representatives;
    private final WriteTarget write;

    /**
     * Where the ASSIGN pass writes each document's result.
     *
     * @param index     the run's results index, or the dataset (in place)
     * @param columns   the dataset fields each result copies
     * @param batchSize documents per bulk request
     * @param inFlight  bulk requests per shard in flight
     */
    record WriteTarget(ResultsTarget target, String index, String runId, ShardPass.Columns columns, int batchSize, int inFlight) {}

    BroadcastPasses(Client client, RunParameters params, TaskId parentTask, int representatives, WriteTarget write) {
        this.client = client;
        this.params = params;
        this.parentTask = parentTask;
        this.representatives = representatives;
        this.write = write;
    }

    private List<ShardRunResult> broadcast(ShardPass pass) {
        return ShardBroadcast.broadcast(client, params.index(), pass, parentTask);
    }

    @Override
    public RunCoordinator.Sample sample(long seed, int size) {
        List<ShardRunResult> results = broadcast(ShardPass.sample(params.vectorField(), params.query(), seed, size));
        long docCount = 0;
        List<ShardRunResult.SampledDoc> all = new ArrayList<>();
        for (ShardRunResult result : results) {
            docCount += result.docCount();
            all.addAll(Arrays.asList(result.sample()));
        }
        // The global bottom-n by (hash, id): the same documents in the same order whatever the number of shards.
        all.sort(ShardCollectors.SAMPLE_ORDER);
        List<ShardRunResult.SampledDoc> kept = all.subList(0, Math.min(size, all.size()));
        return new RunCoordinator.Sample(
            docCount,
            kept.stream().map(ShardRunResult.SampledDoc::id).toArray(String[]::new),
            kept.stream().map(ShardRunResult.SampledDoc::vector).toArray(float[][]::new)
        );
    }

    @Override
    public KMeansPartial kmeansPass(float[][] centroids) {
        KMeansPartial merged = new KMeansPartial(centroids.length, centroids[0].length);
        for (ShardRunResult result : broadcast(ShardPass.kmeans(params.vectorField(), params.query(), centroids))) {
            merged.merge(result.partial());
        }
        return merged;
    }

    @Override
    public RunCoordinator.Assignment assign(ClusterModel model, float[][] anchors, float[][] anchorXY, String[] labels) {
        ShardPass.Write shardWrite = write.target() == ResultsTarget.NONE ? null
            : new ShardPass.Write(write.target(), write.index(), write.runId(), labels, write.columns(), write.batchSize(), write.inFlight());
        ShardPass pass = ShardPass.assign(
            params.vectorField(),
            params.query(),
            new ShardPass.Assign(model, anchors, anchorXY, RunCoordinator.PLACEMENT_NEIGHBOURS, representatives, shardWrite)
        );
        int slots = model.k() + 1;
        long[] counts = new long[slots];
        double[] sumX = new double[slots];
        double[] sumY = new double[slots];
        List<List<Nearest>> nearest = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            nearest.add(new ArrayList<>());
        }
        long docCount = 0;
        long written = 0;
        long failures = 0;
        String firstFailure = null;
        for (ShardRunResult result : broadcast(pass)) {
            ShardRunResult.Assignment a = result.assignment();
            docCount += result.docCount();
            for (int i = 0; i < slots; i++) {
                counts[i] += a.counts()[i];
                sumX[i] += a.sumX()[i];
                sumY[i] += a.sumY()[i];
                for (int j = 0; j < a.representativeIds()[i].length; j++) {
                    nearest.get(i).add(new Nearest(a.representativeIds()[i][j], a.representativeDistances()[i][j]));
                }
            }
            written += a.written();
            failures += a.writeFailures();
            if (firstFailure == null) {
                firstFailure = a.firstWriteFailure();
            }
        }
        String[][] ids = new String[slots][];
        for (int i = 0; i < slots; i++) {
            ids[i] = nearest.get(i)
                .stream()
                .sorted(Comparator.comparingDouble(Nearest::distance).thenComparing(Nearest::id))
                .limit(representatives)
                .map(Nearest::id)
                .toArray(String[]::new);
        }
        if (failures == 0 && write.target() == ResultsTarget.RESULTS) {
            requireStored(docCount, written);
        }
        return new RunCoordinator.Assignment(docCount, counts, sumX, sumY, ids, written, failures, firstFailure);
    }

    /**
     * Every document's result is in the results index, for good. While a run writes, its results index has no replica
     * and an asynchronous translog, so a result a shard acknowledged is not yet on disk: a node holding results shards
     * that is killed (kill -9, a crash) and comes back while the run still writes recovers those shards without what
     * they acknowledged since their last translog sync, and the bulk requests that waited for it go on. The run would
     * then read completed, with every result counted as written and some missing (seen on a 3-node cluster: 32,500 of
     * 40,000). A node that dies just after the pass takes its results shards with it as well. So once every shard has
     * written: a flush (what is there is now on disk, whatever dies next), then a refresh and a count; a results shard
     * that is not there, or anything short of one result per document, fails the run, which then drops the index.
     */
    private void requireStored(long docCount, long written) {
        String index = write.index();
        FlushRequest flush = new FlushRequest(index).waitIfOngoing(true);
        flush.setParentTask(parentTask);
        requireAllShards("flush", index, this.<BroadcastResponse>asSystem(l -> client.admin().indices().flush(flush,
            ActionListener.wrap(l::onResponse, l::onFailure))));
        RefreshRequest refresh = new RefreshRequest(index);
        refresh.setParentTask(parentTask);
        requireAllShards("refresh", index, this.<BroadcastResponse>asSystem(l -> client.admin().indices().refresh(refresh,
            ActionListener.wrap(l::onResponse, l::onFailure))));
        SearchRequest search = new SearchRequest(index).allowPartialSearchResults(false)
            .source(new SearchSourceBuilder().size(0).trackTotalHits(true).query(QueryBuilders.termQuery(ResultFields.RUN_ID,
                write.runId())));
        search.setParentTask(parentTask);
        SearchResponse found;
        try {
            found = this.<SearchResponse>asSystem(l -> client.search(search, l));
        } catch (RuntimeException e) {
            // e.g. a results shard whose node left: its message alone can be empty
            throw new TransportExecuteRunAction.WriteBackException("could not count the results in [" + index + "]: "
                + ExceptionsHelper.unwrapCause(e).getClass().getSimpleName() + " " + ExceptionsHelper.detailedMessage(e));
        }
        long stored = found.getHits().getTotalHits().value();
        if (stored != written || written != docCount) {
            throw new TransportExecuteRunAction.WriteBackException("the results index [" + index + "] holds " + stored + " results of "
                + docCount + " documents, though " + written + " were acknowledged as written: results were lost (a node holding"
                + " results shards restarted while the run wrote, or a pipeline dropped them); start the run again");
        }
    }

    /**
     * Every shard copy answered (while the run writes there is no replica: every primary). A shard whose primary is
     * not available (its node left) is not counted as failed by flush and refresh, only as not successful.
     */
    private static void requireAllShards(String what, String index, BroadcastResponse response) {
        if (response.getFailedShards() > 0 || response.getSuccessfulShards() < response.getTotalShards()) {
            throw new TransportExecuteRunAction.WriteBackException("could not " + what + " the results index [" + index + "]: "
                + response.getSuccessfulShards() + " of " + response.getTotalShards() + " shards did it (a node holding results"
                + " shards left?)");
        }
    }

    /** A call on the plugin's own results index, as the system (as the shards wrote it), waited for. */
    private <T> T asSystem(Consumer<ActionListener<T>> call) {
        PlainActionFuture<T> future = PlainActionFuture.newFuture();
        SystemContext.run(client, call, future);
        return future.actionGet();
    }

    private record Nearest(String id, float distance) {}
}
