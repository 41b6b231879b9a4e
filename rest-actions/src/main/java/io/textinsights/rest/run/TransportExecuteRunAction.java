/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run;

import io.textinsights.rest.run.explain.DataFields;
import io.textinsights.rest.run.explain.RunExplainer;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.ExceptionsHelper;
import org.opensearch.OpenSearchException;
import org.opensearch.action.admin.indices.refresh.RefreshRequest;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.action.support.PlainActionFuture;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.common.settings.ClusterSettings;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.tasks.TaskCancelledException;
import org.opensearch.core.tasks.TaskId;
import org.opensearch.tasks.Task;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Executes a run on its own GENERIC thread (never on a transport thread: it waits on its shard passes), records every
 * phase in the run document, and ends it as completed, failed or cancelled. Whatever goes wrong, including a
 * {@link java.lang.Error} from a native library, ends as a failed run with the reason: the node lives on.
 */
public class TransportExecuteRunAction extends HandledTransportAction<ExecuteRunRequest, RunResponse> {

    private static final Logger logger = LogManager.getLogger(TransportExecuteRunAction.class);

    private final ClusterService clusterService;
    private final Client client;
    private final ThreadPool threadPool;
    private final RunStore store;
    private final RunRegistry registry;

    @Inject
    public TransportExecuteRunAction(
        TransportService transportService,
        ActionFilters actionFilters,
        ClusterService clusterService,
        Client client,
        ThreadPool threadPool,
        RunStore store,
        RunRegistry registry
    ) {
        super(ExecuteRunAction.NAME, transportService, actionFilters, ExecuteRunRequest::new);
        this.clusterService = clusterService;
        this.client = client;
        this.threadPool = threadPool;
        this.store = store;
        this.registry = registry;
    }

    @Override
    protected void doExecute(Task task, ExecuteRunRequest request, ActionListener<RunResponse> listener) {
        threadPool.generic().execute(() -> listener.onResponse(new RunResponse(execute((RunTask) task, request))));
    }

    private void save(Map<String, Object> run) {
        PlainActionFuture<Void> saved = PlainActionFuture.newFuture();
        store.saveRun((String) run.get("run_id"), run, saved);
        saved.actionGet();
    }

