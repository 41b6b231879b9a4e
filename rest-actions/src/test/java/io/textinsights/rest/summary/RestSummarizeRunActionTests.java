/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.textinsights.rest.run.spec.SummaryOptions;

import org.junit.jupiter.api.Test;
import org.opensearch.OpenSearchParseException;
import org.opensearch.common.io.stream.BytesStreamOutput;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.XContentParser;

import java.io.IOException;
import java.util.List;

class RestSummarizeRunActionTests {

    private static SummarizeRunRequest parse(String json) throws IOException {
        try (XContentParser parser = JsonXContent.jsonXContent.createParser(NamedXContentRegistry.EMPTY, DeprecationHandler.THROW_UNSUPPORTED_OPERATION, json)) {
            return RestSummarizeRunAction.parseRequest("run-1", parser);
        }
    }

    @Test
    void no_body_or_an_empty_one_means_the_defaults_switched_on() throws IOException {
        SummarizeRunRequest none = SummarizeRunRequest.fromMap("run-1", null);
        assertNull(none.validate());
        assertEquals(new SummaryOptions(true, 10, 3, "", "Unclassified", 420), none.options());
        assertEquals(none.options(), parse("{}").options());
        assertEquals("run-1", none.runId());
    }

    @Test
    void the_options_of_a_run_s_summaries_are_read() throws IOException {
        SummarizeRunRequest request = parse("{\"samples_per_cluster\": 5, \"n_labels\": 1, \"context\": \"news\", \"default_label\": \"Other\"}");
        assertNull(request.validate());
        assertEquals(new SummaryOptions(true, 5, 1, "news", "Other", 420), request.options());
    }

    @Test
    void every_problem_is_reported_at_once() throws IOException {
        assertEquals(
            List.of(
                "[samples_per_cluster] must be from 1 to 50, got [51]",
                "[max_chars_per_sample] must be from 50 to 4000, got [10]",
                "[base_url] is not a known setting: use enabled, samples_per_cluster, n_labels, context, default_label, max_chars_per_sample"
            ),
            parse("{\"samples_per_cluster\": 51, \"max_chars_per_sample\": 10, \"base_url\": \"http://evil\"}").validate().validationErrors()
        );
        assertEquals(
            List.of("[enabled] must be true here (or left out): _summarize is the request to write summaries"),
            parse("{\"enabled\": false}").validate().validationErrors()
        );
    }

    @Test
    void a_body_that_is_not_an_object_is_a_parse_error() {
        assertThrows(OpenSearchParseException.class, () -> parse("[]"));
        assertThrows(OpenSearchParseException.class, () -> parse("{\"n_labels\": "));
    }

    @Test
    void the_request_travels_between_nodes() throws IOException {
        SummarizeRunRequest request = parse("{\"n_labels\": 0, \"max_chars_per_sample\": 10}");
        try (BytesStreamOutput out = new BytesStreamOutput()) {
            request.writeTo(out);
            try (StreamInput in = out.bytes().streamInput()) {
                SummarizeRunRequest read = new SummarizeRunRequest(in);
                assertEquals("run-1", read.runId());
                assertEquals(request.validate().validationErrors(), read.validate().validationErrors());
            }
        }
    }
}
