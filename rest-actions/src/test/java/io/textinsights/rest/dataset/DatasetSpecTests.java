/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.dataset;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetSpecTests {

    private static List<String> problemsOf(Map<String, Object> body) {
        List<String> problems = new ArrayList<>();
        assertNull(DatasetSpec.fromMap(body, problems));
        return problems;
    }

    @Test
    void defaults() {
        List<String> problems = new ArrayList<>();
        DatasetSpec spec = DatasetSpec.fromMap(Map.of("dimension", 384), problems);
        assertEquals(List.of(), problems);
        assertNotNull(spec);
        assertEquals(384, spec.dimension());
        assertEquals("cosinesimil", spec.spaceType());
        assertEquals(1, spec.numberOfShards());
        assertNull(spec.numberOfReplicas());
        assertTrue(spec.normalize());
        assertFalse(spec.logits());
        assertEquals(DatasetSpec.Fields.DEFAULTS, spec.fields());
        assertNull(spec.classes());
    }

    @Test
    void full_body_round_trips_through_its_map() {
        Map<String, Object> body = Map.of(
            "dimension", 384,
            "space_type", "cosinesimil",
            "number_of_shards", 3,
            "fields", Map.of("text", "body", "vector", "vec", "classes", List.of("World", "Sports", "Business", "Sci/Tech"))
        );
        List<String> problems = new ArrayList<>();
        DatasetSpec spec = DatasetSpec.fromMap(body, problems);
        assertEquals(List.of(), problems);
        assertEquals("body", spec.fields().text());
        assertEquals("vec", spec.fields().vector());
        assertEquals("label", spec.fields().label());
        assertEquals(List.of("World", "Sports", "Business", "Sci/Tech"), spec.classes());
        assertEquals(spec, DatasetSpec.fromMap(spec.toMap(), problems));
    }

    @Test
    void normalize_defaults_to_false_outside_cosine() {
        DatasetSpec spec = DatasetSpec.fromMap(Map.of("dimension", 8, "space_type", "l2"), new ArrayList<>());
        assertFalse(spec.normalize());
    }

    @Test
    void collects_every_problem_at_once() {
        List<String> problems = problemsOf(
            Map.of(
                "space_type", "hamming",
                "number_of_shards", 0,
                "logits", "yes",
                "colour", "red",
                "fields", Map.of("text", "_source", "flavour", "x", "classes", List.of("a"))
            )
        );
        assertEquals(
            List.of(
                "[dimension] is required: set it to the length of your embeddings, e.g. 384",
                "[space_type] must be one of [cosinesimil, l2, innerproduct], got [hamming]",
                "[number_of_shards] must be from 1 to 1024, got [0]",
                "[logits] must be true or false, got [yes]",
                "[fields.text] must be a field name (a non-empty string, not starting with _ or .), got [_source]",
                "[fields.classes] must name at least 2 classes, got 1",
                "[fields.flavour] is not a known field role: use text, label, prediction, split, vector, probs, classes",
                "[colour] is not a known setting: use dimension, space_type, number_of_shards, number_of_replicas, normalize, logits, fields"
            ),
            problems
        );
    }

    @Test
    void rejects_non_integer_dimension() {
        assertEquals(
            List.of("[dimension] must be a whole number from 1 to 16000, got [3.5]"),
            problemsOf(Map.of("dimension", 3.5))
        );
        assertEquals(List.of("[dimension] must be from 1 to 16000, got [20000]"), problemsOf(Map.of("dimension", 20000)));
    }

    @Test
    void rejects_shared_and_reserved_field_names() {
        assertEquals(
            List.of("[fields] uses the field name [label] for two roles: give each role its own field"),
            problemsOf(Map.of("dimension", 4, "fields", Map.of("prediction", "label")))
        );
        assertEquals(
            List.of("[fields] may not use [dep]: it is written by Text Insights; rename that field"),
            problemsOf(Map.of("dimension", 4, "fields", Map.of("label", "dep")))
        );
        assertEquals(
            List.of("[fields] may not use [classes] unless [fields.classes] is given: it holds per-document class names"),
            problemsOf(Map.of("dimension", 4, "fields", Map.of("split", "classes")))
        );
    }

    @Test
    void rejects_duplicate_classes() {
        assertEquals(
            List.of("[fields.classes] names a class twice: class names must be unique"),
            problemsOf(Map.of("dimension", 4, "fields", Map.of("classes", List.of("a", "b", "a"))))
        );
    }

    private static List<String> names(String prefix, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(prefix + i);
        }
        return names;
    }

    @Test
    void bounds_the_number_of_classes() {
        assertEquals(
            List.of(
                "[fields.classes] names 100000 classes, more than the limit of 10000: the class names are kept in the index mapping and "
                    + "the pipeline (the cluster state); leave [fields.classes] out and send each document's class names in its "
                    + "[classes] field instead"
            ),
            problemsOf(Map.of("dimension", 4, "fields", Map.of("classes", names("c", 100_000))))
        );
        List<String> problems = new ArrayList<>();
        DatasetSpec spec = DatasetSpec.fromMap(Map.of("dimension", 4, "fields", Map.of("classes", names("c", 10_000))), problems);
        assertEquals(List.of(), problems);
        assertEquals(10_000, spec.classes().size());
    }

    @Test
    void bounds_the_length_of_a_class_name() {
        String tooLong = "x".repeat(257);
        assertEquals(
            List.of(
                "[fields.classes] holds a class name of 257 characters, more than the limit of 256: shorten it, e.g. to an id, and keep "
                    + "the long name elsewhere; found [" + "x".repeat(64) + "... (257 characters)]"
            ),
            problemsOf(Map.of("dimension", 4, "fields", Map.of("classes", List.of("a", tooLong))))
        );
        List<String> problems = new ArrayList<>();
        DatasetSpec.fromMap(Map.of("dimension", 4, "fields", Map.of("classes", List.of("a", "x".repeat(256)))), problems);
        assertEquals(List.of(), problems);
    }

    @Test
    void bounds_the_length_of_a_field_name() {
        assertEquals(
            List.of(
                "[fields.text] is a field name of 256 characters, more than the limit of 255: rename that field in your documents to a "
                    + "shorter name; got [" + "t".repeat(64) + "... (256 characters)]"
            ),
            problemsOf(Map.of("dimension", 4, "fields", Map.of("text", "t".repeat(256))))
        );
        List<String> problems = new ArrayList<>();
        DatasetSpec spec = DatasetSpec.fromMap(Map.of("dimension", 4, "fields", Map.of("text", "t".repeat(255))), problems);
        assertEquals(List.of(), problems);
        assertEquals(255, spec.fields().text().length());
    }

    @Test
    void quotes_at_most_the_start_of_a_huge_bad_value() {
        String huge = "h".repeat(1_000_000);
        List<String> problems = problemsOf(
            Map.of(
                "dimension", List.of(huge),
                "space_type", huge,
                "logits", huge,
                "fields", Map.of("label", List.of(huge), "classes", List.of("a", List.of(huge)))
            )
        );
        String start = "h".repeat(63);
        assertEquals(
            List.of(
                "[dimension] must be a whole number from 1 to 16000, got [[" + start + "... (1000002 characters)]",
                "[space_type] must be one of [cosinesimil, l2, innerproduct], got [" + start + "h... (1000000 characters)]",
                "[logits] must be true or false, got [" + start + "h... (1000000 characters)]",
                "[fields.label] must be a field name (a non-empty string, not starting with _ or .), got [[" + start
                    + "... (1000002 characters)]",
                "[fields.classes] must hold non-empty strings, found [[" + start + "... (1000002 characters)]"
            ),
            problems
        );
    }

    @Test
    void names_the_first_unknown_keys_and_counts_the_rest() {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("dimension", 4);
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 1000; i++) {
            body.put("k" + i, i);
            fields.put("r" + i, "x" + i);
        }
        body.put("fields", fields);
        List<String> problems = problemsOf(body);
        assertEquals(22, problems.size(), problems.toString());
        assertEquals("[fields.r0] is not a known field role: use text, label, prediction, split, vector, probs, classes", problems.get(0));
        assertEquals("[fields.r9] is not a known field role: use text, label, prediction, split, vector, probs, classes", problems.get(9));
        assertEquals(
            "[fields] has 990 more unknown roles: use text, label, prediction, split, vector, probs, classes",
            problems.get(10)
        );
        assertEquals(
            "[k0] is not a known setting: use dimension, space_type, number_of_shards, number_of_replicas, normalize, logits, fields",
            problems.get(11)
        );
        assertEquals(
            "990 more keys are not known settings: use dimension, space_type, number_of_shards, number_of_replicas, normalize, logits, "
                + "fields",
            problems.get(21)
        );
    }

    @Test
    void rejects_a_role_inside_another_field() {
        assertEquals(
            List.of(
                "[fields.split] is [a.b], a field inside the field of [fields.label] ([a]): a field cannot hold a value and other "
                    + "fields; give each role a field of its own"
            ),
            problemsOf(Map.of("dimension", 4, "fields", Map.of("label", "a", "split", "a.b")))
        );
        assertEquals(
            List.of(
                "[fields.label] is [text.words], the [words] sub-field Text Insights adds to the text field ([text]): a field cannot "
                    + "hold a value and other fields; give each role a field of its own"
            ),
            problemsOf(Map.of("dimension", 4, "fields", Map.of("label", "text.words")))
        );
        assertEquals(
            List.of("[fields.text] may not use [dep.x]: [dep] is a field Text Insights maps for itself; rename that field"),
            problemsOf(Map.of("dimension", 4, "fields", Map.of("text", "dep.x")))
        );
        assertEquals(
            List.of(
                "[fields.label] may not use [text_insights.cluster_id]: [text_insights] is a field Text Insights maps for itself; "
                    + "rename that field"
            ),
            problemsOf(Map.of("dimension", 4, "fields", Map.of("label", "text_insights.cluster_id")))
        );
        assertEquals(
            List.of("[fields.label] may not use [classes.x]: [classes] is a field Text Insights maps for itself; rename that field"),
            problemsOf(Map.of("dimension", 4, "fields", Map.of("label", "classes.x")))
        );
        // with fixed classes nothing is mapped at [classes], and a dotted name beside other fields is fine
        List<String> problems = new ArrayList<>();
        DatasetSpec.fromMap(
            Map.of("dimension", 4, "fields", Map.of("label", "classes.x", "text", "doc.body", "split", "doc.split", "classes", List.of("a", "b"))),
            problems
        );
        assertEquals(List.of(), problems);
    }
}
