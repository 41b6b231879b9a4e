/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.dataset;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.ExceptionsHelper;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.ResourceAlreadyExistsException;
import org.opensearch.action.admin.indices.create.CreateIndexRequest;
import org.opensearch.action.admin.indices.create.CreateIndexResponse;
import org.opensearch.action.admin.indices.delete.DeleteIndexRequest;
import org.opensearch.action.ingest.PutPipelineRequest;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.action.support.clustermanager.AcknowledgedResponse;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.common.settings.IndexScopedSettings;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentFactory;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.core.xcontent.MediaTypeRegistry;
import org.opensearch.index.IndexSettings;
import org.opensearch.ingest.IngestMetadata;
import org.opensearch.ingest.PipelineConfiguration;
import org.opensearch.tasks.Task;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Creates the index first, then its pipeline. Creating an index is atomic: of several concurrent PUTs of one dataset,
 * exactly one creates the index, and only that one goes on to store the pipeline; the others answer 400, as a PUT that
 * comes later does. A pipeline of that name that is there already is used only when it is exactly this dataset's, and
 * never overwritten: anything else is a 400 before anything is created. If the pipeline cannot be stored, the index this
 * request created is deleted again; a failed request removes nothing it did not create.
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
        Metadata metadata = clusterService.state().metadata();
        if (metadata.getIndicesLookup().containsKey(index)) {
            listener.onFailure(indexExists(index));
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
        Map<String, Object> pipeline = DatasetIndex.pipeline(spec, index);
        OpenSearchStatusException conflict = pipelineConflict(metadata, index, pipelineId, pipeline);
        if (conflict != null) {
            listener.onFailure(conflict);
            return;
        }
        CreateIndexRequest createIndex = new CreateIndexRequest(index).settings(DatasetIndex.settings(spec, index))
            .mapping(DatasetIndex.mapping(spec));
        client.admin().indices().create(createIndex, new ActionListener<>() {
            @Override
            public void onResponse(CreateIndexResponse indexAck) {
                storePipeline(index, spec, pipeline, listener);
            }

            @Override
            public void onFailure(Exception createFailure) {
                // Another request created the index since the check above: this one lost the race, and gets the answer
                // a later PUT gets. It created nothing, so it removes nothing.
                if (ExceptionsHelper.unwrapCause(createFailure) instanceof ResourceAlreadyExistsException) {
                    listener.onFailure(indexExists(index));
                } else {
                    listener.onFailure(createFailure);
                }
            }
        });
    }

    /** Stores the pipeline of the index this request has just created; removes that index again if it cannot. */
    private void storePipeline(String index, DatasetSpec spec, Map<String, Object> pipeline, ActionListener<DatasetResponse> listener) {
        String pipelineId = DatasetIndex.pipelineId(index);
        String indexUuid = null;
        OpenSearchStatusException conflict = null;
        PutPipelineRequest putPipeline = null;
        try {
            Metadata metadata = clusterService.state().metadata();
            IndexMetadata created = metadata.index(index);
            indexUuid = created == null ? null : created.getIndexUUID();
            if (pipelines(metadata).containsKey(pipelineId)) {
                // Put there by someone else since the check before the index was created: used only if it is this dataset's.
                conflict = pipelineConflict(metadata, index, pipelineId, pipeline);
            } else {
                putPipeline = new PutPipelineRequest(
                    pipelineId,
                    BytesReference.bytes(XContentFactory.jsonBuilder().map(pipeline)),
                    MediaTypeRegistry.JSON
                );
            }
        } catch (Exception e) {
            rollbackIndex(index, indexUuid, e, listener);
            return;
        }
        DatasetResponse done = new DatasetResponse(index, pipelineId, true, null, spec.toMap());
        if (conflict != null) {
            rollbackIndex(index, indexUuid, conflict, listener);
            return;
        }
        if (putPipeline == null) {
            listener.onResponse(done);
            return;
        }
        String createdUuid = indexUuid;
        // Not ActionListener.wrap: a failure while answering must not roll back a dataset that was created.
        client.admin().cluster().putPipeline(putPipeline, new ActionListener<>() {
            @Override
            public void onResponse(AcknowledgedResponse pipelineAck) {
                listener.onResponse(done);
            }

            @Override
            public void onFailure(Exception e) {
                rollbackIndex(index, createdUuid, e, listener);
            }
        });
    }

    /**
     * Why the pipeline {@code pipelineId} that the cluster holds may not serve this dataset, or null when there is none
     * or it is exactly {@code pipeline}. It is never overwritten: someone else's pipeline may serve other indices, and
     * one left by an earlier dataset of this name has other settings than this one asks for.
     */
    static OpenSearchStatusException pipelineConflict(Metadata metadata, String index, String pipelineId, Map<String, Object> pipeline) {
        PipelineConfiguration existing = pipelines(metadata).get(pipelineId);
        if (existing == null) {
            return null;
        }
        Map<String, Object> config = existing.getConfigAsMap();
        if (config.equals(pipeline)) {
            return null;
        }
        List<String> users = new ArrayList<>();
        for (IndexMetadata other : metadata) {
            String name = other.getIndex().getName();
            Settings settings = other.getSettings();
            if (name.equals(index) == false
                && (pipelineId.equals(settings.get(IndexSettings.DEFAULT_PIPELINE.getKey()))
                    || pipelineId.equals(settings.get(IndexSettings.FINAL_PIPELINE.getKey())))) {
                users.add(name);
            }
        }
        Collections.sort(users);
        String usedBy = users.isEmpty()
            ? "no index uses it as its default or final pipeline"
            : "the indices " + users + " use it as their default or final pipeline";
        String delete = "DELETE /_ingest/pipeline/" + pipelineId;
        String message;
        if (Objects.equals(config.get("description"), pipeline.get("description"))) {
            message = "pipeline [" + pipelineId + "] already exists, made by Text Insights for an earlier dataset [" + index
                + "] with other settings: it is left as it is. Delete it first (" + delete + ") if nothing needs it, or create "
                + "the dataset with its earlier settings, or choose another index name; " + usedBy;
        } else {
            message = "pipeline [" + pipelineId + "] already exists and was not made by Text Insights for the dataset [" + index
                + "]: it is left as it is. Choose another index name, or delete that pipeline first (" + delete + ") if nothing "
                + "needs it; " + usedBy;
        }
        return new OpenSearchStatusException(message, RestStatus.BAD_REQUEST);
    }

    private static Map<String, PipelineConfiguration> pipelines(Metadata metadata) {
        IngestMetadata ingest = metadata.custom(IngestMetadata.TYPE);
        return ingest == null ? Map.of() : ingest.getPipelines();
    }

    private static OpenSearchStatusException indexExists(String index) {
        return new OpenSearchStatusException(
            "index [" + index + "] already exists: choose another name, or remove it first with "
                + "DELETE /_plugins/_text_insights/datasets/" + index + "?delete_index=true (this deletes its documents)",
            RestStatus.BAD_REQUEST
        );
    }

    /** Deletes the index this request created, unless the index of that name is no longer the one it created. */
    private void rollbackIndex(String index, String indexUuid, Exception cause, ActionListener<DatasetResponse> listener) {
        IndexMetadata current = clusterService.state().metadata().index(index);
        if (current == null || (indexUuid != null && indexUuid.equals(current.getIndexUUID()) == false)) {
            logger.warn("not removing index [{}] after its pipeline failed: it is not the index this request created", index);
            listener.onFailure(cause);
            return;
        }
        client.admin().indices().delete(new DeleteIndexRequest(index), ActionListener.wrap(ack -> listener.onFailure(cause), e -> {
            logger.warn("could not remove index [{}] after its pipeline failed to be stored", index, e);
            cause.addSuppressed(e);
            listener.onFailure(cause);
        }));
    }
}
