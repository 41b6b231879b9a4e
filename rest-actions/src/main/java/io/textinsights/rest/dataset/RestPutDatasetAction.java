/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.dataset;

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

/** {@code PUT /_plugins/_text_insights/datasets/{index}} */
public class RestPutDatasetAction extends BaseRestHandler {

    @Override
    public String getName() {
        return "text_insights_put_dataset_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.PUT, TextInsightsRoutes.DATASET));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
        String index = request.param("index");
        PutDatasetRequest putRequest;
        if (request.hasContentOrSourceParam()) {
            try (XContentParser parser = request.contentOrSourceParamParser()) {
                putRequest = parseRequest(index, parser);
            }
        } else {
            putRequest = new PutDatasetRequest(index, Map.of());
        }
        return channel -> client.execute(PutDatasetAction.INSTANCE, putRequest, new RestToXContentListener<>(channel));
    }

    /** Reads the body into a request; checking its content is left to {@link PutDatasetRequest#validate()}. */
    public static PutDatasetRequest parseRequest(String index, XContentParser parser) {
        try {
            if (parser.currentToken() == null && parser.nextToken() != XContentParser.Token.START_OBJECT) {
                throw new OpenSearchParseException("the request body must be a JSON object, for example {\"dimension\": 384}");
            }
            return new PutDatasetRequest(index, parser.map());
        } catch (IOException | RuntimeException e) {
            if (e instanceof OpenSearchParseException ope) {
                throw ope;
            }
            throw new OpenSearchParseException("the request body is not valid JSON: " + e.getMessage(), e);
        }
    }
}
