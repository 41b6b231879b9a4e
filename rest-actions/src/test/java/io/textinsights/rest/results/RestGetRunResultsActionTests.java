/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.textinsights.rest.results.GetRunResultsRequest.View;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

class RestGetRunResultsActionTests {

    private static final String RUN = "/_plugins/_text_insights/runs/r1";

    private static GetRunResultsRequest parse(String path, Map<String, String> params) {
        return RestGetRunResultsAction.parse(path, params::get);
    }

    @Test
    void defaults_per_view() {
        GetRunResultsRequest clusters = parse(RUN + "/clusters", Map.of("run_id", "r1"));
        assertEquals(View.CLUSTERS, clusters.view());
        assertEquals(0, clusters.from());
        assertEquals(100, clusters.size());
        assertNull(clusters.validate());

        GetRunResultsRequest samples = parse(RUN + "/clusters/3/samples", Map.of("run_id", "r1", "cluster_id", "3"));
        assertEquals(View.SAMPLES, samples.view());
        assertEquals(3, samples.clusterId());
        assertEquals(20, samples.size());
        assertNull(samples.sort());
        assertNull(samples.validate());

        GetRunResultsRequest points = parse(RUN + "/points", Map.of("run_id", "r1"));
        assertEquals(GetRunResultsRequest.DEFAULT_POINTS, points.max());
        assertNull(points.from());
        assertEquals(View.METRICS, parse(RUN + "/metrics", Map.of("run_id", "r1")).view());
        assertEquals(View.ALERTS, parse(RUN + "/alerts/", Map.of("run_id", "r1")).view());
    }

    @Test
    void ids_are_a_comma_separated_bounded_list() {
        GetRunResultsRequest some = parse(RUN + "/samples", Map.of("run_id", "r1", "ids", "a, b,,c"));
        assertEquals(List.of("a", "b", "c"), some.ids());
        assertNull(some.validate());
        assertNull(parse(RUN + "/samples", Map.of("run_id", "r1")).ids());
        String many = String.join(",", java.util.Collections.nCopies(1001, "x"));
        assertEquals(
            List.of("[ids] must name 1 to 1000 document ids, separated by commas, got 1001"),
            parse(RUN + "/samples", Map.of("run_id", "r1", "ids", many)).validate().validationErrors()
        );
        assertEquals(
            List.of("[ids] does not apply to clusters; it takes sort, from, size"),
            parse(RUN + "/clusters", Map.of("run_id", "r1", "ids", "a")).validate().validationErrors()
        );
    }

    @Test
    void every_problem_is_reported_at_once() {
        GetRunResultsRequest samples = parse(
            RUN + "/samples",
            Map.of("run_id", "r1", "sort", "text:desc", "size", "lots", "from", "9990", "cluster_id", "-2", "max", "5")
        );
        assertEquals(
            List.of(
                "[max] does not apply to samples; it takes sort, from, size, cluster_id, label, prediction, ids",
                "[size] must be a whole number, got [lots]",
                "[sort] must be FIELD or FIELD:asc|desc with FIELD one of [dep, margin, confidence], got [text:desc]",
                "[from] + [size] must be at most 10000, got 10010: narrow the samples with cluster_id, label or prediction instead of"
                    + " paging deeper",
                "[cluster_id] must be -1 (noise) or a cluster number, got [-2]"
            ),
            samples.validate().validationErrors()
        );
        assertEquals(
            List.of("[sort] must be FIELD or FIELD:asc|desc with FIELD one of [size, cluster_id, avg_dep, f1, accuracy, x, y], got [dep:up]",
                "[size] must be from 0 to 1001, got [5000]"),
            parse(RUN + "/clusters", Map.of("run_id", "r1", "sort", "dep:up", "size", "5000")).validate().validationErrors()
        );
        assertEquals(
            List.of("[sort] does not apply to metrics, which takes no parameters"),
            parse(RUN + "/metrics", Map.of("run_id", "r1", "sort", "x")).validate().validationErrors()
        );
        assertEquals(
            List.of("[max] must be from 1 to 200000, got [0]"),
            parse(RUN + "/points", Map.of("run_id", "r1", "max", "0")).validate().validationErrors()
        );
    }
}
