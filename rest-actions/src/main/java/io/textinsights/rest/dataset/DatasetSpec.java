/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.dataset;

import io.textinsights.rest.schema.ResultFields;
import io.textinsights.rest.schema.WordsAnalysis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a dataset index holds and where: the body of {@code PUT /_plugins/_text_insights/datasets/{index}}, also stored in
 * the index mapping's {@code _meta} so that later runs know the field names without asking again.
 *
 * @param dimension        length of every embedding
 * @param spaceType        k-NN space: {@code cosinesimil}, {@code l2} or {@code innerproduct}
 * @param numberOfShards   primary shards of the index
 * @param numberOfReplicas replicas, or null for the cluster's default
 * @param normalize        whether the embedding processor L2-normalises vectors
 * @param logits           whether the logged scores are logits rather than probabilities
 * @param fields           field names (see {@link Fields})
 * @param classes          class names in the column order of the probabilities, or null to read them per document from
 *                         the {@code classes} field
 */
public record DatasetSpec(
    int dimension,
    String spaceType,
    int numberOfShards,
    Integer numberOfReplicas,
    boolean normalize,
    boolean logits,
    Fields fields,
    List<String> classes
) {

    public static final List<String> SPACE_TYPES = List.of("cosinesimil", "l2", "innerproduct");
    public static final int MAX_DIMENSION = 16_000;
    public static final int MAX_SHARDS = 1024;
    /** Field that holds per-document class names when the dataset does not fix them. */
    public static final String CLASSES_FIELD = "classes";
    /** Fields the pipeline and later runs write; a role may not point at them. */
    public static final List<String> RESERVED_FIELDS = List.of(ResultFields.IN_DATASET, "dep", "margin", "confidence");
    /**
     * Most class names {@code fields.classes} may list: they are kept in the index mapping's {@code _meta} and in the
     * pipeline, both in the cluster state that every node holds and every change to it ships.
     */
    public static final int MAX_CLASSES = 10_000;
    /** Longest class name, in characters: a class name is a keyword value of the label and prediction fields. */
    public static final int MAX_CLASS_NAME_LENGTH = 256;
    /** Longest field name of a role, in characters (the mapping, {@code _meta} and the pipeline all hold it). */
    public static final int MAX_FIELD_NAME_LENGTH = 255;
    /** Characters of a bad value quoted back in a problem; the rest is elided, so a huge value never makes a huge answer. */
    static final int MAX_SHOWN_LENGTH = 64;
    /** Unknown keys named one by one (at each level); any more are counted in one last problem. */
    static final int MAX_UNKNOWN_KEYS_SHOWN = 10;
    private static final String KNOWN_SETTINGS = "dimension, space_type, number_of_shards, number_of_replicas, normalize, logits, fields";
    private static final String KNOWN_ROLES = "text, label, prediction, split, vector, probs, classes";

    /** Names of the sample's fields in the index. */
    public record Fields(String text, String label, String prediction, String split, String vector, String probs) {
        public static final Fields DEFAULTS = new Fields("text", "label", "prediction", "split", "embedding", "probs");

        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("text", text);
            map.put("label", label);
            map.put("prediction", prediction);
            map.put("split", split);
            map.put("vector", vector);
            map.put("probs", probs);
            return map;
        }

        List<String> all() {
            return List.of(text, label, prediction, split, vector, probs);
        }
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("dimension", dimension);
        map.put("space_type", spaceType);
        map.put("number_of_shards", numberOfShards);
        if (numberOfReplicas != null) {
            map.put("number_of_replicas", numberOfReplicas);
        }
        map.put("normalize", normalize);
        map.put("logits", logits);
        Map<String, Object> fieldMap = fields.toMap();
        if (classes != null) {
            fieldMap.put("classes", classes);
        }
        map.put("fields", fieldMap);
        return map;
    }

    /**
     * Reads a request body (or a stored {@code _meta}), adding every problem found to {@code problems} rather than
     * stopping at the first one. Returns null when there was any problem.
     */
    public static DatasetSpec fromMap(Map<String, ?> body, List<String> problems) {
        Map<String, Object> map = new LinkedHashMap<>(body == null ? Map.of() : body);
        int before = problems.size();
        boolean hasDimension = map.get("dimension") != null;
        Integer dimension = readInt(map, "dimension", null, 1, MAX_DIMENSION, problems);
        if (hasDimension == false) {
            problems.add("[dimension] is required: set it to the length of your embeddings, e.g. 384");
        }
        String spaceType = lower(readString(map, "space_type", "cosinesimil", problems));
        if (spaceType != null && SPACE_TYPES.contains(spaceType) == false) {
            problems.add("[space_type] must be one of " + SPACE_TYPES + ", got [" + shown(spaceType) + "]");
        }
        Integer shards = readInt(map, "number_of_shards", 1, 1, MAX_SHARDS, problems);
        Integer replicas = readInt(map, "number_of_replicas", null, 0, 16, problems);
        Boolean normalize = readBoolean(map, "normalize", "cosinesimil".equals(spaceType), problems);
        Boolean logits = readBoolean(map, "logits", false, problems);
        Fields fields = Fields.DEFAULTS;
        List<String> classes = null;
        Object fieldsValue = map.remove("fields");
        if (fieldsValue != null && !(fieldsValue instanceof Map)) {
            problems.add("[fields] must be an object mapping roles (text, label, ...) to field names");
        } else if (fieldsValue != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> f = new LinkedHashMap<>((Map<String, Object>) fieldsValue);
            Fields d = Fields.DEFAULTS;
            fields = new Fields(
                readFieldName(f, "text", d.text(), problems),
                readFieldName(f, "label", d.label(), problems),
                readFieldName(f, "prediction", d.prediction(), problems),
                readFieldName(f, "split", d.split(), problems),
                readFieldName(f, "vector", d.vector(), problems),
                readFieldName(f, "probs", d.probs(), problems)
            );
            Object classesValue = f.remove("classes");
            if (classesValue != null) {
                classes = readClasses(classesValue, problems);
            }
            rejectUnknown(f, "fields.", "is not a known field role", "[fields] has %d more unknown roles", KNOWN_ROLES, problems);
            Set<String> seen = new HashSet<>();
            for (String name : fields.all()) {
                if (name != null && seen.add(name) == false) {
                    problems.add("[fields] uses the field name [" + name + "] for two roles: give each role its own field");
                }
            }
            for (String reserved : RESERVED_FIELDS) {
                if (seen.contains(reserved)) {
                    problems.add("[fields] may not use [" + reserved + "]: it is written by Text Insights; rename that field");
                }
            }
            if (classes == null && seen.contains(CLASSES_FIELD)) {
                problems.add("[fields] may not use [classes] unless [fields.classes] is given: it holds per-document class names");
            }
            checkNesting(fields, classes == null, problems);
        }
        rejectUnknown(map, "", "is not a known setting", "%d more keys are not known settings", KNOWN_SETTINGS, problems);
        if (problems.size() > before) {
            return null;
        }
        return new DatasetSpec(dimension, spaceType, shards, replicas, normalize, logits, fields, classes);
    }

    private static List<String> readClasses(Object value, List<String> problems) {
        if (!(value instanceof List<?> list)) {
            problems.add("[fields.classes] must be an array of class names in the column order of the probabilities");
            return null;
        }
        if (list.size() > MAX_CLASSES) {
            problems.add(
                "[fields.classes] names " + list.size() + " classes, more than the limit of " + MAX_CLASSES + ": the class names are kept "
                    + "in the index mapping and the pipeline (the cluster state); leave [fields.classes] out and send each document's "
                    + "class names in its [" + CLASSES_FIELD + "] field instead"
            );
            return null;
        }
        List<String> names = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String s) || s.isBlank()) {
                problems.add("[fields.classes] must hold non-empty strings, found [" + shown(item) + "]");
                return null;
            }
            if (s.length() > MAX_CLASS_NAME_LENGTH) {
                problems.add(
                    "[fields.classes] holds a class name of " + s.length() + " characters, more than the limit of " + MAX_CLASS_NAME_LENGTH
                        + ": shorten it, e.g. to an id, and keep the long name elsewhere; found [" + shown(s) + "]"
                );
                return null;
            }
            names.add(s);
        }
        if (names.size() < 2) {
            problems.add("[fields.classes] must name at least 2 classes, got " + names.size());
            return null;
        }
        if (new HashSet<>(names).size() != names.size()) {
            problems.add("[fields.classes] names a class twice: class names must be unique");
            return null;
        }
        return List.copyOf(names);
    }

    private static String readFieldName(Map<String, Object> map, String key, String defaultValue, List<String> problems) {
        Object value = map.remove(key);
        if (value == null) {
            return defaultValue;
        }
        if (!(value instanceof String s) || s.isBlank() || s.startsWith("_") || s.startsWith(".") || s.endsWith(".")) {
            problems.add(
                "[fields." + key + "] must be a field name (a non-empty string, not starting with _ or .), got [" + shown(value) + "]"
            );
            return defaultValue;
        }
        if (s.length() > MAX_FIELD_NAME_LENGTH) {
            problems.add(
                "[fields." + key + "] is a field name of " + s.length() + " characters, more than the limit of " + MAX_FIELD_NAME_LENGTH
                    + ": rename that field in your documents to a shorter name; got [" + shown(s) + "]"
            );
            return defaultValue;
        }
        return s;
    }

    /**
     * A field cannot hold a value and other fields: two roles where one is inside the other ({@code a} and {@code a.b}),
     * or a role inside a field Text Insights maps ({@code dep.x}, the text's {@code words} sub-field), would fail as a
     * mapping conflict that names neither role.
     */
    private static void checkNesting(Fields fields, boolean perDocumentClasses, List<String> problems) {
        List<String> mapped = new ArrayList<>(RESERVED_FIELDS);
        if (perDocumentClasses) {
            mapped.add(CLASSES_FIELD);
        }
        Map<String, Object> roles = fields.toMap();
        for (Map.Entry<String, Object> inner : roles.entrySet()) {
            String name = (String) inner.getValue();
            for (String reserved : mapped) {
                if (name.startsWith(reserved + ".")) {
                    problems.add(
                        "[fields." + inner.getKey() + "] may not use [" + name + "]: [" + reserved
                            + "] is a field Text Insights maps for itself; rename that field"
                    );
                }
            }
            for (Map.Entry<String, Object> outer : roles.entrySet()) {
                String outerName = (String) outer.getValue();
                if (name.startsWith(outerName + ".")) {
                    String what = "text".equals(outer.getKey()) && name.equals(outerName + "." + WordsAnalysis.WORDS_SUBFIELD)
                        ? "the [" + WordsAnalysis.WORDS_SUBFIELD + "] sub-field Text Insights adds to the text field"
                        : "a field inside the field of [fields." + outer.getKey() + "]";
                    problems.add(
                        "[fields." + inner.getKey() + "] is [" + name + "], " + what + " ([" + outerName + "]): a field cannot "
                            + "hold a value and other fields; give each role a field of its own"
                    );
                }
            }
        }
    }

    private static Integer readInt(Map<String, Object> map, String key, Integer defaultValue, int min, int max, List<String> problems) {
        Object value = map.remove(key);
        if (value == null) {
            return defaultValue;
        }
        if (!(value instanceof Integer) && !(value instanceof Long)) {
            problems.add("[" + key + "] must be a whole number from " + min + " to " + max + ", got [" + shown(value) + "]");
            return null;
        }
        long v = ((Number) value).longValue();
        if (v < min || v > max) {
            problems.add("[" + key + "] must be from " + min + " to " + max + ", got [" + v + "]");
            return null;
        }
        return (int) v;
    }

    private static String readString(Map<String, Object> map, String key, String defaultValue, List<String> problems) {
        Object value = map.remove(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof String s) {
            return s;
        }
        problems.add("[" + key + "] must be a string, got [" + shown(value) + "]");
        return null;
    }

    private static Boolean readBoolean(Map<String, Object> map, String key, Boolean defaultValue, List<String> problems) {
        Object value = map.remove(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        problems.add("[" + key + "] must be true or false, got [" + shown(value) + "]");
        return null;
    }

    /** One problem per key left in {@code map} (everything known has been read and removed), the first few by name. */
    private static void rejectUnknown(
        Map<String, Object> map,
        String prefix,
        String problem,
        String moreFormat,
        String known,
        List<String> problems
    ) {
        int shown = 0;
        for (String key : map.keySet()) {
            if (shown == MAX_UNKNOWN_KEYS_SHOWN) {
                problems.add(String.format(Locale.ROOT, moreFormat, map.size() - shown) + ": use " + known);
                return;
            }
            problems.add("[" + prefix + shown(key) + "] " + problem + ": use " + known);
            shown++;
        }
    }

    /** A value as a problem quotes it: at most {@link #MAX_SHOWN_LENGTH} characters, then how long it was. */
    static String shown(Object value) {
        String s = String.valueOf(value);
        if (s.length() <= MAX_SHOWN_LENGTH) {
            return s;
        }
        return s.substring(0, MAX_SHOWN_LENGTH) + "... (" + s.length() + " characters)";
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
