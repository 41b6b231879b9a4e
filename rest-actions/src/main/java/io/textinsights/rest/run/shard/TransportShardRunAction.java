/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.shard;

import io.textinsights.rest.schema.ResultFields;
import io.textinsights.rest.schema.ResultsTarget;

import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.broadcast.BroadcastShardOperationFailedException;
import org.opensearch.action.support.broadcast.TransportBroadcastAction;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.block.ClusterBlockException;
import org.opensearch.cluster.block.ClusterBlockLevel;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.routing.GroupShardsIterator;
import org.opensearch.cluster.routing.ShardIterator;
import org.opensearch.cluster.routing.ShardRouting;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.action.support.DefaultShardOperationFailedException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.index.IndexService;
import org.opensearch.index.shard.IndexShard;
import org.opensearch.indices.IndicesService;
import org.opensearch.tasks.Task;
import org.opensearch.threadpool.ExecutorBuilder;
import org.opensearch.threadpool.FixedExecutorBuilder;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Runs one pass on every primary shard, where the shard lives, on the {@link #THREAD_POOL} pool (shards of
 * one node run in parallel; searches and indexing keep their own pools).
 */
public class TransportShardRunAction extends TransportBroadcastAction<ShardRunRequest, ShardRunResponse, ShardRunShardRequest, ShardRunResult> {

    /** Thread pool of the per-shard passes: one thread per processor, so the shards of a node run in parallel. */
    public static final String THREAD_POOL = "text_insights_run";

    public static ExecutorBuilder<?> executorBuilder(Settings settings, int allocatedProcessors) {
        return new FixedExecutorBuilder(settings, THREAD_POOL, allocatedProcessors, 64, "thread_pool." + THREAD_POOL);
    }

    private final IndicesService indicesService;
    private final Client client;

    @Inject
    public TransportShardRunAction(
        ClusterService clusterService,
        TransportService transportService,
        ActionFilters actionFilters,
        IndexNameExpressionResolver indexNameExpressionResolver,
        IndicesService indicesService,
        Client client
    ) {
        super(
            ShardRunAction.NAME,
            clusterService,
            transportService,
            actionFilters,
            indexNameExpressionResolver,
            ShardRunRequest::new,
            ShardRunShardRequest::new,
            THREAD_POOL
        );
        this.indicesService = indicesService;
        this.client = client;
    }

