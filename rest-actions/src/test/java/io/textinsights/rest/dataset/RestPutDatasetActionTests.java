/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.dataset;

import org.junit.jupiter.api.Test;
import org.opensearch.OpenSearchParseException;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.XContentParser;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RestPutDatasetActionTests {

    private static PutDatasetRequest parse(String index, String json) throws IOException {
        try (
            XContentParser parser = JsonXContent.jsonXContent.createParser(
                NamedXContentRegistry.EMPTY,
                DeprecationHandler.THROW_UNSUPPORTED_OPERATION,
                json
            )
        ) {
            return RestPutDatasetAction.parseRequest(index, parser);
        }
    }

    @Test
    void parses_the_documented_body() throws IOException {
        PutDatasetRequest request = parse("agnews", """
            {"dimension": 384, "space_type": "cosinesimil", "number_of_shards": 3, "fields": {"text": "text",
             "label": "label", "prediction": "prediction", "split": "split", "vector": "embedding", "probs": "probs",
             "classes": ["World", "Sports", "Business", "Sci/Tech"]}}
            """);
        assertNull(request.validate());
        assertEquals("agnews", request.index());
        assertEquals(3, request.spec().numberOfShards());
        assertEquals(List.of("World", "Sports", "Business", "Sci/Tech"), request.spec().classes());
    }

    @Test
    void malformed_json_is_a_parse_error() {
        OpenSearchParseException e = assertThrows(OpenSearchParseException.class, () -> parse("x", "{\"dimension\": "));
        assertTrue(e.getMessage().startsWith("the request body is not valid JSON"), e.getMessage());
    }

    @Test
    void non_object_body_is_a_parse_error() {
        OpenSearchParseException e = assertThrows(OpenSearchParseException.class, () -> parse("x", "[1, 2]"));
        assertEquals("the request body must be a JSON object, for example {\"dimension\": 384}", e.getMessage());
    }

    @Test
    void validation_reports_index_name_and_body_together() {
        PutDatasetRequest request = new PutDatasetRequest("Bad*Name", Map.of("dimension", -1));
        ActionRequestValidationException e = request.validate();
        assertEquals(
            List.of("index name [Bad*Name] must be lowercase", "[dimension] must be from 1 to 16000, got [-1]"),
            e.validationErrors()
        );
    }

    /** The body: 100,000 class names are one 400 naming the field, the limit and the fix, before anything is created. */
    @Test
    void a_hundred_thousand_classes_are_refused() throws IOException {
        StringBuilder json = new StringBuilder("{\"dimension\": 4, \"fields\": {\"classes\": [");
        for (int i = 0; i < 100_000; i++) {
            json.append(i == 0 ? "" : ", ").append('"').append("class-").append(i).append('"');
        }
        ActionRequestValidationException e = parse("many", json.append("]}}").toString()).validate();
        assertEquals(
            List.of(
                "[fields.classes] names 100000 classes, more than the limit of 10000: the class names are kept in the index mapping and "
                    + "the pipeline (the cluster state); leave [fields.classes] out and send each document's class names in its "
                    + "[classes] field instead"
            ),
            e.validationErrors()
        );
    }

    @Test
    void index_name_rules() {
        assertEquals("index name [_x] must not start with '_', '-', '+' or '.'", PutDatasetRequest.checkIndexName("_x"));
        assertEquals("index name [a b] must not contain ' '", PutDatasetRequest.checkIndexName("a b"));
        assertEquals("index name [a:b] must not contain ':'", PutDatasetRequest.checkIndexName("a:b"));
        assertNull(PutDatasetRequest.checkIndexName("agnews-2026.11"));
    }
}
