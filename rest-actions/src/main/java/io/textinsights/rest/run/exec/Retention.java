/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.exec;

import io.textinsights.rest.schema.ResultsTarget;
import io.textinsights.rest.store.ResultsSettings;
import io.textinsights.rest.store.ResultsStore;
import io.textinsights.rest.store.RunDocument;
import io.textinsights.rest.store.RunStore;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.action.support.PlainActionFuture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a dataset's runs within bounds once a run completes: beyond {@link ResultsSettings#MAX_RUNS_PER_DATASET}
 * completed runs with results, the oldest runs' results indices are dropped (their run documents stay, and say so:
 * {@code results.state: dropped}). An in-place run overwrites the fields earlier in-place runs wrote into the same
 * documents: those runs are marked {@code overwritten}, so their samples and points are never served mixed with
 * another run's. Best effort: a failure here is logged and never undoes the run that just completed.
 */
final class Retention {

    private static final Logger logger = LogManager.getLogger(Retention.class);
    /** Completed runs of one dataset looked at: far more than the most that can be kept. */
    private static final int LIST_SIZE = 10_000;

    private final RunStore store;
    private final ResultsStore results;
    private final int maxRuns;

    Retention(RunStore store, ResultsStore results, int maxRuns) {
        this.store = store;
        this.results = results;
        this.maxRuns = maxRuns;
    }

    /**
     * Called once the run's results are published and before it is recorded completed, so that whoever reads it
     * completed sees the older runs already dropped: the run counts as one of the runs kept.
     */
    void apply(String dataset, String completedRunId, ResultsTarget target) {
        try {
            PlainActionFuture<List<Map<String, Object>>> listed = PlainActionFuture.newFuture();
            store.listRuns(dataset, RunDocument.COMPLETED, LIST_SIZE, listed);
            List<Map<String, Object>> others = listed.actionGet().stream() // newest first
                .filter(run -> completedRunId.equals(run.get(RunDocument.RUN_ID)) == false)
                .toList();
            if (target == ResultsTarget.RESULTS) {
                dropBeyondLimit(others);
            } else if (target == ResultsTarget.DATASET) {
                markOverwritten(others, completedRunId);
            }
        } catch (Exception e) {
            logger.warn(() -> "could not apply the results retention of dataset [" + dataset + "] after run [" + completedRunId + "]", e);
        }
    }

    /** Keeps the newest max - 1 other runs' results beside the one that just completed. */
    private void dropBeyondLimit(List<Map<String, Object>> newestFirst) {
        List<Map<String, Object>> kept = new ArrayList<>();
        for (Map<String, Object> run : newestFirst) {
            if (RunDocument.resultsTarget(run) == ResultsTarget.RESULTS && RunDocument.RESULTS_COMPLETE.equals(RunDocument.resultsState(run))) {
                kept.add(run);
            }
        }
        for (Map<String, Object> run : kept.subList(Math.min(maxRuns - 1, kept.size()), kept.size())) {
            String index = (String) RunDocument.section(run, RunDocument.RESULTS).get("index");
            PlainActionFuture<Void> dropped = PlainActionFuture.newFuture();
            results.drop(index, dropped);
            dropped.actionGet();
            update(run, RunDocument.RESULTS_DROPPED, "more than " + ResultsSettings.MAX_RUNS_PER_DATASET.getKey() + " [" + maxRuns
                + "] completed runs of this dataset: the oldest runs' results were dropped");
        }
    }

    private void markOverwritten(List<Map<String, Object>> runs, String completedRunId) {
        for (Map<String, Object> run : runs) {
            if (RunDocument.resultsTarget(run) == ResultsTarget.DATASET
                && RunDocument.RESULTS_COMPLETE.equals(RunDocument.resultsState(run))) {
                update(run, RunDocument.RESULTS_OVERWRITTEN, "run [" + completedRunId + "] wrote its fields into the same documents since");
            }
        }
    }

    private void update(Map<String, Object> run, String state, String reason) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("state", state);
        changes.put("reason", reason);
        changes.put("changed_at", System.currentTimeMillis());
        PlainActionFuture<Void> saved = PlainActionFuture.newFuture();
        store.updateRun((String) run.get(RunDocument.RUN_ID), Map.of(RunDocument.RESULTS, changes), saved);
        saved.actionGet();
    }
}
