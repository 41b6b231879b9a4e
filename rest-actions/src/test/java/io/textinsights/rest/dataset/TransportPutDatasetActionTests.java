/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.dataset;

import org.junit.jupiter.api.Test;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.Version;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentFactory;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.core.xcontent.MediaTypeRegistry;
import org.opensearch.ingest.IngestMetadata;
import org.opensearch.ingest.PipelineConfiguration;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a pipeline of the dataset's name is already there: used only when it is exactly the dataset's, never overwritten. */
class TransportPutDatasetActionTests {

    private static final String ID = "text-insights-ds";

    private static Map<String, Object> pipelineOf(Map<String, Object> body) {
        return DatasetIndex.pipeline(DatasetSpec.fromMap(body, new ArrayList<>()), "ds");
    }

    private static Metadata metadata(BytesReference pipeline, String... usersOfThePipeline) {
        Metadata.Builder metadata = Metadata.builder();
        if (pipeline != null) {
            metadata.putCustom(IngestMetadata.TYPE, new IngestMetadata(Map.of(ID, new PipelineConfiguration(ID, pipeline, MediaTypeRegistry.JSON))));
        }
        for (int i = 0; i < usersOfThePipeline.length; i++) {
            metadata.put(
                IndexMetadata.builder(usersOfThePipeline[i])
                    .settings(
                        Settings.builder()
                            .put(IndexMetadata.SETTING_VERSION_CREATED, Version.CURRENT)
                            .put(IndexMetadata.SETTING_NUMBER_OF_SHARDS, 1)
                            .put(IndexMetadata.SETTING_NUMBER_OF_REPLICAS, 0)
                            .put(i % 2 == 0 ? "index.default_pipeline" : "index.final_pipeline", ID)
                    )
                    .build(),
                false
            );
        }
        return metadata.build();
    }

    private static BytesReference json(Map<String, Object> map) throws IOException {
        return BytesReference.bytes(XContentFactory.jsonBuilder().map(map));
    }

    @Test
    void no_pipeline_or_exactly_this_datasets_pipeline_is_no_conflict() throws IOException {
        Map<String, Object> pipeline = pipelineOf(Map.of("dimension", 4, "fields", Map.of("classes", List.of("a", "b"))));
        assertNull(TransportPutDatasetAction.pipelineConflict(metadata(null), "ds", ID, pipeline));
        assertNull(TransportPutDatasetAction.pipelineConflict(metadata(json(pipeline)), "ds", ID, pipeline));
    }

    @Test
    void someone_elses_pipeline_is_a_400_naming_its_users() {
        Map<String, Object> pipeline = pipelineOf(Map.of("dimension", 4));
        BytesReference theirs = new BytesArray("{\"description\": \"ours\", \"processors\": []}");
        OpenSearchStatusException e = TransportPutDatasetAction.pipelineConflict(metadata(theirs, "logs", "audit"), "ds", ID, pipeline);
        assertEquals(RestStatus.BAD_REQUEST, e.status());
        assertEquals(
            "pipeline [text-insights-ds] already exists and was not made by Text Insights for the dataset [ds]: it is left as it is. "
                + "Choose another index name, or delete that pipeline first (DELETE /_ingest/pipeline/text-insights-ds) if nothing "
                + "needs it; the indices [audit, logs] use it as their default or final pipeline",
            e.getMessage()
        );
    }

    @Test
    void a_pipeline_left_by_an_earlier_dataset_with_other_settings_is_a_400() throws IOException {
        Map<String, Object> earlier = pipelineOf(Map.of("dimension", 4));
        Map<String, Object> now = pipelineOf(Map.of("dimension", 8));
        OpenSearchStatusException e = TransportPutDatasetAction.pipelineConflict(metadata(json(earlier)), "ds", ID, now);
        assertEquals(RestStatus.BAD_REQUEST, e.status());
        assertEquals(
            "pipeline [text-insights-ds] already exists, made by Text Insights for an earlier dataset [ds] with other settings: it is "
                + "left as it is. Delete it first (DELETE /_ingest/pipeline/text-insights-ds) if nothing needs it, or create the "
                + "dataset with its earlier settings, or choose another index name; no index uses it as its default or final pipeline",
            e.getMessage()
        );
    }

    @Test
    void the_index_being_created_is_not_listed_as_a_user() {
        Map<String, Object> pipeline = pipelineOf(Map.of("dimension", 4));
        BytesReference theirs = new BytesArray("{\"processors\": []}");
        OpenSearchStatusException e = TransportPutDatasetAction.pipelineConflict(metadata(theirs, "ds"), "ds", ID, pipeline);
        assertTrue(e.getMessage().endsWith("; no index uses it as its default or final pipeline"), e.getMessage());
    }
}
