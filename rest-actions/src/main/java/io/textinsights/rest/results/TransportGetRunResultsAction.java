/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.results;

import io.textinsights.rest.dataset.DatasetIndex;
import io.textinsights.rest.run.exec.RunDocument;
import io.textinsights.rest.store.RunStore;
import io.textinsights.rest.dataset.DataFields;

import org.opensearch.OpenSearchStatusException;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.action.search.ClearScrollRequest;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.action.search.SearchScrollRequest;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.document.DocumentField;
import org.opensearch.common.inject.Inject;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.index.query.BoolQueryBuilder;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.SearchHit;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.search.sort.SortBuilders;
import org.opensearch.search.sort.SortOrder;
import org.opensearch.tasks.Task;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a finished run's results: clusters from {@value RunStore#CLUSTERS_INDEX}, samples and map points from the dataset
 * index (filtered by the fields the run wrote), metrics and alerts from the run document.
 */
public class TransportGetRunResultsAction extends HandledTransportAction<GetRunResultsRequest, RunResultsResponse> {

    private static final int POINTS_PAGE = 10_000;

    private final RunStore store;
    private final Client client;
    private final ClusterService clusterService;
    private final ThreadPool threadPool;

    @Inject
    public TransportGetRunResultsAction(
        TransportService transportService,
        ActionFilters actionFilters,
        RunStore store,
        Client client,
        ClusterService clusterService,
        ThreadPool threadPool
    ) {
        super(GetRunResultsAction.NAME, transportService, actionFilters, GetRunResultsRequest::new);
        this.store = store;
        this.client = client;
        this.clusterService = clusterService;
        this.threadPool = threadPool;
    }

    @Override
    protected void doExecute(Task task, GetRunResultsRequest request, ActionListener<RunResultsResponse> listener) {
        store.getRun(request.runId(), ActionListener.wrap(run -> {
            if (run == null) {
                listener.onFailure(new ResourceNotFoundException("run [" + request.runId()
                    + "] does not exist: GET /_plugins/_text_insights/runs lists the runs"));
                return;
            }
            if (RunDocument.COMPLETED.equals(run.get("state")) == false) {
                String why = run.get("error") instanceof Map<?, ?> error ? " (" + error.get("reason") + ")" : "";
                listener.onFailure(new OpenSearchStatusException("run [" + request.runId() + "] is [" + run.get("state") + "]" + why
                    + ": results exist only for completed runs; GET /_plugins/_text_insights/runs/" + request.runId()
                    + " shows its progress", RestStatus.CONFLICT));
                return;
            }
            switch (request.view()) {
                case METRICS -> listener.onResponse(new RunResultsResponse(section(run, "metrics")));
                case ALERTS -> listener.onResponse(new RunResultsResponse(section(run, "alerts")));
                case CLUSTERS -> clusters(run, request, listener);
                case SAMPLES -> samples(run, request, listener);
                // Many pages: off the transport thread.
                case POINTS -> threadPool.generic().execute(() -> {
                    try {
                        listener.onResponse(points(run, request));
                    } catch (Exception e) {
                        listener.onFailure(e);
                    }
                });
            }
        }, listener::onFailure));
    }

