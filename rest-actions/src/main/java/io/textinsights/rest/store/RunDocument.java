/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.store;

import io.textinsights.rest.access.CallingUser;
import io.textinsights.rest.schema.ResultsTarget;

import org.opensearch.OpenSearchStatusException;
import org.opensearch.core.rest.RestStatus;

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

    // Fields of the run document.
    public static final String RUN_ID = "run_id";
    public static final String INDEX = "index";
    public static final String STATE = "state";
    public static final String TASK = "task";
    public static final String CREATED_AT = "created_at";
    public static final String FINISHED_AT = "finished_at";
    public static final String SPLIT = "split";
    public static final String PARAMETERS = "parameters";
    public static final String QUERY = "query";
    public static final String PROGRESS = "progress";
    public static final String DOC_COUNT = "doc_count";
    public static final String ERROR = "error";
    public static final String CLUSTERS = "clusters";
    public static final String METRICS = "metrics";
    public static final String ALERTS = "alerts";
    /** Who started the run: name, backend_roles and roles, when the security plugin is installed. */
    public static final String USER = "user";
    /** Where the run's per-sample results are and in which state: see {@link #results}. */
    public static final String RESULTS = "results";

    // States of a run's per-sample results (results.state).
    /** Being written: not in the dataset's alias, not readable through the endpoints. */
    public static final String RESULTS_WRITING = "writing";
    /** Written in full and published. */
    public static final String RESULTS_COMPLETE = "complete";
    /** Deleted to keep at most plugins.text_insights.results.max_runs_per_dataset runs, or with the run. */
    public static final String RESULTS_DROPPED = "dropped";
    /** The run failed or was cancelled: whatever it had written was deleted. */
    public static final String RESULTS_DISCARDED = "discarded";
    /** An in-place run (target dataset) whose fields a later in-place run of the same dataset overwrote. */
    public static final String RESULTS_OVERWRITTEN = "overwritten";
    /** The run wrote nothing ("write_back": false). */
    public static final String RESULTS_NONE = "none";

    /** Cluster fields GET may sort by. */
    public static final List<String> SORT_FIELDS = List.of("size", "cluster_id", "avg_dep", "f1", "accuracy", "x", "y");
    /** Explanation fields of each cluster that the run document repeats (the cluster documents hold all of them). */
    public static final List<String> CLUSTER_SUMMARY_FIELDS = List.of("noise", "label", "words", "avg_dep", "f1", "accuracy");

    private RunDocument() {}

    /**
     * A run that has just started.
     *
     * @param parameters the run's parameters as stored and shown
     * @param query      the query as the user wrote it (JSON), or null
     * @param results    where its per-sample results will be ({@link #results})
     */
    public static Map<String, Object> running(
        String runId,
        String index,
        String split,
        Map<String, Object> parameters,
        Map<String, Object> query,
        Map<String, Object> results,
        long docCount,
        long createdAt
    ) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put(RUN_ID, runId);
        run.put(INDEX, index);
        run.put(STATE, RUNNING);
        run.put(TASK, null);
        run.put(CREATED_AT, createdAt);
        run.put(SPLIT, split);
        run.put(PARAMETERS, parameters);
        if (query != null) {
            run.put(QUERY, query);
        }
        run.put(PROGRESS, Map.of("phase", "starting", "percent", 0));
        run.put(DOC_COUNT, docCount);
        run.put(RESULTS, results);
        return run;
    }

    /** Records who started the run ({@link CallingUser}: the security plugin's user), when there is one. */
    public static void startedBy(Map<String, Object> run, CallingUser user) {
        if (user != null) {
            run.put(USER, user.toMap());
        }
    }

    public static void progress(Map<String, Object> run, String phase, int percent) {
        run.put(PROGRESS, Map.of("phase", phase, "percent", percent));
    }

    /**
     * The {@code results} section of a new run.
     *
     * @param index         the results index (or the dataset, for target dataset); null for target none
     * @param alias         the dataset's alias of results indices (target results only)
     * @param datasetFields for target dataset, the dataset's own names of label, prediction, split, dep, margin,
     *                      confidence and text (what the run's readers aggregate on); null otherwise
     */
    public static Map<String, Object> results(ResultsTarget target, String index, String alias, Map<String, String> datasetFields) {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("target", target.jsonName());
        results.put("index", index);
        if (alias != null) {
            results.put("alias", alias);
        }
        results.put("state", target == ResultsTarget.NONE ? RESULTS_NONE : RESULTS_WRITING);
        if (datasetFields != null) {
            results.put("fields", datasetFields);
        }
        return results;
    }

    /** Updates the run's results section with {@code changes} (e.g. state, written counts). */
    public static void updateResults(Map<String, Object> run, Map<String, Object> changes) {
        Map<String, Object> results = new LinkedHashMap<>(section(run, RESULTS));
        results.putAll(changes);
        run.put(RESULTS, results);
    }

    /** The results section of a stored run (empty for a run made before results indices). */
    public static Map<String, Object> section(Map<String, Object> run, String key) {
        Object value = run.get(key);
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), v));
            return copy;
        }
        return Map.of();
    }

    public static ResultsTarget resultsTarget(Map<String, Object> run) {
        return ResultsTarget.fromJson(section(run, RESULTS).get("target"));
    }

    public static String resultsState(Map<String, Object> run) {
        return section(run, RESULTS).get("state") instanceof String state ? state : null;
    }

    /** Where the run's per-sample results are, or null when it has none (target none, or a run made before they existed). */
    public static ResultsLocation location(Map<String, Object> run) {
        Map<String, Object> results = section(run, RESULTS);
        String runId = (String) run.get(RUN_ID);
        if (!(results.get("index") instanceof String index)) {
            return null;
        }
        ResultsTarget target = resultsTarget(run);
        if (target == ResultsTarget.RESULTS) {
            return ResultsLocation.resultsIndex(index, runId);
        }
        if (target == ResultsTarget.DATASET) {
            Map<String, Object> f = section(results, "fields");
            return ResultsLocation.inDataset(index, runId, name(f, "label"), name(f, "prediction"), name(f, "split"), name(f, "dep"),
                name(f, "margin"), name(f, "confidence"), name(f, "text"));
        }
        return null;
    }

    /**
     * Where the run's per-sample results are; a 410 (gone) with the reason when they were dropped or overwritten, a 400
     * when the run never wrote any.
     */
    public static ResultsLocation perSample(Map<String, Object> run) {
        String runId = (String) run.get(RunDocument.RUN_ID);
        ResultsLocation location = RunDocument.location(run);
        String state = RunDocument.resultsState(run);
        Object reason = RunDocument.section(run, RunDocument.RESULTS).get("reason");
        if (location == null) {
            throw new OpenSearchStatusException("run [" + runId + "] has no per-sample results: it was started with \"write_back\": false"
                + " (or before results indices existed); start a run without it", RestStatus.BAD_REQUEST);
        }
        if (RunDocument.RESULTS_DROPPED.equals(state) || RunDocument.RESULTS_OVERWRITTEN.equals(state)) {
            throw new OpenSearchStatusException("the per-sample results of run [" + runId + "] are gone (" + state
                + (reason == null ? "" : ": " + reason) + "); its clusters, metrics and alerts remain; start the run again for its samples"
                + " and map", RestStatus.GONE);
        }
        if (RunDocument.RESULTS_COMPLETE.equals(state) == false) {
            throw new OpenSearchStatusException("the per-sample results of run [" + runId + "] are [" + state + "]", RestStatus.CONFLICT);
        }
        return location;
    }

    private static String name(Map<String, Object> fields, String role) {
        return fields.get(role) instanceof String s ? s : null;
    }

    public static void ended(Map<String, Object> run, String state, String errorType, String reason, long finishedAt) {
        ended(run, state, errorType, reason, 500, finishedAt);
    }

    /**
     * @param status the HTTP status the failure answers with: 4xx only when the run's own input was at fault (see
     *               {@code RunInputException}), 500 for the plugin's failures
     */
    public static void ended(Map<String, Object> run, String state, String errorType, String reason, int status, long finishedAt) {
        run.put(STATE, state);
        run.put(FINISHED_AT, finishedAt);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", errorType);
        error.put("reason", reason);
        error.put("status", status);
        run.put(ERROR, error);
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
