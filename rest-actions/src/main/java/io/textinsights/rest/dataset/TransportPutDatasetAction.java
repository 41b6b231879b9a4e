/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.dataset;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.action.admin.indices.create.CreateIndexRequest;
import org.opensearch.action.ingest.DeletePipelineRequest;
import org.opensearch.action.ingest.PutPipelineRequest;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.common.settings.IndexScopedSettings;
import org.opensearch.common.xcontent.XContentFactory;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.core.xcontent.MediaTypeRegistry;
import org.opensearch.tasks.Task;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;

import java.io.IOException;

/**
 * Creates the pipeline first (the index names it as its default pipeline), then the index. If the index cannot be
 * created the pipeline is removed again, so a failed request leaves nothing behind.
 */
public class TransportPutDatasetAction extends HandledTransportAction<PutDatasetRequest, DatasetResponse> {

    private static final Logger logger = LogManager.getLogger(TransportPutDatasetAction.class);

    private final Client client;
    private final ClusterService clusterService;
    private final IndexScopedSettings indexScopedSettings;

    @Inject
    public TransportPutDatasetAction(
        TransportService transportService,
        ActionFilters actionFilters,
        ClusterService clusterService,
        IndexScopedSettings indexScopedSettings,
        Client client
    ) {
        super(PutDatasetAction.NAME, transportService, actionFilters, PutDatasetRequest::new);
        this.client = client;
        this.clusterService = clusterService;
        this.indexScopedSettings = indexScopedSettings;
    }

    @Override
    protected void doExecute(Task task, PutDatasetRequest request, ActionListener<DatasetResponse> listener) {
        String index = request.index();
        if (clusterService.state().metadata().getIndicesLookup().containsKey(index)) {
            listener.onFailure(
                new OpenSearchStatusException(
                    "index [" + index + "] already exists: choose another name, or remove it first with "
                        + "DELETE /_plugins/_text_insights/datasets/" + index + "?delete_index=true (this deletes its documents)",
                    RestStatus.BAD_REQUEST
                )
            );
            return;
        }
        if (indexScopedSettings.get(DatasetIndex.KNN_SETTING) == null) {
            listener.onFailure(
                new OpenSearchStatusException(
                    "the k-NN plugin is not installed on this node: a dataset stores its embeddings in a knn_vector field. "
                        + "Install it with bin/opensearch-plugin install opensearch-knn (same version as OpenSearch) and restart",
                    RestStatus.BAD_REQUEST
                )
            );
            return;
        }
        DatasetSpec spec = request.spec();
        String pipelineId = DatasetIndex.pipelineId(index);
        PutPipelineRequest putPipeline;
        try {
            putPipeline = new PutPipelineRequest(
                pipelineId,
                BytesReference.bytes(XContentFactory.jsonBuilder().map(DatasetIndex.pipeline(spec, index))),
                MediaTypeRegistry.JSON
            );
        } catch (IOException e) {
            listener.onFailure(e);
            return;
        }
        CreateIndexRequest createIndex = new CreateIndexRequest(index).settings(DatasetIndex.settings(spec, index))
            .mapping(DatasetIndex.mapping(spec));
        client.admin().cluster().putPipeline(putPipeline, ActionListener.wrap(pipelineAck -> {
            client.admin().indices().create(createIndex, ActionListener.wrap(indexAck -> {
                listener.onResponse(new DatasetResponse(index, pipelineId, true, null, spec.toMap()));
            }, createFailure -> rollbackPipeline(pipelineId, createFailure, listener)));
        }, listener::onFailure));
    }

    private void rollbackPipeline(String pipelineId, Exception cause, ActionListener<DatasetResponse> listener) {
        client.admin().cluster().deletePipeline(new DeletePipelineRequest(pipelineId), ActionListener.wrap(ack -> listener.onFailure(cause), e -> {
            logger.warn("could not remove pipeline [{}] after the dataset index failed to be created", pipelineId, e);
            cause.addSuppressed(e);
            listener.onFailure(cause);
        }));
    }
}
