/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textinsights.rest.run.spec.RunParameters;
import io.textinsights.rest.schema.ResultsTarget;
import io.textinsights.rest.store.RunDocument;

import org.junit.jupiter.api.Test;
import org.opensearch.OpenSearchParseException;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.query.TermQueryBuilder;
import org.opensearch.search.SearchModule;

import java.io.IOException;
import java.util.List;
import java.util.Map;

class RestStartRunActionTests {

    private static final NamedXContentRegistry REGISTRY = new NamedXContentRegistry(
        new SearchModule(Settings.EMPTY, List.of()).getNamedXContents()
    );

    private static StartRunRequest parse(String json) throws IOException {
        try (XContentParser parser = JsonXContent.jsonXContent.createParser(REGISTRY, DeprecationHandler.THROW_UNSUPPORTED_OPERATION, json)) {
            return RestStartRunAction.parseRequest(parser, false);
        }
    }

    @Test
    void defaults_are_auto_umap_and_write_back() throws IOException {
        StartRunRequest request = parse("{\"index\": \"agnews\"}");
        assertNull(request.validate());
        RunParameters p = request.parameters();
        assertEquals("agnews", p.index());
        assertNull(p.query());
        assertNull(p.vectorField());
        assertEquals("auto", p.algorithm().name());
        assertNull(p.algorithm().k());
        assertEquals(RunParameters.DEFAULT_SEED, p.algorithm().seed());
        assertEquals("umap", p.projection().name());
        assertEquals(RunParameters.DEFAULT_PROJECTION_SAMPLE, p.projection().sampleSize());
        assertEquals(ResultsTarget.RESULTS, p.writeBack());
        assertFalse(request.waitForCompletion());
    }

    @Test
    void full_body_with_a_query() throws IOException {
        StartRunRequest request = parse("""
            {"index": "agnews", "query": {"term": {"split": "test"}}, "fields": {"vector": "vec"},
             "algorithm": {"name": "kmeans", "k": 4, "seed": 7, "max_iterations": 20, "tolerance": 0.001},
             "projection": {"name": "none", "sample_size": 1000}, "write_back": false}
            """);
        assertNull(request.validate());
        RunParameters p = request.parameters();
        TermQueryBuilder term = assertInstanceOf(TermQueryBuilder.class, p.query());
        assertEquals("split", term.fieldName());
        assertEquals("test", term.value());
        assertEquals("vec", p.vectorField());
        assertEquals(new RunParameters.Algorithm("kmeans", 4, null, 7, 20, 0.001), p.algorithm());
        assertEquals(new RunParameters.Projection("none", 1000), p.projection());
        assertFalse(p.hasMap());
        assertEquals(ResultsTarget.NONE, p.writeBack());
    }

    @Test
    void write_back_chooses_where_the_results_go() throws IOException {
        assertEquals(ResultsTarget.RESULTS, parse("{\"index\": \"a\", \"write_back\": true}").parameters().writeBack());
        assertEquals(ResultsTarget.RESULTS, parse("{\"index\": \"a\", \"write_back\": {\"target\": \"results\"}}").parameters().writeBack());
        assertEquals(ResultsTarget.DATASET, parse("{\"index\": \"a\", \"write_back\": {\"target\": \"Dataset\"}}").parameters().writeBack());
        assertEquals(ResultsTarget.NONE, parse("{\"index\": \"a\", \"write_back\": {\"target\": \"none\"}}").parameters().writeBack());
        assertEquals(Map.of("target", "dataset"),
            parse("{\"index\": \"a\", \"write_back\": {\"target\": \"dataset\"}}").parameters().toMap().get("write_back"));
        assertEquals(List.of("[write_back.target] must be one of [results, dataset, none] (\"dataset\" writes the results into your"
                + " documents, re-indexing each), got [documents]"),
            parse("{\"index\": \"a\", \"write_back\": {\"target\": \"documents\"}}").validate().validationErrors());
        assertEquals(List.of("[write_back.refresh] is not a known setting: use target"),
            parse("{\"index\": \"a\", \"write_back\": {\"target\": \"dataset\", \"refresh\": true}}").validate().validationErrors());
    }

