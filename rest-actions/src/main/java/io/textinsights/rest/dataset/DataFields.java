/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.dataset;

import io.textinsights.rest.dataset.DatasetIndex;
import io.textinsights.rest.dataset.DatasetSpec;
import io.textinsights.rest.schema.WordsAnalysis;

import org.opensearch.cluster.metadata.IndexMetadata;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of a run's index that explanations read, as the dataset names them, each null when it is not mapped in a
 * usable way; {@code omitted} says why, so a missing metric comes with its reason rather than silently.
 *
 * @param text       the sample text (a text field)
 * @param wordsField the field top words are taken from: the dataset's {@code text.words} sub-field, or the text itself
 * @param label      gold label (keyword)
 * @param prediction model prediction (keyword)
 * @param split      split name (keyword)
 * @param dep        Data Error Potential (numeric)
 * @param margin     p(gold) - max p(other) of the last epoch (numeric), as the DEP processor writes it
 * @param confidence the model's top probability (numeric), as the DEP processor writes it
 */
public record DataFields(
    String text,
    String wordsField,
    String label,
    String prediction,
    String split,
    String dep,
    String margin,
    String confidence,
    Map<String, String> omitted
) {

    public static final String DEP_FIELD = "dep";
    public static final String MARGIN_FIELD = "margin";
    public static final String CONFIDENCE_FIELD = "confidence";

    public static DataFields resolve(IndexMetadata index) {
        DatasetSpec.Fields names = DatasetSpec.Fields.DEFAULTS;
        Map<String, Object> spec = DatasetIndex.storedSpec(index);
        Map<String, Object> named = spec != null && spec.get("fields") instanceof Map<?, ?> f ? cast(f) : Map.of();
        String text = name(named, "text", names.text());
        String label = name(named, "label", names.label());
        String prediction = name(named, "prediction", names.prediction());
        String split = name(named, "split", names.split());
        Map<String, Object> properties = properties(index);
        Map<String, String> omitted = new LinkedHashMap<>();

        String textType = type(properties, text);
        String wordsField = null;
        if ("text".equals(textType)) {
            wordsField = "text".equals(subFieldType(properties, text, WordsAnalysis.WORDS_SUBFIELD))
                ? text + "." + WordsAnalysis.WORDS_SUBFIELD
                : text;
        } else {
            omitted.put("top_words", "the text field [" + text + "] is " + describe(textType) + ": top words need a text field");
            text = textType == null ? null : text;
        }
        if ("keyword".equals(type(properties, label)) == false) {
            omitted.put("label_counts", "the label field [" + label + "] is " + describe(type(properties, label)) + ", not a keyword field");
            label = null;
        }
        if ("keyword".equals(type(properties, prediction)) == false) {
            omitted.put("f1", "the prediction field [" + prediction + "] is " + describe(type(properties, prediction))
                + ", not a keyword field: log the model's predictions to get F1 and accuracy");
            prediction = null;
        }
        if ("keyword".equals(type(properties, split)) == false) {
            split = null;
        }
        String dep = numeric(properties, DEP_FIELD) ? DEP_FIELD : null;
        if (dep == null) {
            omitted.put("avg_dep", "the field [dep] is " + describe(type(properties, DEP_FIELD))
                + ": index samples with per-epoch probabilities through the dataset pipeline (text_insights_dep) to get DEP");
        }
        String margin = numeric(properties, MARGIN_FIELD) ? MARGIN_FIELD : null;
        String confidence = numeric(properties, CONFIDENCE_FIELD) ? CONFIDENCE_FIELD : null;
        return new DataFields(text, wordsField, label, prediction, split, dep, margin, confidence, omitted);
    }

    private static boolean numeric(Map<String, Object> properties, String field) {
        String type = type(properties, field);
        return type != null && List.of("float", "double", "half_float", "scaled_float").contains(type);
    }

    private static String describe(String type) {
        return type == null ? "not mapped" : "a [" + type + "] field";
    }

    private static String name(Map<String, Object> named, String role, String fallback) {
        return named.get(role) instanceof String s ? s : fallback;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private static Map<String, Object> properties(IndexMetadata index) {
        if (index.mapping() == null) {
            return Map.of();
        }
        return index.mapping().sourceAsMap().get("properties") instanceof Map<?, ?> p ? cast(p) : Map.of();
    }

    private static Map<String, Object> field(Map<String, Object> properties, String path) {
        Map<String, Object> node = null;
        Map<String, Object> level = properties;
        for (String part : path.split("\\.")) {
            if (level == null || !(level.get(part) instanceof Map<?, ?> child)) {
                return null;
            }
            node = cast(child);
            level = node.get("properties") instanceof Map<?, ?> p ? cast(p) : null;
        }
        return node;
    }

    /** The mapped type of a (possibly dotted) field of the index, "object" for objects, null when it is not mapped. */
    public static String fieldType(IndexMetadata index, String path) {
        return type(properties(index), path);
    }

    /** The mapped type of a (possibly dotted) field, "object" for objects, null when it is not mapped. */
    static String type(Map<String, Object> properties, String path) {
        Map<String, Object> node = field(properties, path);
        if (node == null) {
            return null;
        }
        return node.get("type") instanceof String t ? t : "object";
    }

    static String subFieldType(Map<String, Object> properties, String path, String subField) {
        Map<String, Object> node = field(properties, path);
        if (node == null || !(node.get("fields") instanceof Map<?, ?> fields) || !(fields.get(subField) instanceof Map<?, ?> sub)) {
            return null;
        }
        return sub.get("type") instanceof String t ? t : null;
    }
}