    private Map<String, Object> execute(RunTask task, ExecuteRunRequest request) {
        RunParameters params = request.parameters();
        Map<String, Object> run = new LinkedHashMap<>(request.runDocument());
        String runId = request.runId();
        TaskId taskId = new TaskId(clusterService.localNode().getId(), task.getId());
        run.put("task", taskId.toString());
        ClusterSettings settings = clusterService.getClusterSettings();
        try {
            save(run);
            RunCoordinator.Progress progress = (phase, percent) -> {
                if (task.isCancelled()) {
                    throw new TaskCancelledException("the run was cancelled: " + task.getReasonCancelled());
                }
                boolean newPhase = phase.equals(task.phase()) == false;
                task.progress(phase, percent);
                if (newPhase) {
                    RunDocument.progress(run, phase, task.percent());
                    save(run);
                }
            };
            int sampleSize = Math.min(
                settings.get(RunSettings.MAX_SAMPLE_SIZE),
                Math.max(params.hasMap() ? params.projection().sampleSize() : 0, RunCoordinator.AUTO_SAMPLE)
            );
            BroadcastPasses passes = new BroadcastPasses(
                client,
                params,
                taskId,
                runId,
                settings.get(RunSettings.REPRESENTATIVES),
                settings.get(RunSettings.WRITE_BATCH_SIZE)
            );
            RunCoordinator.Outcome outcome = RunCoordinator.run(params, sampleSize, settings.get(RunSettings.PLACEMENT_ANCHORS), passes, progress);
            if (outcome.writeFailures() > 0) {
                // Never present a half-written result as complete, nor publish its clusters.
                throw new WriteBackException(outcome.writeFailures() + " of " + outcome.docCount()
                    + " documents could not be updated, first: " + outcome.firstWriteFailure());
            }
            RunExplainer.Explanation explanation = null;
            if (params.writeBack()) {
                explanation = explain(runId, params, outcome, passes, progress, settings);
            }
            progress.report("saving", 95);
            long now = System.currentTimeMillis();
            List<Map<String, Object>> clusters = new ArrayList<>();
            List<RunCoordinator.ClusterSummary> summaries = new ArrayList<>(outcome.clusters());
            if (outcome.noiseCount() > 0) {
                summaries.add(0, new RunCoordinator.ClusterSummary(-1, outcome.noiseCount(), null, null, List.of(), null));
            }
            for (RunCoordinator.ClusterSummary cluster : summaries) {
                Map<String, Object> doc = RunDocument.clusterDocument(runId, params, cluster, now);
                if (explanation != null && explanation.clusters().get(cluster.clusterId()) instanceof Map<String, Object> explained) {
                    doc.putAll(explained);
                }
                clusters.add(doc);
            }
            PlainActionFuture<Void> clustersSaved = PlainActionFuture.newFuture();
            store.saveClusters(runId, clusters, clustersSaved);
            clustersSaved.actionGet();
            RunDocument.completed(run, outcome, explanation, System.currentTimeMillis());
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError vme) {
                throw vme; // out of memory and the like: nothing sensible can run any more
            }
            Throwable cause = ExceptionsHelper.unwrapCause(t);
            boolean cancelled = task.isCancelled() || cause instanceof TaskCancelledException;
            if (cancelled) {
                RunDocument.ended(run, RunDocument.CANCELLED, "task_cancelled_exception", "the run was cancelled: "
                    + task.getReasonCancelled(), System.currentTimeMillis());
            } else {
                logger.warn(() -> "text insights run [" + runId + "] on index [" + params.index() + "] failed", t);
                String type = cause instanceof WriteBackException ? WriteBackException.TYPE
                    : cause instanceof Exception e ? OpenSearchException.getExceptionName(e) : cause.getClass().getSimpleName();
                RunDocument.ended(run, RunDocument.FAILED, type, String.valueOf(cause.getMessage()), System.currentTimeMillis());
            }
        }
        // Free the index before recording the end: whoever reads "completed" or "cancelled" may start the next run at once.
        registry.finish(params.index(), runId);
        try {
            save(run);
        } catch (Exception e) {
            logger.warn(() -> "could not record the end of text insights run [" + runId + "]", e);
        }
        return run;
    }

    /**
     * Refreshes the index so the written cluster ids are searchable, computes the explanations with aggregations, then
     * writes each sample its cluster's label (a second pass over the shards: labels exist only after the aggregations).
     */
    private RunExplainer.Explanation explain(
        String runId,
        RunParameters params,
        RunCoordinator.Outcome outcome,
        BroadcastPasses passes,
        RunCoordinator.Progress progress,
        ClusterSettings settings
    ) {
        long start = System.nanoTime();
        progress.report("explaining", 85);
        client.admin().indices().refresh(new RefreshRequest(params.index())).actionGet();
        IndexMetadata indexMetadata = clusterService.state().metadata().index(params.index());
        if (indexMetadata == null) {
            throw new IllegalStateException("index [" + params.index() + "] was deleted during the run");
        }
        List<Integer> ids = new ArrayList<>();
        if (outcome.noiseCount() > 0) {
            ids.add(-1);
        }
        for (RunCoordinator.ClusterSummary c : outcome.clusters()) {
            ids.add(c.clusterId());
        }
        RunExplainer explainer = new RunExplainer(
            client,
            params.index(),
            runId,
            DataFields.resolve(indexMetadata),
            params.topWords(),
            settings.get(RunSettings.TOP_WORDS_SAMPLE_SIZE)
        );
        RunExplainer.Explanation explanation = explainer.explain(ids);
        outcome.tookMs().put("explaining", (System.nanoTime() - start) / 1_000_000);

        start = System.nanoTime();
        progress.report("labelling", 90);
        String[] labels = new String[outcome.clusterCount() + 1];
        for (int slot = 0; slot < labels.length; slot++) {
            labels[slot] = explanation.label(slot - 1);
        }
        BroadcastPasses.Labelled labelled = passes.label(labels);
        if (labelled.failures() > 0) {
            throw new WriteBackException(labelled.failures() + " of " + labelled.docCount() + " documents could not take their cluster label,"
                + " first: " + labelled.firstFailure());
        }
        client.admin().indices().refresh(new RefreshRequest(params.index())).actionGet();
        outcome.tookMs().put("labelling", (System.nanoTime() - start) / 1_000_000);
        return explanation;
    }

    /** Some documents did not take the run's results. */
    static final class WriteBackException extends RuntimeException {
        static final String TYPE = "write_back_exception";

        WriteBackException(String message) {
            super(message);
        }
    }
}
