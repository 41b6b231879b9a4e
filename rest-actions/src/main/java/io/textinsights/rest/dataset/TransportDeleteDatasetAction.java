/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.dataset;

import org.opensearch.action.admin.indices.delete.DeleteIndexRequest;
import org.opensearch.action.admin.indices.mapping.put.PutMappingRequest;
import org.opensearch.action.admin.indices.settings.put.UpdateSettingsRequest;
import org.opensearch.action.ingest.DeletePipelineRequest;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.action.ActionListener;
import org.opensearch.ingest.IngestMetadata;
import org.opensearch.tasks.Task;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;

import java.util.HashMap;
import java.util.Map;

/**
 * Without {@code delete_index} the index stays, with its documents, as a plain index: its default pipeline setting is
 * cleared before the pipeline goes, so indexing into it keeps working, and the dataset spec leaves its {@code _meta}.
 */
public class TransportDeleteDatasetAction extends HandledTransportAction<DeleteDatasetRequest, DeleteDatasetResponse> {

    private final Client client;
    private final ClusterService clusterService;

    @Inject
    public TransportDeleteDatasetAction(
        TransportService transportService,
        ActionFilters actionFilters,
        ClusterService clusterService,
        Client client
    ) {
        super(DeleteDatasetAction.NAME, transportService, actionFilters, DeleteDatasetRequest::new);
        this.client = client;
        this.clusterService = clusterService;
    }

    @Override
    protected void doExecute(Task task, DeleteDatasetRequest request, ActionListener<DeleteDatasetResponse> listener) {
        String index = DatasetIndex.datasetIndexMetadata(clusterService.state().metadata(), request.index()).getIndex().getName();
        String pipelineId = DatasetIndex.pipelineId(index);
        Runnable deletePipeline = () -> {
            IngestMetadata ingest = clusterService.state().metadata().custom(IngestMetadata.TYPE);
            if (ingest == null || ingest.getPipelines().containsKey(pipelineId) == false) {
                listener.onResponse(new DeleteDatasetResponse(index, request.deleteIndex(), false));
                return;
            }
            client.admin()
                .cluster()
                .deletePipeline(
                    new DeletePipelineRequest(pipelineId),
                    ActionListener.wrap(ack -> listener.onResponse(new DeleteDatasetResponse(index, request.deleteIndex(), true)), listener::onFailure)
                );
        };
        if (request.deleteIndex()) {
            client.admin().indices().delete(new DeleteIndexRequest(index), ActionListener.wrap(ack -> deletePipeline.run(), listener::onFailure));
        } else {
            UpdateSettingsRequest clearPipeline = new UpdateSettingsRequest(index).settings(
                Settings.builder().putNull("index.default_pipeline").build()
            );
            // _meta is replaced as a whole on a mapping update: keep whatever else the user keeps there.
            Map<String, Object> meta = new HashMap<>(DatasetIndex.meta(clusterService.state().metadata().index(index)));
            meta.remove(DatasetIndex.META_KEY);
            PutMappingRequest clearSpec = new PutMappingRequest(index).source(Map.of("_meta", meta));
            client.admin().indices().updateSettings(clearPipeline, ActionListener.wrap(settingsAck -> {
                client.admin().indices().putMapping(clearSpec, ActionListener.wrap(mappingAck -> deletePipeline.run(), listener::onFailure));
            }, listener::onFailure));
        }
    }
}
