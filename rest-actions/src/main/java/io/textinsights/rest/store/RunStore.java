/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.store;

import io.textinsights.rest.schema.ClusterFields;
import io.textinsights.rest.schema.ResultFields;

import org.opensearch.ExceptionsHelper;
import org.opensearch.action.bulk.BulkRequest;
import org.opensearch.action.bulk.BulkResponse;
import org.opensearch.action.delete.DeleteRequest;
import org.opensearch.action.get.GetRequest;
import org.opensearch.action.index.IndexRequest;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.action.support.WriteRequest;
import org.opensearch.action.update.UpdateRequest;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.core.action.ActionListener;
import org.opensearch.index.engine.DocumentMissingException;
import org.opensearch.index.engine.VersionConflictEngineException;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.index.reindex.BulkByScrollResponse;
import org.opensearch.index.reindex.DeleteByQueryAction;
import org.opensearch.index.reindex.DeleteByQueryRequest;
import org.opensearch.index.reindex.UpdateByQueryAction;
import org.opensearch.index.reindex.UpdateByQueryRequest;
import org.opensearch.script.Script;
import org.opensearch.script.ScriptType;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.search.sort.SortOrder;
import org.opensearch.transport.client.Client;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where runs live: one document per run in the system index {@value #RUNS_INDEX} (state, parameters, progress, results;
 * the datasets' locks, {@link DatasetLocks}, live there too),
 * one document per cluster in {@value #CLUSTERS_INDEX} (for Dashboards and plain searches). Both are created on first
 * use. Calls on the system index run in a stashed thread context, as the system, not as the calling user.
 */
public final class RunStore {

    public static final String RUNS_INDEX = ".text-insights-runs";
    public static final String CLUSTERS_INDEX = "text-insights-clusters";

    private static final Map<String, Object> RUNS_MAPPING = Map.of(
        "dynamic",
        false,
        "properties",
        Map.of(
            "run_id",
            Map.of("type", "keyword"),
            "index",
            Map.of("type", "keyword"),
            "state",
            Map.of("type", "keyword"),
            "created_at",
            Map.of("type", "date"),
            "finished_at",
            Map.of("type", "date"),
            "user",
            Map.of("properties", Map.of("name", Map.of("type", "keyword"), "backend_roles", Map.of("type", "keyword"), "roles",
                Map.of("type", "keyword")))
        )
    );

    private static final Map<String, Object> CLUSTERS_MAPPING = Map.of(
        "properties",
        Map.ofEntries(
            Map.entry(ClusterFields.RUN_ID, Map.of("type", "keyword")),
            Map.entry(ClusterFields.INDEX, Map.of("type", "keyword")),
            Map.entry(ClusterFields.SPLIT, Map.of("type", "keyword")),
            Map.entry(ClusterFields.CLUSTER_ID, Map.of("type", "integer")),
            Map.entry(ClusterFields.NOISE, Map.of("type", "boolean")),
            Map.entry(ClusterFields.SIZE, Map.of("type", "long")),
            Map.entry(ClusterFields.LABEL, Map.of("type", "keyword")),
            Map.entry(ClusterFields.WORDS, Map.of("type", "keyword")),
            Map.entry(
                "top_words",
                Map.of(
                    "properties",
                    Map.of(
                        "word",
                        Map.of("type", "keyword"),
                        "score",
                        Map.of("type", "double"),
                        "doc_count",
                        Map.of("type", "long"),
                        "bg_count",
                        Map.of("type", "long")
                    )
                )
            ),
            Map.entry("top_words_sample_size", Map.of("type", "long")),
            Map.entry("avg_dep", Map.of("type", "double")),
            Map.entry("f1", Map.of("type", "double")),
            Map.entry("f1_weighted", Map.of("type", "double")),
            Map.entry("accuracy", Map.of("type", "double")),
            // Keyed by class names and percentiles: kept for display, not indexed (no mapping explosion on many classes).
            Map.entry("dep_percentiles", Map.of("type", "object", "enabled", false)),
            Map.entry("label_counts", Map.of("type", "object", "enabled", false)),
            Map.entry("top_misclassified", Map.of("type", "object", "enabled", false)),
            Map.entry("omitted", Map.of("type", "object", "enabled", false)),
            // Written by LLM summaries (when a run asks for them).
            Map.entry("title", Map.of("type", "text", "fields", Map.of("keyword", Map.of("type", "keyword", "ignore_above", 256)))),
            Map.entry("summary", Map.of("type", "text")),
            Map.entry("labels", Map.of("type", "keyword")),
            Map.entry("model_name", Map.of("type", "keyword")),
            Map.entry("error", Map.of("type", "object", "enabled", false)),
            Map.entry(ClusterFields.X, Map.of("type", "float")),
            Map.entry(ClusterFields.Y, Map.of("type", "float")),
            Map.entry(ClusterFields.REPRESENTATIVE_IDS, Map.of("type", "keyword")),
            // Kept for reuse (e.g. assigning new samples), never searched.
            Map.entry(ClusterFields.CENTROID, Map.of("type", "float", "index", false, "doc_values", false)),
            Map.entry(ClusterFields.CREATED_AT, Map.of("type", "date"))
        )
    );

    private final Client client;
    private final ClusterService clusterService;

    public RunStore(Client client, ClusterService clusterService) {
        this.client = client;
        this.clusterService = clusterService;
    }

    private <T> void asSystem(Consumer<ActionListener<T>> call, ActionListener<T> listener) {
        SystemContext.run(client, call, listener);
    }

    private void ensureIndex(
        String index,
        Map<String, Object> mapping,
        Map<String, Object> settings,
        boolean updateMapping,
        ActionListener<Void> listener
    ) {
        SystemIndexes.ensure(client, clusterService, index, mapping, settings, updateMapping, listener);
    }

    /** Creates the runs index on first use; callers run as the system. */
    void ensureRunsIndex(ActionListener<Void> listener) {
        ensureIndex(RUNS_INDEX, RUNS_MAPPING, SystemIndexes.SMALL, false, listener);
    }

    /** Writes (creates or replaces) a run document and makes it visible to searches at once. */
    public void saveRun(String runId, Map<String, Object> run, ActionListener<Void> listener) {
        asSystem(l -> ensureRunsIndex(
            ActionListener.wrap(
                ignored -> client.index(
                    new IndexRequest(RUNS_INDEX).id(runId).source(run).setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE),
                    ActionListener.wrap(r -> l.onResponse(null), l::onFailure)
                ),
                l::onFailure
            )), listener);
    }

    /**
     * Merges {@code fields} into a stored run document (objects field by field, so a concurrent save of other fields
     * is not undone). A run that no longer exists is not an error.
     */
    public void updateRun(String runId, Map<String, Object> fields, ActionListener<Void> listener) {
        asSystem(l -> client.update(
            new UpdateRequest(RUNS_INDEX, runId).doc(fields).retryOnConflict(3).setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE),
            ActionListener.wrap(r -> l.onResponse(null), e -> {
                if (ExceptionsHelper.unwrapCause(e) instanceof DocumentMissingException) {
                    l.onResponse(null);
                } else {
                    l.onFailure(e);
                }
            })
        ), listener);
    }

    /** A stored run document with the version it was read at. */
    public record Versioned(Map<String, Object> run, long seqNo, long primaryTerm) {}

    /** The run document with its version, or null when there is none. */
    public void getRunVersioned(String runId, ActionListener<Versioned> listener) {
        asSystem(l -> {
            if (clusterService.state().metadata().hasIndex(RUNS_INDEX) == false) {
                l.onResponse(null);
                return;
            }
            client.get(new GetRequest(RUNS_INDEX, runId), ActionListener.wrap(
                r -> l.onResponse(r.isExists() ? new Versioned(r.getSourceAsMap(), r.getSeqNo(), r.getPrimaryTerm()) : null),
                l::onFailure
            ));
        }, listener);
    }

    /**
     * Replaces a run document only if it is still the version read: answers false (and writes nothing) when it changed
     * in between, e.g. the run ended on its own.
     */
    public void saveRunIfUnchanged(String runId, Map<String, Object> run, long seqNo, long primaryTerm, ActionListener<Boolean> listener) {
        asSystem(l -> client.index(
            new IndexRequest(RUNS_INDEX).id(runId).source(run).setIfSeqNo(seqNo).setIfPrimaryTerm(primaryTerm)
                .setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE),
            ActionListener.wrap(r -> l.onResponse(true), e -> {
                if (ExceptionsHelper.unwrapCause(e) instanceof VersionConflictEngineException) {
                    l.onResponse(false);
                } else {
                    l.onFailure(e);
                }
            })
        ), listener);
    }

    /** The run document, or null when there is none. */
    public void getRun(String runId, ActionListener<Map<String, Object>> listener) {
        asSystem(l -> {
            if (clusterService.state().metadata().hasIndex(RUNS_INDEX) == false) {
                l.onResponse(null);
                return;
            }
            client.get(new GetRequest(RUNS_INDEX, runId), ActionListener.wrap(r -> l.onResponse(r.isExists() ? r.getSourceAsMap() : null), l::onFailure));
        }, listener);
    }

    /** Runs, newest first, optionally of one index and/or in one state. */
    public void listRuns(String index, String state, int size, ActionListener<List<Map<String, Object>>> listener) {
        asSystem(l -> {
            if (clusterService.state().metadata().hasIndex(RUNS_INDEX) == false) {
                l.onResponse(Collections.emptyList());
                return;
            }
            // Only runs: the dataset locks (DatasetLocks) live in the same index and have no run_id.
            var query = QueryBuilders.boolQuery().filter(QueryBuilders.existsQuery("run_id"));
            if (index != null) {
                query.filter(QueryBuilders.termQuery("index", index));
            }
            if (state != null) {
                query.filter(QueryBuilders.termQuery("state", state));
            }
            SearchRequest search = new SearchRequest(RUNS_INDEX).source(
                new SearchSourceBuilder().query(query).size(size).sort("created_at", SortOrder.DESC).sort("run_id", SortOrder.ASC)
            );
            client.search(search, ActionListener.wrap((SearchResponse r) -> {
                List<Map<String, Object>> runs = new java.util.ArrayList<>();
                r.getHits().forEach(hit -> runs.add(hit.getSourceAsMap()));
                l.onResponse(runs);
            }, l::onFailure));
        }, listener);
    }

    /** Replaces the run's cluster documents with these (as the system: the clusters index is the plugin's own). */
    public void saveClusters(String runId, List<Map<String, Object>> clusters, ActionListener<Void> listener) {
        asSystem(l -> ensureIndex(CLUSTERS_INDEX, CLUSTERS_MAPPING, Map.of("index.number_of_shards", 1), true, ActionListener.wrap(ignored -> {
            BulkRequest bulk = new BulkRequest().setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
            for (Map<String, Object> cluster : clusters) {
                bulk.add(new IndexRequest(CLUSTERS_INDEX).id(runId + "-" + cluster.get(ClusterFields.CLUSTER_ID)).source(cluster));
            }
            if (bulk.numberOfActions() == 0) {
                l.onResponse(null);
                return;
            }
            client.bulk(bulk, ActionListener.wrap((BulkResponse r) -> {
                if (r.hasFailures()) {
                    l.onFailure(new IllegalStateException("could not save cluster documents: " + r.buildFailureMessage()));
                } else {
                    l.onResponse(null);
                }
            }, l::onFailure));
        }, l::onFailure)), listener);
    }

    /**
     * The cluster documents of a run ({@code size} at most, without {@code excludes}), read as the system: callers have
     * checked the caller's access to the run's dataset first ({@code RunsAccess}).
     */
    public void searchClusters(String runId, int size, String[] excludes, ActionListener<List<Map<String, Object>>> listener) {
        asSystem(l -> {
            if (clusterService.state().metadata().hasIndex(CLUSTERS_INDEX) == false) {
                l.onResponse(List.of());
                return;
            }
            SearchRequest search = new SearchRequest(CLUSTERS_INDEX).source(
                new SearchSourceBuilder().query(QueryBuilders.termQuery(ClusterFields.RUN_ID, runId)).size(size).fetchSource(null, excludes)
            );
            client.search(search, ActionListener.wrap((SearchResponse r) -> {
                List<Map<String, Object>> clusters = new java.util.ArrayList<>();
                r.getHits().forEach(hit -> clusters.add(hit.getSourceAsMap()));
                l.onResponse(clusters);
            }, l::onFailure));
        }, listener);
    }

    /** Deletes the run document and its cluster documents; with {@code clearIndex}, also the fields it wrote into samples. */
    public void deleteRun(String runId, String clearIndex, ActionListener<Long> listener) {
        clearFields(runId, clearIndex, ActionListener.wrap(cleared -> deleteClusters(runId, ActionListener.wrap(ignored -> asSystem(
            l -> client.delete(
                new DeleteRequest(RUNS_INDEX, runId).setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE),
                ActionListener.wrap(r -> l.onResponse(cleared), l::onFailure)
            ),
            listener
        ), listener::onFailure)), listener::onFailure));
    }

    private void clearFields(String runId, String index, ActionListener<Long> listener) {
        if (index == null || clusterService.state().metadata().hasIndex(index) == false) {
            listener.onResponse(0L);
            return;
        }
        UpdateByQueryRequest clear = new UpdateByQueryRequest(index).setQuery(QueryBuilders.termQuery(ResultFields.inDataset(ResultFields.RUN_ID), runId))
            .setScript(new Script(ScriptType.INLINE, "painless", "ctx._source.remove('" + ResultFields.IN_DATASET + "')", Map.of()))
            .setRefresh(true);
        // Documents that only lose fields must not go through the dataset pipeline again.
        clear.setPipeline("_none");
        client.execute(UpdateByQueryAction.INSTANCE, clear, ActionListener.wrap((BulkByScrollResponse r) -> {
            if (r.getBulkFailures().isEmpty() == false) {
                listener.onFailure(new IllegalStateException("could not clear the run's fields: " + r.getBulkFailures().get(0).getMessage()));
            } else {
                listener.onResponse(r.getUpdated());
            }
        }, listener::onFailure));
    }

    private void deleteClusters(String runId, ActionListener<Void> listener) {
        if (clusterService.state().metadata().hasIndex(CLUSTERS_INDEX) == false) {
            listener.onResponse(null);
            return;
        }
        DeleteByQueryRequest delete = new DeleteByQueryRequest(CLUSTERS_INDEX).setQuery(QueryBuilders.termQuery(ClusterFields.RUN_ID, runId)).setRefresh(true);
        asSystem(l -> client.execute(DeleteByQueryAction.INSTANCE, delete, ActionListener.wrap(r -> l.onResponse(null), l::onFailure)), listener);
    }
}
