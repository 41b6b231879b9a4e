/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.dataset;

import io.textinsights.ingest.DepProcessor;
import io.textinsights.ingest.EmbeddingProcessor;
import io.textinsights.rest.schema.ResultFields;
import io.textinsights.rest.schema.WordsAnalysis;

import org.opensearch.OpenSearchStatusException;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.metadata.MappingMetadata;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.index.IndexNotFoundException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The index settings, mapping and ingest pipeline a {@link DatasetSpec} stands for. */
public final class DatasetIndex {

    /** Key under the mapping's {@code _meta} where the spec is kept. */
    public static final String META_KEY = "text_insights";
    /** Index setting registered by the k-NN plugin; its absence means the plugin is missing. */
    public static final String KNN_SETTING = "index.knn";
    public static final String DERIVED_SOURCE_SETTING = "index.knn.derived_source.enabled";
    public static final String PIPELINE_PREFIX = "text-insights-";

    private DatasetIndex() {}

    public static String pipelineId(String index) {
        return PIPELINE_PREFIX + index;
    }

    public static Map<String, Object> settings(DatasetSpec spec, String index) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("index.number_of_shards", spec.numberOfShards());
        if (spec.numberOfReplicas() != null) {
            settings.put("index.number_of_replicas", spec.numberOfReplicas());
        }
        settings.put(KNN_SETTING, true);
        // k-NN 3.5.0.0's derived source (vectors left out of the stored _source and rebuilt on read) breaks an index for
        // good once a scroll over it is cleared, as update_by_query and reindex do (AlreadyClosedException on every
        // later read and update; fixed upstream after 3.5.0.0), and it fails documents sent as YAML, CBOR or SMILE.
        // Storing the vectors in _source costs disk, but the dataset stays usable.
        settings.put(DERIVED_SOURCE_SETTING, false);
        settings.put("index.default_pipeline", pipelineId(index));
        settings.put("index.analysis", WordsAnalysis.analysis());
        return settings;
    }

    public static Map<String, Object> mapping(DatasetSpec spec) {
        DatasetSpec.Fields f = spec.fields();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(
            f.text(),
            Map.of("type", "text", "fields", Map.of(WordsAnalysis.WORDS_SUBFIELD, Map.of("type", "text", "analyzer", WordsAnalysis.WORDS_ANALYZER)))
        );
        properties.put(f.label(), Map.of("type", "keyword"));
        properties.put(f.prediction(), Map.of("type", "keyword"));
        properties.put(f.split(), Map.of("type", "keyword"));
        properties.put(
            f.vector(),
            Map.of(
                "type",
                "knn_vector",
                "dimension",
                spec.dimension(),
                // The lucene engine is the one that works everywhere: faiss needs native libraries not every k-NN build has.
                "method",
                Map.of("name", "hnsw", "engine", "lucene", "space_type", spec.spaceType())
            )
        );
        // Kept in _source for the record, but not indexed: nothing searches raw probabilities.
        properties.put(f.probs(), Map.of("type", "object", "enabled", false));
        if (spec.classes() == null) {
            properties.put(DatasetSpec.CLASSES_FIELD, Map.of("type", "keyword"));
        }
        properties.put("dep", Map.of("type", "float"));
        properties.put("margin", Map.of("type", "float"));
        properties.put("confidence", Map.of("type", "float"));
        Map<String, Object> results = new LinkedHashMap<>();
        results.put(ResultFields.RUN_ID, Map.of("type", "keyword"));
        results.put(ResultFields.CLUSTER_ID, Map.of("type", "integer"));
        results.put(ResultFields.CLUSTER_LABEL, Map.of("type", "keyword"));
        results.put(ResultFields.X, Map.of("type", "float"));
        results.put(ResultFields.Y, Map.of("type", "float"));
        // Filled only by runs that opt into writing into the dataset ("write_back": {"target": "dataset"}).
        properties.put(ResultFields.IN_DATASET, Map.of("type", "object", "properties", results));

        Map<String, Object> mapping = new LinkedHashMap<>();
        mapping.put("_meta", Map.of(META_KEY, spec.toMap()));
        mapping.put("properties", properties);
        return mapping;
    }

    public static Map<String, Object> pipeline(DatasetSpec spec, String index) {
        DatasetSpec.Fields f = spec.fields();
        Map<String, Object> embedding = new LinkedHashMap<>();
        embedding.put("field", f.vector());
        embedding.put("dimension", spec.dimension());
        embedding.put("normalize", spec.normalize());
        Map<String, Object> dep = new LinkedHashMap<>();
        dep.put("probs_field", f.probs());
        dep.put("label_field", f.label());
        // Written only when a document has no prediction: where the dataset (and so every run) reads it.
        dep.put("prediction_field", f.prediction());
        if (spec.classes() != null) {
            dep.put("classes", spec.classes());
        } else {
            dep.put("classes_field", DatasetSpec.CLASSES_FIELD);
        }
        dep.put("logits", spec.logits());
        // Model outputs are optional: samples logged before training, or without a model, still get indexed.
        dep.put("ignore_missing", true);
        List<Object> processors = new ArrayList<>();
        processors.add(Map.of(EmbeddingProcessor.TYPE, embedding));
        processors.add(Map.of(DepProcessor.TYPE, dep));
        Map<String, Object> pipeline = new LinkedHashMap<>();
        pipeline.put("description", "Text Insights dataset [" + index + "]: validates embeddings and computes DEP");
        pipeline.put("processors", processors);
        return pipeline;
    }

    /** The mapping's {@code _meta}, empty when there is none. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> meta(IndexMetadata indexMetadata) {
        MappingMetadata mapping = indexMetadata.mapping();
        Object meta = mapping == null ? null : mapping.sourceAsMap().get("_meta");
        return meta instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** The spec stored in an index's mapping, or null when the index is not a dataset. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> storedSpec(IndexMetadata indexMetadata) {
        return meta(indexMetadata).get(META_KEY) instanceof Map<?, ?> spec ? (Map<String, Object>) spec : null;
    }

    /** The metadata of a dataset's index: 404 when the index does not exist or is not a dataset. */
    public static IndexMetadata datasetIndexMetadata(Metadata metadata, String index) {
        IndexMetadata indexMetadata = metadata.index(index);
        if (indexMetadata == null) {
            throw new IndexNotFoundException(index);
        }
        if (storedSpec(indexMetadata) == null) {
            throw new OpenSearchStatusException(
                "index [" + index + "] is not a Text Insights dataset: create one with PUT /_plugins/_text_insights/datasets/{index}",
                RestStatus.NOT_FOUND
            );
        }
        return indexMetadata;
    }
}
