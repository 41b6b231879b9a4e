/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.exec;

import io.textinsights.rest.run.spec.RunParameters;
import io.textinsights.rest.explain.RunExplainer;

import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.common.Strings;
import org.opensearch.core.xcontent.MediaTypeRegistry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The stored shape of a run, built in one place so every endpoint shows the same fields. */
public final class RunDocument {

    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    /** Cluster fields GET may sort by. */
    public static final List<String> SORT_FIELDS = List.of("size", "cluster_id", "avg_dep", "f1", "accuracy", "x", "y");
    /** Explanation fields of each cluster that the run document repeats (the cluster documents hold all of them). */
    static final List<String> CLUSTER_SUMMARY_FIELDS = List.of("noise", "label", "words", "avg_dep", "f1", "accuracy");

    private RunDocument() {}

    public static Map<String, Object> running(String runId, RunParameters params, String task, long docCount, long createdAt) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("run_id", runId);
        run.put("index", params.index());
        run.put("state", RUNNING);
        run.put("task", task);
        run.put("created_at", createdAt);
        run.put("split", params.split());
        run.put("parameters", params.toMap());
        if (params.query() != null) {
            // Kept as the user wrote it, so GET shows a query that can be pasted into _search.
            run.put("query", XContentHelper.convertToMap(JsonXContent.jsonXContent, Strings.toString(MediaTypeRegistry.JSON, params.query()), false));
        }
        run.put("progress", Map.of("phase", "starting", "percent", 0));
        run.put("doc_count", docCount);
        return run;
    }

    public static void progress(Map<String, Object> run, String phase, int percent) {
        run.put("progress", Map.of("phase", phase, "percent", percent));
    }

    public static void completed(Map<String, Object> run, RunCoordinator.Outcome outcome, RunExplainer.Explanation explanation, long finishedAt) {
        run.put("state", COMPLETED);
        run.put("finished_at", finishedAt);
        run.put("progress", Map.of("phase", "done", "percent", 100));
        run.put("took_ms", outcome.tookMs());
        run.put("doc_count", outcome.docCount());
        run.put("cluster_count", outcome.clusterCount());
        run.put("noise_count", outcome.noiseCount());
        run.put("details", outcome.details());
        run.put("write_back", Map.of("written", outcome.written(), "failures", outcome.writeFailures()));
        List<Map<String, Object>> clusters = new ArrayList<>();
        for (RunCoordinator.ClusterSummary c : outcome.clusters()) {
            Map<String, Object> cluster = cluster(c);
            if (explanation != null && explanation.clusters().get(c.clusterId()) instanceof Map<String, Object> explained) {
                for (String key : CLUSTER_SUMMARY_FIELDS) {
                    if (explained.containsKey(key)) {
                        cluster.put(key, explained.get(key));
                    }
                }
            }
            clusters.add(cluster);
        }
        run.put("clusters", clusters);
        if (explanation != null) {
            run.put("metrics", explanation.metrics());
            run.put("alerts", explanation.alerts());
        } else {
            run.put("explanation_omitted", "the run did not write its clusters into the samples (\"write_back\": false), which the"
                + " aggregations behind top words, DEP, F1, metrics and alerts need");
        }
    }

    public static Map<String, Object> cluster(RunCoordinator.ClusterSummary c) {
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("cluster_id", c.clusterId());
        cluster.put("size", c.size());
        cluster.put("x", c.x());
        cluster.put("y", c.y());
        cluster.put("representative_ids", c.representativeIds());
        return cluster;
    }

    /** The cluster document for {@value RunStore#CLUSTERS_INDEX}. */
    public static Map<String, Object> clusterDocument(String runId, RunParameters params, RunCoordinator.ClusterSummary c, long createdAt) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("run_id", runId);
        doc.put("index", params.index());
        doc.put("split", params.split());
        doc.put("noise", c.clusterId() < 0);
        doc.putAll(cluster(c));
        doc.put("centroid", c.centroid());
        doc.put("created_at", createdAt);
        return doc;
    }

    public static void ended(Map<String, Object> run, String state, String errorType, String reason, long finishedAt) {
        run.put("state", state);
        run.put("finished_at", finishedAt);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", errorType);
        error.put("reason", reason);
        run.put("error", error);
    }

    /** Validates a cluster sort, {@code field:direction}; returns the problem or null. */
    public static String checkSort(String sort) {
        return checkSort(sort, SORT_FIELDS);
    }

    /** Validates {@code field[:asc|desc]} with field one of {@code fields}; returns the problem or null. */
    public static String checkSort(String sort, List<String> fields) {
        if (sort == null) {
            return null;
        }
        String[] parts = sort.split(":", -1);
        String direction = parts.length > 1 ? parts[1].toLowerCase(Locale.ROOT) : "asc";
        if (parts.length > 2 || fields.contains(parts[0]) == false || (direction.equals("asc") == false && direction.equals("desc") == false)) {
            return "[sort] must be FIELD or FIELD:asc|desc with FIELD one of " + fields + ", got [" + sort + "]";
        }
        return null;
    }

    /** Sorts the run's clusters in place; clusters without the field last, ties by cluster id. */
    @SuppressWarnings("unchecked")
    public static void sortClusters(Map<String, Object> run, String sort) {
        if (sort == null || !(run.get("clusters") instanceof List)) {
            return;
        }
        run.put("clusters", sortedClusters((List<Map<String, Object>>) run.get("clusters"), sort));
    }

    /** A sorted copy; {@code sort} must have passed {@link #checkSort}. */
    public static List<Map<String, Object>> sortedClusters(List<Map<String, Object>> clusters, String sort) {
        String[] parts = sort.split(":");
        String field = parts[0];
        boolean descending = parts.length > 1 && parts[1].equalsIgnoreCase("desc");
        Comparator<Double> order = descending ? Comparator.reverseOrder() : Comparator.naturalOrder();
        Comparator<Map<String, Object>> byField = Comparator.comparing(
            c -> c.get(field) instanceof Number n ? n.doubleValue() : null,
            Comparator.nullsLast(order)
        );
        List<Map<String, Object>> sorted = new ArrayList<>(clusters);
        sorted.sort(byField.thenComparing(c -> ((Number) c.get("cluster_id")).intValue()));
        return sorted;
    }
}
