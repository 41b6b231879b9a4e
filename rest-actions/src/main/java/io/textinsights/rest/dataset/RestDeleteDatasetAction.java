/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.dataset;

import io.textinsights.rest.common.TextInsightsRoutes;

import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

import java.util.List;

/** {@code DELETE /_plugins/_text_insights/datasets/{index}[?delete_index=true]} */
public class RestDeleteDatasetAction extends BaseRestHandler {

    @Override
    public String getName() {
        return "text_insights_delete_dataset_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.DELETE, TextInsightsRoutes.DATASET));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        // paramAsBoolean rejects anything but true/false with a 400 naming the parameter.
        DeleteDatasetRequest deleteRequest = new DeleteDatasetRequest(request.param("index"), request.paramAsBoolean("delete_index", false));
        return channel -> client.execute(DeleteDatasetAction.INSTANCE, deleteRequest, new RestToXContentListener<>(channel));
    }
}
