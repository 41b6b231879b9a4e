/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.dataset;

import io.textinsights.ingest.DepProcessor;
import io.textinsights.ingest.EmbeddingProcessor;

import org.junit.jupiter.api.Test;
import org.opensearch.ingest.IngestDocument;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetIndexTests {

    private static DatasetSpec spec(Map<String, Object> body) {
        return DatasetSpec.fromMap(body, new ArrayList<>());
    }

    @Test
    @SuppressWarnings("unchecked")
    void vector_field_uses_the_lucene_engine() {
        Map<String, Object> mapping = DatasetIndex.mapping(spec(Map.of("dimension", 384, "fields", Map.of("vector", "vec"))));
        Map<String, Object> vec = (Map<String, Object>) ((Map<String, Object>) mapping.get("properties")).get("vec");
        assertEquals("knn_vector", vec.get("type"));
        assertEquals(384, vec.get("dimension"));
        assertEquals(Map.of("name", "hnsw", "engine", "lucene", "space_type", "cosinesimil"), vec.get("method"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void mapping_keeps_the_spec_in_meta_and_reserves_results() {
        DatasetSpec spec = spec(Map.of("dimension", 4));
        Map<String, Object> mapping = DatasetIndex.mapping(spec);
        assertEquals(Map.of(DatasetIndex.META_KEY, spec.toMap()), mapping.get("_meta"));
        Map<String, Object> properties = (Map<String, Object>) mapping.get("properties");
        for (String keyword : List.of("label", "prediction", "split", "classes")) {
            assertEquals(Map.of("type", "keyword"), properties.get(keyword), keyword);
        }
        for (String number : List.of("dep", "margin", "confidence")) {
            assertEquals(Map.of("type", "float"), properties.get(number), number);
        }
        Map<String, Object> results = (Map<String, Object>) properties.get("text_insights");
        assertTrue(((Map<String, Object>) results.get("properties")).containsKey("cluster_id"));
    }

    @Test
    void no_classes_field_when_classes_are_fixed() {
        DatasetSpec spec = spec(Map.of("dimension", 4, "fields", Map.of("classes", List.of("a", "b"))));
        assertFalse(((Map<?, ?>) DatasetIndex.mapping(spec).get("properties")).containsKey("classes"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void pipeline_runs_both_processors_with_the_dataset_fields() {
        DatasetSpec spec = spec(
            Map.of("dimension", 8, "logits", true, "fields", Map.of("vector", "vec", "probs", "scores", "classes", List.of("a", "b")))
        );
        List<Map<String, Object>> processors = (List<Map<String, Object>>) DatasetIndex.pipeline(spec, "ds").get("processors");
        Map<String, Object> embedding = (Map<String, Object>) processors.get(0).get(EmbeddingProcessor.TYPE);
        assertEquals(Map.of("field", "vec", "dimension", 8, "normalize", true), embedding);
        Map<String, Object> dep = (Map<String, Object>) processors.get(1).get(DepProcessor.TYPE);
        assertEquals("scores", dep.get("probs_field"));
        assertEquals("label", dep.get("label_field"));
        assertEquals("prediction", dep.get("prediction_field"));
        assertEquals(List.of("a", "b"), dep.get("classes"));
        assertEquals(true, dep.get("logits"));
        assertEquals(true, dep.get("ignore_missing"));
    }

    /**
     * The pipeline's DEP processor, built from the pipeline as a node builds it, reads and writes the fields under the
     * names the dataset gives them (the issue: with {@code fields.prediction: pred} it wrote {@code prediction}, and runs,
     * reading {@code pred}, left out F1, accuracy and confusions).
     */
    @Test
    @SuppressWarnings("unchecked")
    void pipeline_reads_and_writes_the_fields_the_dataset_names() {
        DatasetSpec spec = spec(
            Map.of(
                "dimension", 2,
                "fields", Map.of("label", "gold", "prediction", "pred", "probs", "scores", "classes", List.of("a", "b"))
            )
        );
        List<Map<String, Object>> processors = (List<Map<String, Object>>) DatasetIndex.pipeline(spec, "ds").get("processors");
        Map<String, Object> config = new HashMap<>((Map<String, Object>) processors.get(1).get(DepProcessor.TYPE));
        DepProcessor processor = new DepProcessor.Factory().create(Map.of(), "tag", null, config);
        assertEquals(Map.of(), config, "every option of the pipeline is one the processor knows");

        Map<String, Object> source = new HashMap<>(Map.of("gold", "a", "scores", List.of(0.25, 0.75)));
        IngestDocument document = new IngestDocument(source, new HashMap<>());
        processor.execute(document);
        assertEquals("b", document.getFieldValue("pred", String.class));
        assertFalse(document.hasField("prediction"), "nothing is written under the default name");
        assertEquals(0.75, document.getFieldValue("dep", Double.class), 1e-12);
        assertEquals(0.75, document.getFieldValue("confidence", Double.class), 1e-12);
        // The names the processor writes but the spec cannot change are the ones DataFields reads.
        assertTrue(DatasetSpec.RESERVED_FIELDS.containsAll(List.of(DataFields.DEP_FIELD, DataFields.MARGIN_FIELD, DataFields.CONFIDENCE_FIELD)));
    }

    @Test
    void settings_name_the_pipeline_and_enable_knn() {
        Map<String, Object> settings = DatasetIndex.settings(spec(Map.of("dimension", 4, "number_of_shards", 3)), "ds");
        assertEquals("text-insights-ds", settings.get("index.default_pipeline"));
        assertEquals(true, settings.get("index.knn"));
        assertEquals(false, settings.get("index.knn.derived_source.enabled"));
        assertEquals(3, settings.get("index.number_of_shards"));
        assertFalse(settings.containsKey("index.number_of_replicas"));
    }
}
