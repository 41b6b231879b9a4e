/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.shard;

import io.textinsights.rest.run.spec.RunSettings;

import org.opensearch.action.bulk.BulkItemResponse;
import org.opensearch.action.bulk.BulkRequest;
import org.opensearch.action.bulk.BulkResponse;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.broadcast.BroadcastShardOperationFailedException;
import org.opensearch.action.support.broadcast.TransportBroadcastAction;
import org.opensearch.action.update.UpdateRequest;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.block.ClusterBlockException;
import org.opensearch.cluster.block.ClusterBlockLevel;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.routing.GroupShardsIterator;
import org.opensearch.cluster.routing.ShardIterator;
import org.opensearch.cluster.routing.ShardRouting;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.support.DefaultShardOperationFailedException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.index.IndexService;
import org.opensearch.index.shard.IndexShard;
import org.opensearch.indices.IndicesService;
import org.opensearch.tasks.CancellableTask;
import org.opensearch.tasks.Task;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Runs one pass on every primary shard, where the shard lives, on the {@link RunSettings#THREAD_POOL} pool (shards of
 * one node run in parallel; searches and indexing keep their own pools).
 */
public class TransportShardRunAction extends TransportBroadcastAction<ShardRunRequest, ShardRunResponse, ShardRunShardRequest, ShardRunResult> {

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
            RunSettings.THREAD_POOL
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
        CancellableTask cancellable = task instanceof CancellableTask c ? c : null;
        ShardPass pass = request.pass();
        return switch (pass.op()) {
            case SAMPLE -> sample(request, indexService, shard, cancellable);
            case KMEANS_PASS -> kmeansPass(request, indexService, shard, cancellable);
            case ASSIGN -> assign(request, indexService, shard, cancellable);
            case LABEL -> label(request, indexService, shard, cancellable);
        };
    }

    private ShardRunResult sample(ShardRunShardRequest request, IndexService indexService, IndexShard shard, CancellableTask task)
        throws IOException {
        ShardPass pass = request.pass();
        ShardCollectors.Sample sample = new ShardCollectors.Sample(pass.sampleSize(), pass.seed());
        long count = ShardVectorReader.read(indexService, shard, pass.vectorField(), pass.query(), task, sample);
        return new ShardRunResult(request.shardId(), count, sample.result(), null, null);
    }

    private ShardRunResult kmeansPass(ShardRunShardRequest request, IndexService indexService, IndexShard shard, CancellableTask task)
        throws IOException {
        ShardPass pass = request.pass();
        ShardCollectors.KMeans kmeans = new ShardCollectors.KMeans(pass.centroids());
        long count = ShardVectorReader.read(indexService, shard, pass.vectorField(), pass.query(), task, kmeans);
        return new ShardRunResult(request.shardId(), count, null, kmeans.result(), null);
    }

    private ShardRunResult assign(ShardRunShardRequest request, IndexService indexService, IndexShard shard, CancellableTask task)
        throws IOException {
        ShardPass pass = request.pass();
        WriteBack writeBack = pass.writeBack()
            ? new WriteBack(request.shardId().getIndexName(), pass.runId(), pass.labels(), pass.writeBatchSize())
            : null;
        ShardCollectors.Assign assign = new ShardCollectors.Assign(
            pass.model(),
            pass.anchors(),
            pass.anchorXY(),
            pass.neighbours(),
            pass.representatives(),
            writeBack
        );
        long count = ShardVectorReader.read(indexService, shard, pass.vectorField(), pass.query(), task, assign);
        if (writeBack == null) {
            return new ShardRunResult(request.shardId(), count, null, null, assign.result(0, 0, null));
        }
        writeBack.flush();
        return new ShardRunResult(request.shardId(), count, null, null, assign.result(writeBack.writer.written, writeBack.writer.failures, writeBack.writer.firstFailure));
    }

    private ShardRunResult label(ShardRunShardRequest request, IndexService indexService, IndexShard shard, CancellableTask task)
        throws IOException {
        ShardPass pass = request.pass();
        String[] labels = pass.labels();
        BulkWriter writer = new BulkWriter(pass.writeBatchSize());
        String index = request.shardId().getIndexName();
        long count = ShardRunDocs.forEachOfRun(indexService, shard, pass.runId(), task, (id, routing, cluster) -> {
            int slot = cluster + 1;
            String label = slot >= 0 && slot < labels.length ? labels[slot] : null;
            Map<String, Object> fields = new HashMap<>();
            fields.put("cluster_label", label);
            writer.add(new UpdateRequest(index, id).routing(routing).doc(Map.of("text_insights", fields)).retryOnConflict(3));
        });
        writer.flush();
        ShardRunResult.Assignment written = new ShardRunResult.Assignment(
            new long[0], new double[0], new double[0], new String[0][], new float[0][], writer.written, writer.failures, writer.firstFailure
        );
        return new ShardRunResult(request.shardId(), count, null, null, written);
    }

    /** Partial updates in bounded bulk requests, sent from the shard's own node. */
    private final class BulkWriter {
        private final int batchSize;
        private BulkRequest bulk = new BulkRequest();
        long written;
        long failures;
        String firstFailure;

        BulkWriter(int batchSize) {
            this.batchSize = batchSize;
        }

        void add(UpdateRequest update) {
            bulk.add(update);
            if (bulk.numberOfActions() >= batchSize) {
                flush();
            }
        }

        void flush() {
            if (bulk.numberOfActions() == 0) {
                return;
            }
            BulkResponse response = client.bulk(bulk).actionGet();
            for (BulkItemResponse item : response.getItems()) {
                if (item.isFailed()) {
                    failures++;
                    if (firstFailure == null) {
                        firstFailure = "[" + item.getId() + "]: " + item.getFailureMessage();
                    }
                } else {
                    written++;
                }
            }
            bulk = new BulkRequest();
        }
    }

    /** The run's fields for each assigned document. */
    private final class WriteBack implements ShardCollectors.AssignmentSink {
        private final String index;
        private final String runId;
        private final String[] labels;
        private final BulkWriter writer;

        WriteBack(String index, String runId, String[] labels, int batchSize) {
            this.index = index;
            this.runId = runId;
            this.labels = labels;
            this.writer = new BulkWriter(batchSize);
        }

        @Override
        public void accept(String id, String routing, int cluster, float[] xy) {
            Map<String, Object> fields = new HashMap<>();
            fields.put("run_id", runId);
            fields.put("cluster_id", cluster);
            // Labels belong to a run: never leave another run's label beside this run's cluster id.
            fields.put("cluster_label", labels == null || cluster + 1 >= labels.length ? null : labels[cluster + 1]);
            fields.put("x", xy == null ? null : xy[0]);
            fields.put("y", xy == null ? null : xy[1]);
            writer.add(new UpdateRequest(index, id).routing(routing).doc(Map.of("text_insights", fields)).retryOnConflict(3));
        }

        void flush() {
            writer.flush();
        }
    }
}
