/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.dataset;

import org.opensearch.ExceptionsHelper;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.action.admin.indices.delete.DeleteIndexRequest;
import org.opensearch.action.admin.indices.mapping.put.PutMappingRequest;
import org.opensearch.action.admin.indices.settings.put.UpdateSettingsRequest;
import org.opensearch.action.ingest.DeletePipelineRequest;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.action.support.clustermanager.AcknowledgedResponse;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.index.IndexNotFoundException;
import org.opensearch.ingest.IngestMetadata;
import org.opensearch.tasks.Task;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Without {@code delete_index} the index stays, with its documents, as a plain index: its default pipeline setting is
 * cleared before the pipeline goes, so indexing into it keeps working, and the dataset spec leaves its {@code _meta}.
 * An index that another request deletes meanwhile is a 404 (its pipeline is removed all the same).
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
        // One read of the cluster state: every step below acts on what it showed. A change another request makes
        // meanwhile comes back from the step it affects (an index deleted meanwhile fails that step), never as a
        // second read that disagrees with the first.
        Metadata metadata = clusterService.state().metadata();
        IndexMetadata indexMetadata = DatasetIndex.datasetIndexMetadata(metadata, request.index());
        String index = indexMetadata.getIndex().getName();
        String pipelineId = DatasetIndex.pipelineId(index);
        IngestMetadata ingest = metadata.custom(IngestMetadata.TYPE);
        boolean pipelineExists = ingest != null && ingest.getPipelines().containsKey(pipelineId);

        Consumer<Exception> onIndexStepFailure = e -> {
            if (ExceptionsHelper.unwrapCause(e) instanceof IndexNotFoundException == false) {
                listener.onFailure(e);
                return;
            }
            // The dataset is gone with its index: its pipeline goes as well, so that nothing is left behind.
            deletePipeline(pipelineId, pipelineExists, ActionListener.wrap(deleted -> {
                OpenSearchStatusException notFound = new OpenSearchStatusException(
                    "index [" + index + "] was deleted by another request while its dataset was being removed: there is no dataset ["
                        + index + "] any more" + (pipelineExists ? " (its pipeline [" + pipelineId + "] is removed too)" : ""),
                    RestStatus.NOT_FOUND,
                    e
                );
                listener.onFailure(notFound);
            }, listener::onFailure));
        };
        ActionListener<Boolean> respond = ActionListener.wrap(
            deleted -> listener.onResponse(new DeleteDatasetResponse(index, request.deleteIndex(), deleted)),
            listener::onFailure
        );
        if (request.deleteIndex()) {
            client.admin()
                .indices()
                .delete(
                    new DeleteIndexRequest(index),
                    ActionListener.wrap(ack -> deletePipeline(pipelineId, pipelineExists, respond), onIndexStepFailure)
                );
        } else {
            UpdateSettingsRequest clearPipeline = new UpdateSettingsRequest(index).settings(
                Settings.builder().putNull("index.default_pipeline").build()
            );
            // _meta is replaced as a whole on a mapping update: keep whatever else the user keeps there.
            Map<String, Object> meta = new HashMap<>(DatasetIndex.meta(indexMetadata));
            meta.remove(DatasetIndex.META_KEY);
            PutMappingRequest clearSpec = new PutMappingRequest(index).source(Map.of("_meta", meta));
            client.admin().indices().updateSettings(clearPipeline, ActionListener.wrap(settingsAck -> {
                client.admin()
                    .indices()
                    .putMapping(
                        clearSpec,
                        ActionListener.wrap(mappingAck -> deletePipeline(pipelineId, pipelineExists, respond), onIndexStepFailure)
                    );
            }, onIndexStepFailure));
        }
    }

    /** Deletes the pipeline the state showed; answers whether this request deleted it (false when it was gone already). */
    private void deletePipeline(String pipelineId, boolean exists, ActionListener<Boolean> listener) {
        if (exists == false) {
            listener.onResponse(false);
            return;
        }
        ActionListener<AcknowledgedResponse> deleted = ActionListener.wrap(ack -> listener.onResponse(true), e -> {
            if (ExceptionsHelper.unwrapCause(e) instanceof ResourceNotFoundException) {
                // Another request deleted it meanwhile: it is gone, as asked.
                listener.onResponse(false);
            } else {
                listener.onFailure(e);
            }
        });
        client.admin().cluster().deletePipeline(new DeletePipelineRequest(pipelineId), deleted);
    }
}
