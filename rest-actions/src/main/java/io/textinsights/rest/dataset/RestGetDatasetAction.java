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

/** {@code GET /_plugins/_text_insights/datasets[/{index}]} */
public class RestGetDatasetAction extends BaseRestHandler {

    @Override
    public String getName() {
        return "text_insights_get_dataset_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(
            new Route(RestRequest.Method.GET, TextInsightsRoutes.DATASET),
            new Route(RestRequest.Method.GET, TextInsightsRoutes.DATASETS)
        );
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        GetDatasetRequest getRequest = new GetDatasetRequest(request.param("index"));
        return channel -> client.execute(GetDatasetAction.INSTANCE, getRequest, new RestToXContentListener<>(channel));
    }
}
