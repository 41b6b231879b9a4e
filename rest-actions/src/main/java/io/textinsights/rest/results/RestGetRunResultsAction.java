/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.results;

import io.textinsights.rest.common.TextInsightsRoutes;

import org.opensearch.rest.BaseRestHandler;
import org.opensearch.rest.RestRequest;
import org.opensearch.rest.action.RestToXContentListener;
import org.opensearch.transport.client.node.NodeClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code GET /_plugins/_text_insights/runs/{run_id}/clusters|samples|points|metrics|alerts} and
 * {@code .../clusters/{cluster_id}/samples}: the results of a finished run.
 */
public class RestGetRunResultsAction extends BaseRestHandler {

    @Override
    public String getName() {
        return "text_insights_get_run_results_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(
            new Route(RestRequest.Method.GET, TextInsightsRoutes.RUN_CLUSTERS),
            new Route(RestRequest.Method.GET, TextInsightsRoutes.RUN_CLUSTER_SAMPLES),
            new Route(RestRequest.Method.GET, TextInsightsRoutes.RUN_SAMPLES),
            new Route(RestRequest.Method.GET, TextInsightsRoutes.RUN_POINTS),
            new Route(RestRequest.Method.GET, TextInsightsRoutes.RUN_METRICS),
            new Route(RestRequest.Method.GET, TextInsightsRoutes.RUN_ALERTS)
        );
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
        GetRunResultsRequest results = parse(request.path(), request.params()::get);
        // Mark every parameter of the view as consumed; any other one is rejected by the REST layer with a 400.
        for (String name : List.of("run_id", "cluster_id", "sort", "from", "size", "label", "prediction", "ids", "max")) {
            request.param(name);
        }
        return channel -> client.execute(GetRunResultsAction.INSTANCE, results, new RestToXContentListener<>(channel));
    }

    /** Reads the view from the path and its parameters; unreadable numbers become problems for {@code validate()}. */
    static GetRunResultsRequest parse(String path, Function<String, String> params) {
        List<String> problems = new ArrayList<>();
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        GetRunResultsRequest.View view = switch (last) {
            case "clusters" -> GetRunResultsRequest.View.CLUSTERS;
            case "samples" -> GetRunResultsRequest.View.SAMPLES;
            case "points" -> GetRunResultsRequest.View.POINTS;
            case "metrics" -> GetRunResultsRequest.View.METRICS;
            case "alerts" -> GetRunResultsRequest.View.ALERTS;
            default -> throw new IllegalArgumentException("unknown results path [" + path + "]");
        };
        Map<String, String> allowed = Map.of(
            "CLUSTERS", "sort, from, size",
            "SAMPLES", "sort, from, size, cluster_id, label, prediction, ids",
            "POINTS", "max",
            "METRICS", "",
            "ALERTS", ""
        );
        for (String name : List.of("sort", "from", "size", "cluster_id", "label", "prediction", "ids", "max")) {
            boolean fromPath = name.equals("cluster_id") && trimmed.contains("/clusters/");
            if (params.apply(name) != null && fromPath == false && List.of(allowed.get(view.name()).split(", ")).contains(name) == false) {
                problems.add("[" + name + "] does not apply to " + last + (allowed.get(view.name()).isEmpty() ? ", which takes no parameters"
                    : "; it takes " + allowed.get(view.name())));
            }
        }
        boolean samples = view == GetRunResultsRequest.View.SAMPLES;
        boolean clusters = view == GetRunResultsRequest.View.CLUSTERS;
        return new GetRunResultsRequest(
            params.apply("run_id"),
            view,
            samples || clusters ? params.apply("sort") : null,
            samples || clusters ? readInt(params, "from", 0, problems) : null,
            samples ? readInt(params, "size", 20, problems) : clusters ? readInt(params, "size", 100, problems) : null,
            samples ? readInt(params, "cluster_id", null, problems) : null,
            samples ? params.apply("label") : null,
            samples ? params.apply("prediction") : null,
            view == GetRunResultsRequest.View.POINTS ? readInt(params, "max", GetRunResultsRequest.DEFAULT_POINTS, problems) : null,
            samples && params.apply("ids") != null ? ids(params.apply("ids")) : null,
            problems
        );
    }

    private static List<String> ids(String value) {
        List<String> ids = new ArrayList<>();
        for (String id : value.split(",")) {
            if (id.isBlank() == false) {
                ids.add(id.trim());
            }
        }
        return ids;
    }

    private static Integer readInt(Function<String, String> params, String name, Integer defaultValue, List<String> problems) {
        String value = params.apply(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            problems.add("[" + name + "] must be a whole number, got [" + value + "]");
            return defaultValue;
        }
    }
}
