/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.ingest;

import io.textinsights.math.dep.DataErrorPotential;

import org.opensearch.ingest.AbstractProcessor;
import org.opensearch.ingest.ConfigurationUtils;
import org.opensearch.ingest.IngestDocument;
import org.opensearch.ingest.Processor;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes a sample's Data Error Potential from the class probabilities its model logged per epoch (see
 * {@link DataErrorPotential}) and writes {@code dep}, {@code margin}, {@code confidence} and, when the document has none,
 * the prediction (into {@code prediction_field}, by default {@code prediction} under {@code target_prefix}).
 */
public final class DepProcessor extends AbstractProcessor {

    public static final String TYPE = "text_insights_dep";
    public static final String DEFAULT_PROBS_FIELD = "probs";
    public static final String DEFAULT_LABEL_FIELD = "label";
    public static final String DEFAULT_PREDICTION_FIELD = "prediction";

    private final String probsField;
    private final String labelField;
    private final String predictionField;
    private final List<String> classes;
    private final String classesField;
    private final boolean logits;
    private final String targetPrefix;
    private final boolean ignoreMissing;

    DepProcessor(
        String tag,
        String description,
        String probsField,
        String labelField,
        String predictionField,
        List<String> classes,
        String classesField,
        boolean logits,
        String targetPrefix,
        boolean ignoreMissing
    ) {
        super(tag, description);
        this.probsField = probsField;
        this.labelField = labelField;
        this.predictionField = predictionField;
        this.classes = classes;
        this.classesField = classesField;
        this.logits = logits;
        this.targetPrefix = targetPrefix;
        this.ignoreMissing = ignoreMissing;
    }

    @Override
    public IngestDocument execute(IngestDocument document) {
        Object probs = document.getFieldValue(probsField, Object.class, true);
        if (probs == null) {
            if (ignoreMissing) {
                return document;
            }
            throw new IllegalArgumentException(
                "field [" + probsField + "] is missing or null: send the class probabilities (one row, or one row per epoch), "
                    + "or set [ignore_missing] to true"
            );
        }
        List<String> docClasses = classes != null ? classes : readClasses(document);
        double[][] matrix = toMatrix(probs, docClasses.size());
        int gold = goldIndex(document, docClasses);
        DataErrorPotential.Result result;
        try {
            result = DataErrorPotential.compute(matrix, gold, logits);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field [" + probsField + "] " + e.getMessage(), e);
        }
        document.setFieldValue(target("dep"), result.dep());
        document.setFieldValue(target("margin"), result.margin());
        document.setFieldValue(target("confidence"), result.confidence());
        if (document.hasField(predictionField) == false || document.getFieldValue(predictionField, Object.class) == null) {
            document.setFieldValue(predictionField, docClasses.get(result.prediction()));
        }
        return document;
    }

    private String target(String name) {
        return targetPrefix.isEmpty() ? name : targetPrefix + "." + name;
    }

