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

/** {@code GET /_plugins/_text_insights/runs/{run_id}[?sort=size:desc]} */
public class RestGetRunAction extends BaseRestHandler {

    @Override
    public String getName() {
        return "text_insights_get_run_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.GET, TextInsightsRoutes.RUN));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        GetRunRequest getRequest = new GetRunRequest(request.param("run_id"), request.param("sort"));
        return channel -> client.execute(GetRunAction.INSTANCE, getRequest, new RestToXContentListener<>(channel));
    }
}
