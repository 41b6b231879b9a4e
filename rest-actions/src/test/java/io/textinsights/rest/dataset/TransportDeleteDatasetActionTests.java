/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.dataset;

import org.opensearch.OpenSearchStatusException;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.Version;
import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionType;
import org.opensearch.action.admin.indices.delete.DeleteIndexAction;
import org.opensearch.action.admin.indices.mapping.put.PutMappingAction;
import org.opensearch.action.admin.indices.settings.put.UpdateSettingsAction;
import org.opensearch.action.ingest.DeletePipelineAction;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.PlainActionFuture;
import org.opensearch.action.support.clustermanager.AcknowledgedResponse;
import org.opensearch.cluster.ClusterName;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentFactory;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.core.xcontent.MediaTypeRegistry;
import org.opensearch.index.IndexNotFoundException;
import org.opensearch.ingest.IngestMetadata;
import org.opensearch.ingest.PipelineConfiguration;
import org.opensearch.test.OpenSearchTestCase;
import org.opensearch.test.client.NoOpNodeClient;
import org.opensearch.transport.TransportService;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * {@code DELETE /_plugins/_text_insights/datasets/{index}} acts on one read of the cluster state, and an index that
 * another request deletes meanwhile is a 404 with a message, never a 500.
 */
public class TransportDeleteDatasetActionTests extends OpenSearchTestCase {

    private static final String INDEX = "ds";
    private static final String PIPELINE = "text-insights-ds";

    /** Answers each action the delete sends with {@code answer}, and records which actions were sent. */
    private static final class ScriptedClient extends NoOpNodeClient {
        final List<String> sent = Collections.synchronizedList(new ArrayList<>());
        final Map<String, Exception> failures;

        ScriptedClient(String name, Map<String, Exception> failures) {
            super(name);
            this.failures = failures;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <Request extends ActionRequest, Response extends ActionResponse> void doExecute(
            ActionType<Response> action,
            Request request,
            ActionListener<Response> listener
        ) {
            sent.add(action.name());
            Exception failure = failures.get(action.name());
            if (failure != null) {
                listener.onFailure(failure);
            } else {
                listener.onResponse((Response) new AcknowledgedResponse(true));
            }
        }
    }

    private static ClusterState stateWithDataset() throws IOException {
        String mapping = XContentFactory.jsonBuilder()
            .startObject()
            .startObject("_meta")
            .field(DatasetIndex.META_KEY, Map.of("dimension", 2))
            .field("owner", "team-a")
            .endObject()
            .endObject()
            .toString();
        IndexMetadata index = IndexMetadata.builder(INDEX)
            .settings(
                Settings.builder()
                    .put(IndexMetadata.SETTING_VERSION_CREATED, Version.CURRENT)
                    .put(IndexMetadata.SETTING_NUMBER_OF_SHARDS, 1)
                    .put(IndexMetadata.SETTING_NUMBER_OF_REPLICAS, 0)
                    .put("index.default_pipeline", PIPELINE)
            )
            .putMapping(mapping)
            .build();
        PipelineConfiguration pipeline = new PipelineConfiguration(
            PIPELINE,
            new BytesArray("{\"processors\": []}"),
            MediaTypeRegistry.JSON
        );
        Metadata metadata = Metadata.builder()
            .put(index, false)
            .putCustom(IngestMetadata.TYPE, new IngestMetadata(Map.of(PIPELINE, pipeline)))
            .build();
        return ClusterState.builder(ClusterName.DEFAULT).metadata(metadata).build();
    }

    /** A cluster service whose first read shows the dataset, and every later read shows it gone. */
    private static ClusterService vanishingAfterFirstRead(AtomicInteger reads) throws IOException {
        ClusterState with = stateWithDataset();
        ClusterState without = ClusterState.builder(ClusterName.DEFAULT).build();
        ClusterService clusterService = mock(ClusterService.class);
        when(clusterService.state()).thenAnswer(invocation -> reads.getAndIncrement() == 0 ? with : without);
        return clusterService;
    }

    private static DeleteDatasetResponse delete(ClusterService clusterService, ScriptedClient client, boolean deleteIndex)
        throws InterruptedException, ExecutionException {
        TransportDeleteDatasetAction action = new TransportDeleteDatasetAction(
            mock(TransportService.class),
            new ActionFilters(Set.of()),
            clusterService,
            client
        );
        PlainActionFuture<DeleteDatasetResponse> future = PlainActionFuture.newFuture();
        action.execute(null, new DeleteDatasetRequest(INDEX, deleteIndex), future);
        return future.get();
    }

    private static OpenSearchStatusException notFound(ExecutionException e) {
        assertTrue(String.valueOf(e.getCause()), e.getCause() instanceof OpenSearchStatusException);
        OpenSearchStatusException status = (OpenSearchStatusException) e.getCause();
        assertEquals(RestStatus.NOT_FOUND, status.status());
        return status;
    }

    public void testReadsTheClusterStateOnce() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        try (ScriptedClient client = new ScriptedClient(getTestName(), Map.of())) {
            DeleteDatasetResponse response = delete(vanishingAfterFirstRead(reads), client, false);
            assertEquals(1, reads.get());
            assertTrue(response.pipelineDeleted());
            assertEquals(List.of(UpdateSettingsAction.NAME, PutMappingAction.NAME, DeletePipelineAction.NAME), client.sent);
        }
    }

    /** The issue: the index is deleted by another request right after the first read; the second read found nothing (500). */
    public void testIndexDeletedMeanwhileIsANotFound() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        Map<String, Exception> gone = Map.of(UpdateSettingsAction.NAME, new IndexNotFoundException(INDEX));
        try (ScriptedClient client = new ScriptedClient(getTestName(), gone)) {
            ExecutionException e = expectThrows(ExecutionException.class, () -> delete(vanishingAfterFirstRead(reads), client, false));
            assertEquals(
                "index [ds] was deleted by another request while its dataset was being removed: there is no dataset [ds] any more "
                    + "(its pipeline [text-insights-ds] is removed too)",
                notFound(e).getMessage()
            );
            assertEquals(List.of(UpdateSettingsAction.NAME, DeletePipelineAction.NAME), client.sent);
        }
    }

    public void testIndexDeletedMeanwhileWithDeleteIndexIsANotFound() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        Map<String, Exception> gone = Map.of(DeleteIndexAction.NAME, new IndexNotFoundException(INDEX));
        try (ScriptedClient client = new ScriptedClient(getTestName(), gone)) {
            ExecutionException e = expectThrows(ExecutionException.class, () -> delete(vanishingAfterFirstRead(reads), client, true));
            assertEquals(
                "index [ds] was deleted by another request while its dataset was being removed: there is no dataset [ds] any more "
                    + "(its pipeline [text-insights-ds] is removed too)",
                notFound(e).getMessage()
            );
            assertEquals(1, reads.get());
            assertEquals(List.of(DeleteIndexAction.NAME, DeletePipelineAction.NAME), client.sent);
        }
    }

    public void testPipelineDeletedMeanwhileIsNotAFailure() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        Map<String, Exception> gone = Map.of(DeletePipelineAction.NAME, new ResourceNotFoundException("pipeline [text-insights-ds] is missing"));
        try (ScriptedClient client = new ScriptedClient(getTestName(), gone)) {
            DeleteDatasetResponse response = delete(vanishingAfterFirstRead(reads), client, true);
            assertFalse(response.pipelineDeleted());
            assertTrue(response.indexDeleted());
            assertEquals(1, reads.get());
        }
    }
}
