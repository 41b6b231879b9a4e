/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.ingest;

import org.apache.lucene.util.VectorUtil;
import org.opensearch.ingest.AbstractProcessor;
import org.opensearch.ingest.ConfigurationUtils;
import org.opensearch.ingest.IngestDocument;
import org.opensearch.ingest.Processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validates an embedding before it reaches a {@code knn_vector} field and, by default, L2-normalises it so that cosine
 * similarity and dot products agree. A bad vector fails its own document with a message naming the field and the
 * problem, instead of a mapping error deep inside the k-NN codec.
 */
public final class EmbeddingProcessor extends AbstractProcessor {

    public static final String TYPE = "text_insights_embedding";
    public static final String DEFAULT_FIELD = "embedding";
    /** The k-NN plugin's own upper bound for a lucene-engine vector. */
    public static final int MAX_DIMENSION = 16_000;

    private final String field;
    private final String targetField;
    private final int dimension;
    private final boolean normalize;
    private final boolean ignoreMissing;

    EmbeddingProcessor(
        String tag,
        String description,
        String field,
        String targetField,
        int dimension,
        boolean normalize,
        boolean ignoreMissing
    ) {
        super(tag, description);
        this.field = field;
        this.targetField = targetField;
        this.dimension = dimension;
        this.normalize = normalize;
        this.ignoreMissing = ignoreMissing;
    }

    @Override
    public IngestDocument execute(IngestDocument document) {
        Object value = document.getFieldValue(field, Object.class, true);
        if (value == null) {
            if (ignoreMissing) {
                return document;
            }
            throw new IllegalArgumentException(
                "field [" + field + "] is missing or null: send an array of " + dimension + " numbers, or set [ignore_missing] to true"
            );
        }
        float[] vector = toVector(value);
        if (normalize) {
            if (isZero(vector)) {
                throw new IllegalArgumentException(
                    "field [" + field + "] is a zero vector, which has no direction to normalize for cosine similarity: "
                        + "send a non-zero vector or set [normalize] to false"
                );
            }
            VectorUtil.l2normalize(vector);
        }
        List<Float> stored = new ArrayList<>(vector.length);
        for (float v : vector) {
            stored.add(v);
        }
        document.setFieldValue(targetField, stored);
        return document;
    }

    private float[] toVector(Object value) {
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(
                "field [" + field + "] must be an array of " + dimension + " numbers, found a " + typeName(value)
            );
        }
        if (list.size() != dimension) {
            throw new IllegalArgumentException(
                "field [" + field + "] has " + list.size() + " values, expected dimension [" + dimension + "]"
            );
        }
        float[] vector = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            Object item = list.get(i);
            if (!(item instanceof Number number)) {
                throw new IllegalArgumentException(
                    "field [" + field + "] must be an array of numbers, found a " + typeName(item) + " at index [" + i + "]"
                );
            }
            // A double beyond the float range becomes infinite here: the k-NN field stores floats, so reject it too.
            float f = number.floatValue();
            if (Float.isFinite(f) == false) {
                throw new IllegalArgumentException(
                    "field [" + field + "] has a non-finite value [" + number + "] at index [" + i + "]: every value must be a "
                        + "finite 32-bit float"
                );
            }
            vector[i] = f;
        }
        return vector;
    }

    private static boolean isZero(float[] vector) {
        for (float v : vector) {
            if (v != 0f) {
                return false;
            }
        }
        return true;
    }

    static String typeName(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof Map) {
            return "object";
        }
        if (value instanceof List) {
            return "array";
        }
        return value.getClass().getSimpleName();
    }

    @Override
    public String getType() {
        return TYPE;
    }

    String getField() {
        return field;
    }

    String getTargetField() {
        return targetField;
    }

    int getDimension() {
        return dimension;
    }

    boolean isNormalize() {
        return normalize;
    }

    boolean isIgnoreMissing() {
        return ignoreMissing;
    }

    public static final class Factory implements Processor.Factory {

        @Override
        public EmbeddingProcessor create(
            Map<String, Processor.Factory> registry,
            String tag,
            String description,
            Map<String, Object> config
        ) {
            String field = ConfigurationUtils.readStringProperty(TYPE, tag, config, "field", DEFAULT_FIELD);
            String targetField = ConfigurationUtils.readStringProperty(TYPE, tag, config, "target_field", field);
            Integer dimension = ConfigurationUtils.readIntProperty(TYPE, tag, config, "dimension", null);
            if (dimension == null) {
                throw ConfigurationUtils.newConfigurationException(
                    TYPE,
                    tag,
                    "dimension",
                    "required property is missing: set it to the length of your embeddings, e.g. 384"
                );
            }
            if (dimension < 1 || dimension > MAX_DIMENSION) {
                throw ConfigurationUtils.newConfigurationException(
                    TYPE,
                    tag,
                    "dimension",
                    "must be between 1 and " + MAX_DIMENSION + ", got [" + dimension + "]"
                );
            }
            boolean normalize = ConfigurationUtils.readBooleanProperty(TYPE, tag, config, "normalize", true);
            boolean ignoreMissing = ConfigurationUtils.readBooleanProperty(TYPE, tag, config, "ignore_missing", false);
            return new EmbeddingProcessor(tag, description, field, targetField, dimension, normalize, ignoreMissing);
        }
    }
}
