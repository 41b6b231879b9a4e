/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.textinsights.math.summary.SummaryAnswer;
import io.textinsights.math.summary.SummaryResult.ErrorType;
import io.textinsights.math.summary.SummaryResult;
import io.textinsights.rest.run.spec.SummaryOptions;
import io.textinsights.rest.store.ResultsLocation;

import org.junit.jupiter.api.Test;
import org.opensearch.common.settings.Settings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

class RunSummariesTests {

    private static final SummaryOptions OPTIONS = new SummaryOptions(true, 10, 2, "", "Misc", 420);

    private static Map<String, Object> doc(String label) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("label", label);
        doc.put("words", List.of(label));
        return doc;
    }

    @Test
    void titles_become_labels_failures_and_noise_take_the_default() {
        Map<Integer, Map<String, Object>> clusters = new TreeMap<>();
        clusters.put(-1, doc("noise words"));
        clusters.put(0, doc("oil, prices"));
        clusters.put(1, doc("game, team"));
        clusters.put(2, doc("left alone"));
        Map<Integer, SummaryResult> results = Map.of(
            0,
            SummaryResult.ok(0, new SummaryAnswer("Oil prices", "Crude markets.", List.of("Energy")), "m-1", 1),
            1,
            SummaryResult.failed(1, ErrorType.TIMEOUT, "no answer", "m", 1)
        );
        RunSummaries.apply(clusters, results, OPTIONS);
        assertEquals("Misc", clusters.get(-1).get("label"));
        assertNull(clusters.get(-1).get("title"));
        assertEquals("Oil prices", clusters.get(0).get("label"));
        assertEquals(List.of("Energy"), clusters.get(0).get("labels"));
        assertEquals("m-1", clusters.get(0).get("model_name"));
        assertNull(clusters.get(0).get("error"));
        assertEquals("Misc", clusters.get(1).get("label"));
        assertEquals(Map.of("type", "timeout", "message", "no answer"), clusters.get(1).get("error"));
        assertNull(clusters.get(1).get("summary"));
        assertEquals("left alone", clusters.get(2).get("label")); // not summarised this time: untouched
        assertEquals(List.of("left alone"), clusters.get(2).get("words"));
        RunSummaries.Outcome outcome = new RunSummaries.Outcome(results, Map.of());
        assertEquals("Oil prices", outcome.label(0, OPTIONS));
        assertEquals("Misc", outcome.label(1, OPTIONS));
        assertEquals("Misc", outcome.label(-1, OPTIONS));
    }

    @Test
    void rewriting_clears_the_previous_summary() {
        Map<Integer, Map<String, Object>> clusters = new TreeMap<>();
        clusters.put(0, doc("oil"));
        RunSummaries.apply(clusters, Map.of(0, SummaryResult.ok(0, new SummaryAnswer("Oil", "Oil.", List.of("A")), "m", 1)), OPTIONS);
        RunSummaries.apply(clusters, Map.of(0, SummaryResult.failed(0, ErrorType.REFUSAL, "no", "m", 1)), OPTIONS);
        assertNull(clusters.get(0).get("title"));
        assertNull(clusters.get(0).get("labels"));
        assertEquals("Misc", clusters.get(0).get("label"));
    }

    @Test
    void the_report_counts_by_error_type() {
        Map<Integer, SummaryResult> results = new TreeMap<>();
        results.put(0, SummaryResult.ok(0, new SummaryAnswer("A", "a", List.of()), "served-model", 1));
        results.put(1, SummaryResult.failed(1, ErrorType.TIMEOUT, "t", "asked-model", 1));
        results.put(2, SummaryResult.failed(2, ErrorType.TIMEOUT, "t", "asked-model", 1));
        results.put(3, SummaryResult.failed(3, ErrorType.RATE_LIMITED, "r", "asked-model", 3));
        Map<String, Object> report = RunSummaries.report(results, "asked-model", 12);
        assertEquals(4, report.get("requested"));
        assertEquals(1, report.get("succeeded"));
        assertEquals(3, report.get("failed"));
        assertEquals("served-model", report.get("model_name"));
        assertEquals(Map.of("rate_limited", 1, "timeout", 2), report.get("errors"));
        assertEquals(12L, report.get("took_ms"));
    }

    @Test
    void without_a_client_every_cluster_fails_and_nothing_throws() {
        LlmEndpoint none = new LlmEndpoint(Settings.EMPTY);
        RunSummaries.Outcome outcome = RunSummaries.summarize(
            null,
            none,
            Runnable::run,
            RunSummaries.Source.dataset("idx", "embedding", "text", "run-1"),
            List.of(
                new RunSummaries.Cluster(-1, List.of(), null, null),
                new RunSummaries.Cluster(0, List.of("oil"), new float[] { 1, 0 }, ResultsLocation.resultsIndex("results", "run-1").clusterFilter(0))
            ),
            OPTIONS,
            () -> false
        );
        assertEquals(List.of(0), List.copyOf(outcome.results().keySet()));
        SummaryResult r = outcome.results().get(0);
        assertEquals(ErrorType.INTERNAL, r.errorType());
        assertEquals(
            "no client for the endpoint: summaries need [plugins.text_insights.llm.base_url] to be set in opensearch.yml",
            r.errorMessage()
        );
        assertEquals(1, outcome.report().get("failed"));
        assertEquals("Misc", outcome.label(0, OPTIONS));
        assertEquals("Misc", outcome.label(-1, OPTIONS));
    }
}
