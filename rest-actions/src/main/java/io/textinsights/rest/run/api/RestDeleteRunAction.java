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

/** {@code DELETE /_plugins/_text_insights/runs/{run_id}[?clear_fields=true]} */
public class RestDeleteRunAction extends BaseRestHandler {

    @Override
    public String getName() {
        return "text_insights_delete_run_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.DELETE, TextInsightsRoutes.RUN));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        DeleteRunRequest deleteRequest = new DeleteRunRequest(request.param("run_id"), request.paramAsBoolean("clear_fields", false));
        return channel -> client.execute(DeleteRunAction.INSTANCE, deleteRequest, new RestToXContentListener<>(channel));
    }
}
