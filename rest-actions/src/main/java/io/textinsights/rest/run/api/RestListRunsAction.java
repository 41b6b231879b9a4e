/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.api;

import io.textinsights.rest.common.TextInsightsRoutes;

import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

import java.util.List;

/** {@code GET /_plugins/_text_insights/runs[?index=agnews&size=20]} */
public class RestListRunsAction extends BaseRestHandler {

    @Override
    public String getName() {
        return "text_insights_list_runs_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.GET, TextInsightsRoutes.RUNS));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        ListRunsRequest listRequest = new ListRunsRequest(request.param("index"), request.paramAsInt("size", 20));
        return channel -> client.execute(ListRunsAction.INSTANCE, listRequest, new RestToXContentListener<>(channel));
    }
}
