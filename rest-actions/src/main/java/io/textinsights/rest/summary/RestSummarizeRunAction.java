/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.summary;

import io.textinsights.rest.common.TextInsightsRoutes;

import org.opensearch.OpenSearchParseException;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** {@code POST /_plugins/_text_insights/runs/{run_id}/_summarize} with the options of a run's {@code summaries}. */
public class RestSummarizeRunAction extends BaseRestHandler {

    @Override
    public String getName() {
        return "text_insights_summarize_run_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.POST, TextInsightsRoutes.RUN_SUMMARIZE));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
        String runId = request.param("run_id");
        SummarizeRunRequest summarize;
        if (request.hasContentOrSourceParam()) {
            try (XContentParser parser = request.contentOrSourceParamParser()) {
                summarize = parseRequest(runId, parser);
            }
        } else {
            summarize = SummarizeRunRequest.fromMap(runId, null);
        }
        return channel -> client.execute(SummarizeRunAction.INSTANCE, summarize, new RestToXContentListener<>(channel));
    }

    /** Reads the body; problems are collected into the request and reported together by its validate(). */
    public static SummarizeRunRequest parseRequest(String runId, XContentParser parser) {
        Map<String, Object> body;
        try {
            if (parser.currentToken() == null && parser.nextToken() != XContentParser.Token.START_OBJECT) {
                throw new OpenSearchParseException("the request body must be a JSON object, for example {\"samples_per_cluster\": 10}");
            }
            body = parser.map();
        } catch (OpenSearchParseException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new OpenSearchParseException("the request body is not valid JSON: " + e.getMessage(), e);
        }
        return SummarizeRunRequest.fromMap(runId, body);
    }
}
