/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.api;

import io.textinsights.rest.common.TextInsightsRoutes;
import io.textinsights.rest.run.spec.RunParameters;

import org.opensearch.OpenSearchParseException;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.query.AbstractQueryBuilder;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code POST /_plugins/_text_insights/runs[?wait_for_completion=true]} */
public class RestStartRunAction extends BaseRestHandler {

    @Override
    public String getName() {
        return "text_insights_start_run_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.POST, TextInsightsRoutes.RUNS));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
        boolean wait = request.paramAsBoolean("wait_for_completion", false);
        StartRunRequest startRequest;
        if (request.hasContentOrSourceParam()) {
            try (XContentParser parser = request.contentOrSourceParamParser()) {
                startRequest = parseRequest(parser, wait);
            }
        } else {
            startRequest = new StartRunRequest(null, List.of("a body is required, e.g. {\"index\": \"agnews\"}"), wait);
        }
        return channel -> client.execute(StartRunAction.INSTANCE, startRequest, new RestToXContentListener<>(channel));
    }

    /** Reads the body; problems are collected into the request and reported together by its validate(). */
    public static StartRunRequest parseRequest(XContentParser parser, boolean waitForCompletion) {
        Map<String, Object> body;
        try {
            if (parser.currentToken() == null && parser.nextToken() != XContentParser.Token.START_OBJECT) {
                throw new OpenSearchParseException("the request body must be a JSON object, for example {\"index\": \"agnews\"}");
            }
            body = parser.map();
        } catch (OpenSearchParseException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new OpenSearchParseException("the request body is not valid JSON: " + e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        QueryBuilder query = null;
        Object queryValue = body.get("query");
        if (queryValue instanceof Map<?, ?> queryMap) {
            query = parseQuery(queryMap, parser.getXContentRegistry(), problems);
        } else if (queryValue != null) {
            problems.add("[query] must be a query object, e.g. {\"term\": {\"split\": \"test\"}}");
        }
        RunParameters parameters = RunParameters.fromMap(body, query, problems);
        return new StartRunRequest(parameters, problems, waitForCompletion);
    }

    private static QueryBuilder parseQuery(Map<?, ?> query, NamedXContentRegistry registry, List<String> problems) {
        try (XContentBuilder json = JsonXContent.contentBuilder().map(castMap(query))) {
            try (
                XContentParser queryParser = JsonXContent.jsonXContent.createParser(
                    registry,
                    DeprecationHandler.THROW_UNSUPPORTED_OPERATION,
                    BytesReference.bytes(json).streamInput()
                )
            ) {
                return AbstractQueryBuilder.parseInnerQueryBuilder(queryParser);
            }
        } catch (IOException | RuntimeException e) {
            problems.add("[query] is not a valid query: " + e.getMessage());
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