    private static Map<String, Object> header(Map<String, Object> run) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run_id", run.get("run_id"));
        body.put("index", run.get("index"));
        body.put("split", run.get("split"));
        return body;
    }

    private static Map<String, Object> section(Map<String, Object> run, String key) {
        Map<String, Object> body = header(run);
        Object value = run.get(key);
        if (value == null) {
            body.put(key, key.equals("alerts") ? List.of() : Map.of());
            body.put("omitted", run.getOrDefault("explanation_omitted", "this run has no " + key + ": it was made before explanations"
                + " existed; start a new run"));
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> body.put(k.toString(), v));
        } else {
            body.put(key, value);
        }
        return body;
    }

    @SuppressWarnings("unchecked")
    private void clusters(Map<String, Object> run, GetRunResultsRequest request, ActionListener<RunResultsResponse> listener) {
        SearchRequest search = new SearchRequest(RunStore.CLUSTERS_INDEX).source(
            new SearchSourceBuilder().query(QueryBuilders.termQuery("run_id", request.runId()))
                .size(GetRunResultsRequest.MAX_CLUSTERS_PAGE)
                .fetchSource(null, new String[] { "centroid" })
        );
        client.search(search, ActionListener.wrap(response -> {
            List<Map<String, Object>> clusters = new ArrayList<>();
            for (SearchHit hit : response.getHits()) {
                clusters.add(hit.getSourceAsMap());
            }
            String sort = request.sort() == null ? "size:desc" : request.sort();
            List<Map<String, Object>> sorted = RunDocument.sortedClusters(clusters, sort);
            int from = Math.min(request.from(), sorted.size());
            int to = Math.min(sorted.size(), from + request.size());
            Map<String, Object> body = header(run);
            body.put("total", sorted.size());
            body.put("sort", sort);
            body.put("clusters", sorted.subList(from, to));
            listener.onResponse(new RunResultsResponse(body));
        }, e -> listener.onFailure(e)));
    }

    /** The run's index, or a 404 when it was deleted since. */
    private IndexMetadata indexOf(Map<String, Object> run) {
        IndexMetadata index = clusterService.state().metadata().index((String) run.get("index"));
        if (index == null) {
            throw new ResourceNotFoundException("index [" + run.get("index") + "] of run [" + run.get("run_id") + "] no longer exists");
        }
        return index;
    }

    private void samples(Map<String, Object> run, GetRunResultsRequest request, ActionListener<RunResultsResponse> listener) {
        DataFields fields = DataFields.resolve(indexOf(run));
        BoolQueryBuilder query = QueryBuilders.boolQuery().filter(QueryBuilders.termQuery("text_insights.run_id", request.runId()));
        if (request.clusterId() != null) {
            query.filter(QueryBuilders.termQuery("text_insights.cluster_id", request.clusterId()));
        }
        if (request.ids() != null) {
            query.filter(QueryBuilders.idsQuery().addIds(request.ids().toArray(String[]::new)));
        }
        if (request.label() != null) {
            if (fields.label() == null) {
                throw new IllegalArgumentException("[label] filters on the label field, which index [" + run.get("index")
                    + "] does not map as a keyword");
            }
            query.filter(QueryBuilders.termQuery(fields.label(), request.label()));
        }
        if (request.prediction() != null) {
            if (fields.prediction() == null) {
                throw new IllegalArgumentException("[prediction] filters on the prediction field, which index [" + run.get("index")
                    + "] does not map as a keyword");
            }
            query.filter(QueryBuilders.termQuery(fields.prediction(), request.prediction()));
        }
        String sort = request.sort() == null ? "dep:desc" : request.sort();
        String[] parts = sort.split(":");
        SortOrder order = parts.length > 1 && parts[1].equalsIgnoreCase("asc") ? SortOrder.ASC : SortOrder.DESC;
        List<String> includes = new ArrayList<>(List.of("text_insights", "dep", "margin", "confidence"));
        for (String f : new String[] { fields.text(), fields.label(), fields.prediction() }) {
            if (f != null) {
                includes.add(f);
            }
        }
        SearchSourceBuilder source = new SearchSourceBuilder().query(query)
            .from(request.from())
            .size(request.size())
            .trackTotalHits(true)
            .fetchSource(includes.toArray(String[]::new), null)
            .sort(SortBuilders.fieldSort(parts[0]).order(order).missing("_last").unmappedType("float"));
        client.search(new SearchRequest((String) run.get("index")).source(source), ActionListener.wrap(response -> {
            List<Map<String, Object>> samples = new ArrayList<>();
            for (SearchHit hit : response.getHits()) {
                Map<String, Object> src = hit.getSourceAsMap();
                Map<String, Object> results = src.get("text_insights") instanceof Map<?, ?> m ? cast(m) : Map.of();
                Map<String, Object> sample = new LinkedHashMap<>();
                sample.put("id", hit.getId());
                sample.put("text", fields.text() == null ? null : src.get(fields.text()));
                sample.put("label", fields.label() == null ? null : src.get(fields.label()));
                sample.put("prediction", fields.prediction() == null ? null : src.get(fields.prediction()));
                sample.put("dep", src.get("dep"));
                sample.put("margin", src.get("margin"));
                sample.put("confidence", src.get("confidence"));
                sample.put("cluster_id", results.get("cluster_id"));
                sample.put("cluster_label", results.get("cluster_label"));
                sample.put("x", results.get("x"));
                sample.put("y", results.get("y"));
                samples.add(sample);
            }
            Map<String, Object> body = header(run);
            if (request.clusterId() != null) {
                body.put("cluster_id", request.clusterId());
            }
            body.put("total", response.getHits().getTotalHits().value());
            body.put("sort", sort);
            body.put("samples", samples);
            listener.onResponse(new RunResultsResponse(body));
        }, listener::onFailure));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    /** Every point of the run (up to max), read with doc values only: no _source is loaded. */
    private RunResultsResponse points(Map<String, Object> run, GetRunResultsRequest request) {
        if (run.get("parameters") instanceof Map<?, ?> p && p.get("projection") instanceof Map<?, ?> projection
            && "none".equals(projection.get("name"))) {
            throw new IllegalArgumentException("run [" + request.runId() + "] has no map: it was started with \"projection\": {\"name\": "
                + "\"none\"}; start a run with \"projection\": {\"name\": \"umap\"} to get points");
        }
        String index = (String) run.get("index");
        IndexMetadata indexMetadata = indexOf(run);
        DataFields fields = DataFields.resolve(indexMetadata);
        if (indexMetadata.getSettings().getAsBoolean(DatasetIndex.DERIVED_SOURCE_SETTING, false)) {
            // k-NN 3.5.0.0 breaks such an index for good once a scroll over it is cleared (see DatasetIndex#settings).
            throw new IllegalArgumentException("index [" + index + "] has [" + DatasetIndex.DERIVED_SOURCE_SETTING + "] on, which k-NN 3.5.0.0"
                + " cannot scroll safely: create the dataset with PUT /_plugins/_text_insights/datasets/" + index);
        }
        List<String> columns = new ArrayList<>(List.of("text_insights.x", "text_insights.y", "text_insights.cluster_id"));
        if (fields.dep() != null) {
            columns.add(fields.dep());
        }
        if (fields.label() != null) {
            columns.add(fields.label());
        }
        if (fields.prediction() != null) {
            columns.add(fields.prediction());
        }
        SearchSourceBuilder source = new SearchSourceBuilder().query(QueryBuilders.termQuery("text_insights.run_id", request.runId()))
            .size(Math.min(POINTS_PAGE, request.max()))
            .trackTotalHits(true)
            .fetchSource(false)
            .sort("_doc");
        for (String column : columns) {
            source.docValueField(column);
        }
        List<Object> ids = new ArrayList<>();
        List<Object> xs = new ArrayList<>();
        List<Object> ys = new ArrayList<>();
        List<Object> clusters = new ArrayList<>();
        List<Object> deps = new ArrayList<>();
        List<Object> labels = new ArrayList<>();
        List<Object> predictions = new ArrayList<>();
        TimeValue keepAlive = TimeValue.timeValueMinutes(1);
        SearchResponse response = client.search(new SearchRequest(index).source(source).scroll(keepAlive)).actionGet();
        long total = response.getHits().getTotalHits().value();
        String scrollId = response.getScrollId();
        try {
            while (response.getHits().getHits().length > 0 && ids.size() < request.max()) {
                for (SearchHit hit : response.getHits()) {
                    if (ids.size() >= request.max()) {
                        break;
                    }
                    ids.add(hit.getId());
                    xs.add(value(hit, "text_insights.x"));
                    ys.add(value(hit, "text_insights.y"));
                    clusters.add(value(hit, "text_insights.cluster_id"));
                    deps.add(fields.dep() == null ? null : value(hit, fields.dep()));
                    labels.add(fields.label() == null ? null : value(hit, fields.label()));
                    predictions.add(fields.prediction() == null ? null : value(hit, fields.prediction()));
                }
                if (ids.size() >= request.max()) {
                    break;
                }
                response = client.searchScroll(new SearchScrollRequest(scrollId).scroll(keepAlive)).actionGet();
                scrollId = response.getScrollId();
            }
        } finally {
            ClearScrollRequest clear = new ClearScrollRequest();
            clear.addScrollId(scrollId);
            client.clearScroll(clear, ActionListener.wrap(r -> {}, e -> {}));
        }
        Map<String, Object> points = new LinkedHashMap<>();
        points.put("id", ids);
        points.put("x", xs);
        points.put("y", ys);
        points.put("cluster_id", clusters);
        points.put("dep", deps);
        points.put("label", labels);
        points.put("prediction", predictions);
        Map<String, Object> body = header(run);
        body.put("total", total);
        body.put("returned", ids.size());
        body.put("truncated", total > ids.size());
        body.put("points", points);
        return new RunResultsResponse(body);
    }

    private static Object value(SearchHit hit, String field) {
        DocumentField f = hit.field(field);
        return f == null || f.getValues().isEmpty() ? null : f.getValue();
    }
}