    private List<String> readClasses(IngestDocument document) {
        Object value = document.getFieldValue(classesField, Object.class, true);
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(
                "field [" + classesField + "] must be an array of class names in the column order of [" + probsField + "], found "
                    + (value == null ? "nothing" : "a " + EmbeddingProcessor.typeName(value))
            );
        }
        List<String> names = list.stream().map(String::valueOf).toList();
        String problem = checkClasses(names);
        if (problem != null) {
            throw new IllegalArgumentException("field [" + classesField + "] " + problem);
        }
        return names;
    }

    /** Returns why a class list is unusable, or null when it is fine. */
    static String checkClasses(List<String> names) {
        if (names.size() < 2) {
            return "must name at least 2 classes, got " + names.size();
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (seen.add(name) == false) {
                return "names class [" + name + "] twice: class names must be unique";
            }
        }
        return null;
    }

    private double[][] toMatrix(Object probs, int classCount) {
        if (!(probs instanceof List<?> rows) || rows.isEmpty()) {
            throw new IllegalArgumentException(
                "field [" + probsField + "] must be an array of " + classCount + " numbers or an array of such arrays (one per "
                    + "epoch), found " + (probs instanceof List ? "an empty array" : "a " + EmbeddingProcessor.typeName(probs))
            );
        }
        // One probability vector is accepted as a single epoch.
        boolean singleRow = !(rows.get(0) instanceof List);
        double[][] matrix = new double[singleRow ? 1 : rows.size()][];
        if (singleRow) {
            matrix[0] = toRow(rows, -1);
        } else {
            for (int epoch = 0; epoch < rows.size(); epoch++) {
                if (!(rows.get(epoch) instanceof List<?> row)) {
                    throw new IllegalArgumentException(
                        "field [" + probsField + "] is ragged: element [" + epoch + "] is a " + EmbeddingProcessor.typeName(rows.get(epoch))
                            + " but element [0] is an array"
                    );
                }
                matrix[epoch] = toRow(row, epoch);
            }
        }
        for (int epoch = 0; epoch < matrix.length; epoch++) {
            if (matrix[epoch].length != classCount) {
                throw new IllegalArgumentException(
                    "field [" + probsField + "] " + (singleRow ? "has " : "row [" + epoch + "] has ") + matrix[epoch].length
                        + " values, expected one per class (" + classCount + ": " + String.join(", ", classesOrPlaceholder(classCount)) + ")"
                );
            }
        }
        return matrix;
    }

    private List<String> classesOrPlaceholder(int classCount) {
        return classes != null ? classes : List.of("from [" + classesField + "]");
    }

    private double[] toRow(List<?> row, int epoch) {
        double[] values = new double[row.size()];
        for (int c = 0; c < values.length; c++) {
            if (!(row.get(c) instanceof Number number)) {
                throw new IllegalArgumentException(
                    "field [" + probsField + "] must hold numbers, found a " + EmbeddingProcessor.typeName(row.get(c))
                        + (epoch < 0 ? "" : " in row [" + epoch + "]") + " at index [" + c + "]"
                );
            }
            values[c] = number.doubleValue();
        }
        return values;
    }

    private int goldIndex(IngestDocument document, List<String> docClasses) {
        Object label = document.getFieldValue(labelField, Object.class, true);
        if (label == null) {
            throw new IllegalArgumentException("field [" + labelField + "] is missing or null: DEP needs the gold label of the sample");
        }
        if (label instanceof String name) {
            int index = docClasses.indexOf(name);
            if (index < 0) {
                throw new IllegalArgumentException(
                    "field [" + labelField + "] has label [" + name + "], which is not among the classes " + docClasses
                );
            }
            return index;
        }
        // Integer labels are class indexes, as most training loops log them.
        if (label instanceof Integer || label instanceof Long || label instanceof Short || label instanceof Byte) {
            long index = ((Number) label).longValue();
            if (index < 0 || index >= docClasses.size()) {
                throw new IllegalArgumentException(
                    "field [" + labelField + "] has class index [" + index + "], outside [0, " + docClasses.size() + ")"
                );
            }
            return (int) index;
        }
        throw new IllegalArgumentException(
            "field [" + labelField + "] must be a class name or a class index, found a " + EmbeddingProcessor.typeName(label)
        );
    }

    @Override
    public String getType() {
        return TYPE;
    }

    List<String> getClasses() {
        return classes;
    }

    String getClassesField() {
        return classesField;
    }

    String getProbsField() {
        return probsField;
    }

    String getLabelField() {
        return labelField;
    }

    String getPredictionField() {
        return predictionField;
    }

    boolean isLogits() {
        return logits;
    }

    String getTargetPrefix() {
        return targetPrefix;
    }

    boolean isIgnoreMissing() {
        return ignoreMissing;
    }

    public static final class Factory implements Processor.Factory {

        @Override
        public DepProcessor create(Map<String, Processor.Factory> registry, String tag, String description, Map<String, Object> config) {
            String probsField = ConfigurationUtils.readStringProperty(TYPE, tag, config, "probs_field", DEFAULT_PROBS_FIELD);
            String labelField = ConfigurationUtils.readStringProperty(TYPE, tag, config, "label_field", DEFAULT_LABEL_FIELD);
            String predictionField = ConfigurationUtils.readOptionalStringProperty(TYPE, tag, config, "prediction_field");
            List<String> classes = ConfigurationUtils.readOptionalList(TYPE, tag, config, "classes");
            String classesField = ConfigurationUtils.readOptionalStringProperty(TYPE, tag, config, "classes_field");
            if (classes == null && classesField == null) {
                throw ConfigurationUtils.newConfigurationException(
                    TYPE,
                    tag,
                    "classes",
                    "either [classes] (the class names in column order) or [classes_field] must be set"
                );
            }
            if (classes != null && classesField != null) {
                throw ConfigurationUtils.newConfigurationException(TYPE, tag, "classes", "set [classes] or [classes_field], not both");
            }
            if (classes != null) {
                List<String> names = classes.stream().map(String::valueOf).toList();
                String problem = checkClasses(names);
                if (problem != null) {
                    throw ConfigurationUtils.newConfigurationException(TYPE, tag, "classes", problem);
                }
                classes = names;
            }
            boolean logits = ConfigurationUtils.readBooleanProperty(TYPE, tag, config, "logits", false);
            String targetPrefix = ConfigurationUtils.readStringProperty(TYPE, tag, config, "target_prefix", "");
            boolean ignoreMissing = ConfigurationUtils.readBooleanProperty(TYPE, tag, config, "ignore_missing", false);
            if (predictionField == null) {
                predictionField = targetPrefix.isEmpty() ? DEFAULT_PREDICTION_FIELD : targetPrefix + "." + DEFAULT_PREDICTION_FIELD;
            } else if (predictionField.isBlank()) {
                throw ConfigurationUtils.newConfigurationException(
                    TYPE,
                    tag,
                    "prediction_field",
                    "must be a field name, got [" + predictionField + "]: leave it out to write [" + DEFAULT_PREDICTION_FIELD + "]"
                );
            }
            // The prediction is written only where the document has none: on the label or the probabilities it never would be.
            if (predictionField.equals(labelField)) {
                throw ConfigurationUtils.newConfigurationException(
                    TYPE,
                    tag,
                    "prediction_field",
                    "must differ from [label_field] ([" + labelField + "]): the model's prediction and the gold label need a field each"
                );
            }
            if (predictionField.equals(probsField)) {
                throw ConfigurationUtils.newConfigurationException(
                    TYPE,
                    tag,
                    "prediction_field",
                    "must differ from [probs_field] ([" + probsField + "]): the prediction and the probabilities need a field each"
                );
            }
            return new DepProcessor(
                tag,
                description,
                probsField,
                labelField,
                predictionField,
                classes,
                classesField,
                logits,
                targetPrefix,
                ignoreMissing
            );
        }
    }
}