    @Test
    void every_problem_is_reported_at_once() throws IOException {
        StartRunRequest request = parse("""
            {"algorithm": {"name": "kmeans", "k": 1, "colour": "red"}, "projection": {"name": "tsne"},
             "write_back": "yes", "limit": 3}
            """);
        assertEquals(
            List.of(
                "[index] is required: the dataset index to cluster, e.g. \"index\": \"agnews\"",
                "[algorithm.k] must be from 2 to 1000, got [1]",
                "[algorithm.colour] is not a known setting: use name, k, min_cluster_size, seed, max_iterations, tolerance",
                "[projection.name] must be one of [umap, none], got [tsne]",
                "[write_back] must be true (the default: results in the run's own index), false (none) or an object such as"
                    + " {\"target\": \"dataset\"}, got [yes]",
                "[limit] is not a known setting: use index, query, split, fields, algorithm, projection, top_words, write_back, summaries"
            ),
            request.validate().validationErrors()
        );
    }

    @Test
    void split_and_top_words_are_read_and_checked() throws IOException {
        RunParameters p = parse("{\"index\": \"a\", \"split\": \"train\", \"top_words\": {\"size\": 5, \"heuristic\": \"GND\"}}").parameters();
        assertEquals("train", p.split());
        assertEquals(new RunParameters.TopWords(5, "gnd"), p.topWords());
        assertEquals(RunParameters.TopWords.DEFAULT, parse("{\"index\": \"a\"}").parameters().topWords());
        assertEquals(
            List.of(
                "[split] must be a split name such as \"train\", got an empty string (leave it out for every split)",
                "[top_words.size] must be from 1 to 50, got [0]",
                "[top_words.heuristic] must be one of [jlh, chi_square, mutual_information, gnd], got [tfidf]",
                "[top_words.min_doc_count] is not a known setting: use size, heuristic"
            ),
            parse("{\"index\": \"a\", \"split\": \"\", \"top_words\": {\"size\": 0, \"heuristic\": \"tfidf\", \"min_doc_count\": 2}}")
                .validate()
                .validationErrors()
        );
    }

    @Test
    void summaries_are_off_unless_asked_for_and_checked() throws IOException {
        assertEquals(io.textinsights.rest.run.spec.SummaryOptions.DISABLED, parse("{\"index\": \"a\"}").parameters().summaries());
        RunParameters p = parse("{\"index\": \"a\", \"summaries\": {\"enabled\": true, \"n_labels\": 2, \"context\": \"news\"}}").parameters();
        assertEquals(new io.textinsights.rest.run.spec.SummaryOptions(true, 10, 2, "news", "Unclassified", 420), p.summaries());
        assertEquals(p.summaries().toMap(), p.toMap().get("summaries"));
        assertEquals(
            List.of("[summaries.samples_per_cluster] must be from 1 to 50, got [0]"),
            parse("{\"index\": \"a\", \"summaries\": {\"enabled\": true, \"samples_per_cluster\": 0}}").validate().validationErrors()
        );
        assertEquals(
            List.of(
                "[summaries.enabled] needs the run to write its results (leave \"write_back\" out, or set it to true): summaries label"
                    + " each sample's cluster in them"
            ),
            parse("{\"index\": \"a\", \"write_back\": false, \"summaries\": {\"enabled\": true}}").validate().validationErrors()
        );
        assertEquals(
            List.of("[summaries] must be an object, got [true]"),
            parse("{\"index\": \"a\", \"summaries\": true}").validate().validationErrors()
        );
    }

    @Test
    void kmeans_needs_k_and_k_needs_kmeans() throws IOException {
        assertEquals(
            List.of("[algorithm.k] is required for kmeans: the number of clusters, from 2 to 1000 (or use \"auto\")"),
            parse("{\"index\": \"a\", \"algorithm\": {\"name\": \"kmeans\"}}").validate().validationErrors()
        );
        assertEquals(
            List.of("[algorithm.k] only applies to kmeans; [hdbscan] picks the number of clusters itself"),
            parse("{\"index\": \"a\", \"algorithm\": {\"name\": \"hdbscan\", \"k\": 4}}").validate().validationErrors()
        );
    }

    @Test
    void bad_query_is_named() throws IOException {
        List<String> problems = parse("{\"index\": \"a\", \"query\": {\"no_such_query\": {}}}").validate().validationErrors();
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("[query] is not a valid query: "), problems.get(0));
    }

    @Test
    void malformed_body_is_a_parse_error() {
        assertThrows(OpenSearchParseException.class, () -> parse("{\"index\": "));
        assertThrows(OpenSearchParseException.class, () -> parse("[]"));
    }

    @Test
    void sort_is_checked() {
        assertNull(RunDocument.checkSort("size:desc"));
        assertNull(RunDocument.checkSort("cluster_id"));
        assertEquals(
            "[sort] must be FIELD or FIELD:asc|desc with FIELD one of [size, cluster_id, avg_dep, f1, accuracy, x, y], got [dep:up]",
            RunDocument.checkSort("dep:up")
        );
    }
}
