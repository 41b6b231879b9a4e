/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.results;

import io.textinsights.rest.access.RunsAccess;
import io.textinsights.rest.dataset.DatasetIndex;
import io.textinsights.rest.schema.ClusterFields;
import io.textinsights.rest.schema.ResultsTarget;
import io.textinsights.rest.store.ResultsLocation;
import io.textinsights.rest.store.RunDocument;
import io.textinsights.rest.store.RunStore;
import io.textinsights.rest.store.SystemContext;

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
import org.opensearch.common.xcontent.support.XContentMapValues;
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
 * Reads a finished run's results: clusters from {@value RunStore#CLUSTERS_INDEX}, samples and map points from the run's
 * per-sample results ({@link ResultsLocation}: its own results index, or the dataset for an in-place run), metrics and
 * alerts from the run document. Samples and points are refused, with the reason, once they are gone (dropped to keep
 * the runs per dataset within bounds, or overwritten by a later in-place run): a run never shows another run's data.
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
            RunsAccess.read(client, (String) run.get(RunDocument.INDEX), ActionListener.wrap(allowed -> {
                if (RunDocument.COMPLETED.equals(run.get(RunDocument.STATE)) == false) {
                    String why = run.get(RunDocument.ERROR) instanceof Map<?, ?> error ? " (" + error.get("reason") + ")" : "";
                    listener.onFailure(new OpenSearchStatusException("run [" + request.runId() + "] is [" + run.get(RunDocument.STATE) + "]"
                        + why + ": results exist only for completed runs; GET /_plugins/_text_insights/runs/" + request.runId()
                        + " shows its progress", RestStatus.CONFLICT));
                    return;
                }
                answer(run, request, listener);
            }, listener::onFailure));
        }, listener::onFailure));
    }

    private void answer(Map<String, Object> run, GetRunResultsRequest request, ActionListener<RunResultsResponse> listener) {
        switch (request.view()) {
            case METRICS -> listener.onResponse(new RunResultsResponse(section(run, RunDocument.METRICS)));
            case ALERTS -> listener.onResponse(new RunResultsResponse(section(run, RunDocument.ALERTS)));
            case CLUSTERS -> clusters(run, request, listener);
            case SAMPLES -> samples(run, RunDocument.perSample(run), request, listener);
            // Many pages: off the transport thread.
            case POINTS -> {
                ResultsLocation results = RunDocument.perSample(run);
                threadPool.generic().execute(() -> {
                    try {
                        listener.onResponse(points(run, results, request));
                    } catch (Exception e) {
                        listener.onFailure(e);
                    }
                });
            }
        }
    }

    private static Map<String, Object> header(Map<String, Object> run) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run_id", run.get(RunDocument.RUN_ID));
        body.put("index", run.get(RunDocument.INDEX));
        body.put("split", run.get(RunDocument.SPLIT));
        Object resultsIndex = RunDocument.section(run, RunDocument.RESULTS).get("index");
        if (resultsIndex != null) {
            body.put("results_index", resultsIndex);
        }
        return body;
    }

    private static Map<String, Object> section(Map<String, Object> run, String key) {
        Map<String, Object> body = header(run);
        Object value = run.get(key);
        if (value == null) {
            // The same shape as an explained run's, with the reason in omitted.
            Object reason = run.getOrDefault("explanation_omitted", "this run has no " + key + ": it was made before explanations existed;"
                + " start a new run");
            if (key.equals(RunDocument.ALERTS)) {
                body.put(key, List.of());
            } else {
                body.put(RunDocument.DOC_COUNT, run.get(RunDocument.DOC_COUNT));
            }
            body.put("omitted", Map.of(key, reason));
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> body.put(k.toString(), v));
        } else {
            body.put(key, value);
        }
        return body;
    }

    private void clusters(Map<String, Object> run, GetRunResultsRequest request, ActionListener<RunResultsResponse> listener) {
        store.searchClusters(request.runId(), GetRunResultsRequest.MAX_CLUSTERS_PAGE, new String[] { ClusterFields.CENTROID },
            ActionListener.wrap(clusters -> {
                String sort = request.sort() == null ? "size:desc" : request.sort();
                List<Map<String, Object>> sorted = RunDocument.sortedClusters(clusters, sort);
                int from = Math.min(request.from(), sorted.size());
                int to = Math.min(sorted.size(), from + request.size());
                Map<String, Object> body = header(run);
                body.put("total", sorted.size());
                body.put("sort", sort);
                body.put("clusters", sorted.subList(from, to));
                listener.onResponse(new RunResultsResponse(body));
            }, listener::onFailure));
    }

    private void samples(Map<String, Object> run, ResultsLocation results, GetRunResultsRequest request, ActionListener<RunResultsResponse> listener) {
        ResultsLocation.Fields f = results.fields();
        BoolQueryBuilder query = QueryBuilders.boolQuery().filter(results.runFilter());
        if (request.clusterId() != null) {
            query.filter(QueryBuilders.termQuery(f.clusterId(), request.clusterId()));
        }
        if (request.ids() != null) {
            query.filter(QueryBuilders.idsQuery().addIds(request.ids().toArray(String[]::new)));
        }
        if (request.label() != null) {
            query.filter(QueryBuilders.termQuery(required(f.label(), "label", run), request.label()));
        }
        if (request.prediction() != null) {
            query.filter(QueryBuilders.termQuery(required(f.prediction(), "prediction", run), request.prediction()));
        }
        String sort = request.sort() == null ? "dep:desc" : request.sort();
        String[] parts = sort.split(":");
        SortOrder order = parts.length > 1 && parts[1].equalsIgnoreCase("asc") ? SortOrder.ASC : SortOrder.DESC;
        String sortField = switch (parts[0]) {
            case "margin" -> f.margin();
            case "confidence" -> f.confidence();
            default -> f.dep();
        };
        SearchSourceBuilder source = new SearchSourceBuilder().query(query)
            .from(request.from())
            .size(request.size())
            .trackTotalHits(true)
            .fetchSource(sampleFields(f).toArray(String[]::new), null);
        if (sortField != null) {
            source.sort(SortBuilders.fieldSort(sortField).order(order).missing("_last").unmappedType("float"));
        }
        // Samples in a run's own results index are read as the system (the caller may read the dataset: see doExecute).
        SystemContext.forResults(client, results).search(new SearchRequest(results.index()).source(source).allowPartialSearchResults(false), ActionListener.wrap(response -> {
            List<Map<String, Object>> samples = new ArrayList<>();
            for (SearchHit hit : response.getHits()) {
                samples.add(sample(hit, f));
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

    private static String required(String field, String parameter, Map<String, Object> run) {
        if (field == null) {
            throw new IllegalArgumentException("[" + parameter + "] filters on the " + parameter + " field, which index [" + run.get(RunDocument.INDEX)
                + "] does not map as a keyword");
        }
        return field;
    }

    private static List<String> sampleFields(ResultsLocation.Fields f) {
        List<String> fields = new ArrayList<>();
        for (String field : new String[] { f.text(), f.label(), f.prediction(), f.dep(), f.margin(), f.confidence(), f.clusterId(),
            f.clusterLabel(), f.x(), f.y() }) {
            if (field != null) {
                fields.add(field);
            }
        }
        return fields;
    }

    private static Map<String, Object> sample(SearchHit hit, ResultsLocation.Fields f) {
        Map<String, Object> src = hit.getSourceAsMap();
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("id", hit.getId());
        sample.put("text", extract(src, f.text()));
        sample.put("label", extract(src, f.label()));
        sample.put("prediction", extract(src, f.prediction()));
        sample.put("dep", extract(src, f.dep()));
        sample.put("margin", extract(src, f.margin()));
        sample.put("confidence", extract(src, f.confidence()));
        sample.put("cluster_id", extract(src, f.clusterId()));
        sample.put("cluster_label", extract(src, f.clusterLabel()));
        sample.put("x", extract(src, f.x()));
        sample.put("y", extract(src, f.y()));
        return sample;
    }

    private static Object extract(Map<String, Object> source, String field) {
        return field == null ? null : XContentMapValues.extractValue(field, source);
    }

    /** Every point of the run (up to max), read with doc values only: no _source is loaded. */
    private RunResultsResponse points(Map<String, Object> run, ResultsLocation results, GetRunResultsRequest request) {
        if (run.get(RunDocument.PARAMETERS) instanceof Map<?, ?> p && p.get("projection") instanceof Map<?, ?> projection
            && "none".equals(projection.get("name"))) {
            throw new IllegalArgumentException("run [" + request.runId() + "] has no map: it was started with \"projection\": {\"name\": "
                + "\"none\"}; start a run with \"projection\": {\"name\": \"umap\"} to get points");
        }
        checkScrollable(results);
        ResultsLocation.Fields f = results.fields();
        PointColumns columns = new PointColumns(f);
        SearchSourceBuilder source = new SearchSourceBuilder().query(results.runFilter())
            .size(Math.min(POINTS_PAGE, request.max()))
            .trackTotalHits(true)
            .fetchSource(false)
            .sort("_doc");
        columns.fields().forEach(source::docValueField);
        TimeValue keepAlive = TimeValue.timeValueMinutes(1);
        Client reader = SystemContext.forResults(client, results);
        SearchResponse response = reader.search(new SearchRequest(results.index()).source(source).allowPartialSearchResults(false).scroll(keepAlive)).actionGet();
        long total = response.getHits().getTotalHits().value();
        String scrollId = response.getScrollId();
        try {
            while (response.getHits().getHits().length > 0 && columns.size() < request.max()) {
                for (SearchHit hit : response.getHits()) {
                    if (columns.size() >= request.max()) {
                        break;
                    }
                    columns.add(hit);
                }
                if (columns.size() >= request.max()) {
                    break;
                }
                response = reader.searchScroll(new SearchScrollRequest(scrollId).scroll(keepAlive)).actionGet();
                scrollId = response.getScrollId();
            }
        } finally {
            ClearScrollRequest clear = new ClearScrollRequest();
            clear.addScrollId(scrollId);
            reader.clearScroll(clear, ActionListener.wrap(r -> {}, e -> {}));
        }
        Map<String, Object> body = header(run);
        body.put("total", total);
        body.put("returned", columns.size());
        body.put("truncated", total > columns.size());
        body.put("points", columns.toMap());
        return new RunResultsResponse(body);
    }

    /** An in-place run's points scroll the dataset: refused where k-NN 3.5.0.0 would break the index for good. */
    private void checkScrollable(ResultsLocation results) {
        if (results.target() != ResultsTarget.DATASET) {
            return; // a results index has no vectors: scrolling it is safe
        }
        IndexMetadata index = clusterService.state().metadata().index(results.index());
        if (index == null) {
            throw new ResourceNotFoundException("index [" + results.index() + "] of the run no longer exists");
        }
        if (index.getSettings().getAsBoolean(DatasetIndex.DERIVED_SOURCE_SETTING, false)) {
            throw new IllegalArgumentException("index [" + results.index() + "] has [" + DatasetIndex.DERIVED_SOURCE_SETTING + "] on, which"
                + " k-NN 3.5.0.0 cannot scroll safely: create the dataset with PUT /_plugins/_text_insights/datasets/" + results.index());
        }
    }

    /** The map's columns, one array per field (a canvas scatter reads them without per-point objects). */
    private static final class PointColumns {
        private final ResultsLocation.Fields f;
        private final List<Object> ids = new ArrayList<>();
        private final List<Object> xs = new ArrayList<>();
        private final List<Object> ys = new ArrayList<>();
        private final List<Object> clusters = new ArrayList<>();
        private final List<Object> deps = new ArrayList<>();
        private final List<Object> labels = new ArrayList<>();
        private final List<Object> predictions = new ArrayList<>();

        PointColumns(ResultsLocation.Fields f) {
            this.f = f;
        }

        List<String> fields() {
            List<String> fields = new ArrayList<>(List.of(f.x(), f.y(), f.clusterId()));
            for (String optional : new String[] { f.dep(), f.label(), f.prediction() }) {
                if (optional != null) {
                    fields.add(optional);
                }
            }
            return fields;
        }

        int size() {
            return ids.size();
        }

        void add(SearchHit hit) {
            ids.add(hit.getId());
            xs.add(value(hit, f.x()));
            ys.add(value(hit, f.y()));
            clusters.add(value(hit, f.clusterId()));
            deps.add(value(hit, f.dep()));
            labels.add(value(hit, f.label()));
            predictions.add(value(hit, f.prediction()));
        }

        Map<String, Object> toMap() {
            Map<String, Object> points = new LinkedHashMap<>();
            points.put("id", ids);
            points.put("x", xs);
            points.put("y", ys);
            points.put("cluster_id", clusters);
            points.put("dep", deps);
            points.put("label", labels);
            points.put("prediction", predictions);
            return points;
        }

        private static Object value(SearchHit hit, String field) {
            if (field == null) {
                return null;
            }
            DocumentField value = hit.field(field);
            return value == null || value.getValues().isEmpty() ? null : value.getValue();
        }
    }
}
