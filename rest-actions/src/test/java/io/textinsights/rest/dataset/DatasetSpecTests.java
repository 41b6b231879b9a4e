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
}
