/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.opensearch.common.io.stream.BytesStreamOutput;
import org.opensearch.core.common.io.stream.StreamInput;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

class SummaryOptionsTests {

    @Test
    void absent_options_are_the_defaults_and_off() {
        List<String> problems = new ArrayList<>();
        SummaryOptions options = SummaryOptions.fromMap(null, "summaries", false, problems);
        assertEquals(List.of(), problems);
        assertEquals(SummaryOptions.DISABLED, options);
        assertEquals(new SummaryOptions(false, 10, 3, "", "Unclassified", 420), options);
    }

    @Test
    void summarize_is_its_own_opt_in() {
        List<String> problems = new ArrayList<>();
        SummaryOptions options = SummaryOptions.fromMap(Map.of(), "", true, problems);
        assertEquals(List.of(), problems);
        assertEquals(true, options.enabled());
    }

    @Test
    void every_option_is_read() {
        List<String> problems = new ArrayList<>();
        Map<String, Object> body = Map.of(
            "enabled",
            true,
            "samples_per_cluster",
            5,
            "n_labels",
            0,
            "context",
            "  AG News headlines  ",
            "default_label",
            " Other ",
            "max_chars_per_sample",
            4000
        );
        SummaryOptions options = SummaryOptions.fromMap(body, "summaries", false, problems);
        assertEquals(List.of(), problems);
        assertEquals(new SummaryOptions(true, 5, 0, "AG News headlines", "Other", 4000), options);
        assertEquals(
            Map.of(
                "enabled",
                true,
                "samples_per_cluster",
                5,
                "n_labels",
                0,
                "context",
                "AG News headlines",
                "default_label",
                "Other",
                "max_chars_per_sample",
                4000
            ),
            options.toMap()
        );
    }

    @Test
    void every_problem_is_reported_at_once() {
        List<String> problems = new ArrayList<>();
        Map<String, Object> body = new HashMap<>();
        body.put("enabled", "yes");
        body.put("samples_per_cluster", 0);
        body.put("n_labels", 11);
        body.put("context", "c".repeat(2001));
        body.put("default_label", "   ");
        body.put("max_chars_per_sample", 49);
        body.put("model", "gpt-4o");
        assertNull(SummaryOptions.fromMap(body, "summaries", false, problems));
        assertEquals(
            List.of(
                "[summaries.enabled] must be true or false, got [yes]",
                "[summaries.samples_per_cluster] must be from 1 to 50, got [0]",
                "[summaries.n_labels] must be from 0 to 10, got [11]",
                "[summaries.context] has 2001 characters, at most 2000 are allowed: describe the data in a few sentences",
                "[summaries.default_label] must not be empty: it labels noise and failed clusters, e.g. \"Unclassified\"",
                "[summaries.max_chars_per_sample] must be from 50 to 4000, got [49]",
                "[summaries.model] is not a known setting: use enabled, samples_per_cluster, n_labels, context, default_label, max_chars_per_sample"
            ),
            problems
        );
    }

    @Test
    void wrong_types_and_a_long_default_label() {
        List<String> problems = new ArrayList<>();
        Map<String, Object> body = Map.of("samples_per_cluster", "ten", "context", 3, "default_label", "d".repeat(101), "base_url", "http://x");
        assertNull(SummaryOptions.fromMap(body, "", true, problems));
        assertEquals(
            List.of(
                "[samples_per_cluster] must be a whole number from 1 to 50, got [ten]",
                "[context] must be a string, got [3]",
                "[default_label] has 101 characters, at most 100 are allowed",
                "[base_url] is not a known setting: use enabled, samples_per_cluster, n_labels, context, default_label, max_chars_per_sample"
            ),
            problems
        );
    }

    @Test
    void the_options_travel_between_nodes() throws IOException {
        SummaryOptions options = new SummaryOptions(true, 7, 2, "context \u00e9", "Noise", 300);
        try (BytesStreamOutput out = new BytesStreamOutput()) {
            options.writeTo(out);
            try (StreamInput in = out.bytes().streamInput()) {
                assertEquals(options, SummaryOptions.readFrom(in));
            }
        }
    }
}