    @Override
    protected ShardRunResponse newResponse(ShardRunRequest request, AtomicReferenceArray shardsResponses, ClusterState clusterState) {
        List<ShardRunResult> results = new ArrayList<>();
        List<DefaultShardOperationFailedException> failures = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < shardsResponses.length(); i++) {
            Object response = shardsResponses.get(i);
            if (response instanceof ShardRunResult result) {
                results.add(result);
            } else if (response instanceof BroadcastShardOperationFailedException e) {
                failed++;
                failures.add(new DefaultShardOperationFailedException(e));
            } else {
                failed++;
            }
        }
        return new ShardRunResponse(shardsResponses.length(), results.size(), failed, failures, results);
    }

    @Override
    protected ShardRunShardRequest newShardRequest(int numShards, ShardRouting shard, ShardRunRequest request) {
        return new ShardRunShardRequest(shard.shardId(), request);
    }

    @Override
    protected ShardRunResult readShardResponse(StreamInput in) throws IOException {
        return new ShardRunResult(in);
    }

    @Override
    protected GroupShardsIterator<ShardIterator> shards(ClusterState clusterState, ShardRunRequest request, String[] concreteIndices) {
        // Primaries only: each document is read exactly once, and write-back goes to the primary anyway.
        return clusterState.routingTable().activePrimaryShardsGrouped(concreteIndices, true);
    }

    @Override
    protected ClusterBlockException checkGlobalBlock(ClusterState state, ShardRunRequest request) {
        return state.blocks().globalBlockedException(ClusterBlockLevel.READ);
    }

    @Override
    protected ClusterBlockException checkRequestBlock(ClusterState state, ShardRunRequest request, String[] concreteIndices) {
        return state.blocks().indicesBlockedException(ClusterBlockLevel.READ, concreteIndices);
    }

    @Override
    protected ShardRunResult shardOperation(ShardRunShardRequest request, Task task) throws IOException {
        IndexService indexService = indicesService.indexServiceSafe(request.shardId().getIndex());
        IndexShard shard = indexService.getShard(request.shardId().id());
        ShardPassTask passTask = task instanceof ShardPassTask t ? t : null;
        ShardPass pass = request.pass();
        try {
            return switch (pass.op()) {
                case SAMPLE -> sample(request, indexService, shard, passTask);
                case KMEANS_PASS -> kmeansPass(request, indexService, shard, passTask);
                case ASSIGN -> assign(request, indexService, shard, passTask);
                case LABEL -> label(request, indexService, shard, passTask);
            };
        } catch (Error e) {
            if (e instanceof VirtualMachineError) {
                throw e;
            }
            // e.g. a LinkageError from a library: this shard's pass fails, and with it the run; the node lives on.
            throw new IllegalStateException(pass.op() + " failed on " + request.shardId() + ": " + e, e);
        }
    }

    private ShardRunResult sample(ShardRunShardRequest request, IndexService indexService, IndexShard shard, ShardPassTask task)
        throws IOException {
        ShardPass pass = request.pass();
        ShardCollectors.Sample sample = new ShardCollectors.Sample(pass.sampleSize(), pass.seed());
        long count = ShardVectorReader.read(indexService, shard, pass.vectorField(), pass.query(), task, task, sample);
        return new ShardRunResult(request.shardId(), count, sample.result(), null, null);
    }

    private ShardRunResult kmeansPass(ShardRunShardRequest request, IndexService indexService, IndexShard shard, ShardPassTask task)
        throws IOException {
        ShardPass pass = request.pass();
        ShardCollectors.KMeans kmeans = new ShardCollectors.KMeans(pass.centroids());
        long count = ShardVectorReader.read(indexService, shard, pass.vectorField(), pass.query(), task, task, kmeans);
        return new ShardRunResult(request.shardId(), count, null, kmeans.result(), null);
    }

    /** Assigns, places and (when asked) writes every document's result; only the statistics travel back. */
    private ShardRunResult assign(ShardRunShardRequest request, IndexService indexService, IndexShard shard, ShardPassTask task)
        throws IOException {
        ShardPass pass = request.pass();
        ShardPass.Assign a = pass.assign();
        ShardPass.Write write = a.write();
        BulkWriter writer = write == null ? null : new BulkWriter(client, write.batchSize(), write.inFlight(),
            write.target() == ResultsTarget.RESULTS, task);
        if (writer != null && task != null) {
            task.writtenBy(writer::written);
        }
        ShardCollectors.ResultSink<?> sink = write == null ? null : switch (write.target()) {
            case RESULTS -> new ResultSinks.ToResultsIndex(write, new ColumnsReader(
                indexService.newQueryShardContext(shard.shardId().id(), null, System::currentTimeMillis, null), write.columns()), writer);
            case DATASET -> new ResultSinks.ToDataset(write, writer);
            case NONE -> null;
        };
        ShardCollectors.Assign<?> assign = new ShardCollectors.Assign<>(a.model(), a.anchors(), a.anchorXY(), a.neighbours(),
            a.representatives(), sink);
        long count;
        try {
            count = ShardVectorReader.read(indexService, shard, pass.vectorField(), pass.query(), task, task, assign);
            if (writer != null) {
                writer.finish();
            }
        } catch (RuntimeException | IOException e) {
            if (writer != null) {
                writer.abandon();
            }
            throw e;
        }
        if (writer == null) {
            return new ShardRunResult(request.shardId(), count, null, null, assign.result(0, 0, null));
        }
        return new ShardRunResult(request.shardId(), count, null, null, assign.result(writer.written(), writer.failures(), writer.firstFailure()));
    }

    private ShardRunResult label(ShardRunShardRequest request, IndexService indexService, IndexShard shard, ShardPassTask task)
        throws IOException {
        ShardPass.Label label = request.pass().label();
        BulkWriter writer = new BulkWriter(client, label.batchSize(), 1, false, task);
        String index = request.shardId().getIndexName();
        long count = ShardRunDocs.forEachOfRun(indexService, shard, label.runId(), task, (id, routing, cluster) -> {
            Map<String, Object> fields = new HashMap<>();
            fields.put(ResultFields.CLUSTER_LABEL, ResultSinks.label(label.labels(), cluster));
            writer.add(ResultSinks.update(index, id, routing, fields));
        });
        writer.finish();
        ShardRunResult.Assignment written = new ShardRunResult.Assignment(
            new long[0], new double[0], new double[0], new String[0][], new float[0][], writer.written(), writer.failures(), writer.firstFailure()
        );
        return new ShardRunResult(request.shardId(), count, null, null, written);
    }
}
