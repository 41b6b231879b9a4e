/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.exec;

import io.textinsights.rest.run.api.RunResponse;
import io.textinsights.rest.run.spec.RunSettings;
import io.textinsights.rest.run.spec.RunParameters;
import io.textinsights.rest.store.RunStore;
import io.textinsights.rest.dataset.DataFields;
import io.textinsights.rest.explain.RunExplainer;
import io.textinsights.rest.run.shard.ClusterModel;
import io.textinsights.rest.summary.LlmEndpoint;
import io.textinsights.rest.summary.RunSummaries;

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
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.tasks.Task;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

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
    private final LlmEndpoint llmEndpoint;

    @Inject
    public TransportExecuteRunAction(
        TransportService transportService,
        ActionFilters actionFilters,
        ClusterService clusterService,
        Client client,
        ThreadPool threadPool,
        RunStore store,
        RunRegistry registry,
        LlmEndpoint llmEndpoint
    ) {
        super(ExecuteRunAction.NAME, transportService, actionFilters, ExecuteRunRequest::new);
        this.clusterService = clusterService;
        this.client = client;
        this.threadPool = threadPool;
        this.store = store;
        this.registry = registry;
        this.llmEndpoint = llmEndpoint;
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
            // The sample also gives top words their foreground (when the run writes back), so it covers that too.
            int sampleSize = Math.min(
                settings.get(RunSettings.MAX_SAMPLE_SIZE),
                Math.max(
                    Math.max(params.hasMap() ? params.projection().sampleSize() : 0, RunCoordinator.AUTO_SAMPLE),
                    params.writeBack() ? settings.get(RunSettings.TOP_WORDS_SAMPLE_SIZE) : 0
                )
            );
            BroadcastPasses passes = new BroadcastPasses(
                client,
                params,
                taskId,
                runId,
                settings.get(RunSettings.REPRESENTATIVES),
                settings.get(RunSettings.WRITE_BATCH_SIZE)
            );
            IndexMetadata indexMetadata = clusterService.state().metadata().index(params.index());
            if (indexMetadata == null) {
                throw new IllegalArgumentException("index [" + params.index() + "] was deleted");
            }
            DataFields dataFields = DataFields.resolve(indexMetadata);
            RunExplainer explainer = new RunExplainer(client, params.index(), runId, dataFields, params.topWords());
            Map<Integer, Map<String, Object>> topWords = new HashMap<>();
            int wordsSample = settings.get(RunSettings.TOP_WORDS_SAMPLE_SIZE);
            AtomicReference<RunSummaries.Outcome> llmSummaries = new AtomicReference<>();
            RunCoordinator.Labeler labeler = params.writeBack() == false ? RunCoordinator.Labeler.NONE : (model, ids, clusterOfSample) -> {
                topWords.putAll(explainer.topWords(RunCoordinator.idsByCluster(ids, clusterOfSample, wordsSample), params.documentsQuery()));
                if (params.summaries().enabled()) {
                    // Here, before the write-back, so that its one pass writes the titles as the samples' labels.
                    progress.report("summarizing", 72);
                    llmSummaries.set(summarize(runId, params, dataFields, model, ids, clusterOfSample, topWords, task));
                }
                String[] labels = new String[model.k() + 1];
                for (int slot = 0; slot < labels.length; slot++) {
                    labels[slot] = llmSummaries.get() != null
                        ? llmSummaries.get().label(slot - 1, params.summaries())
                        : RunExplainer.label(slot - 1, topWords.get(slot - 1));
                }
                return labels;
            };
            RunCoordinator.Outcome outcome = RunCoordinator.run(
                params,
                sampleSize,
                settings.get(RunSettings.PLACEMENT_ANCHORS),
                passes,
                progress,
                labeler
            );
            if (outcome.writeFailures() > 0) {
                // Never present a half-written result as complete, nor publish its clusters.
                throw new WriteBackException(outcome.writeFailures() + " of " + outcome.docCount()
                    + " documents could not be updated, first: " + outcome.firstWriteFailure());
            }
            RunExplainer.Explanation explanation = null;
            if (params.writeBack()) {
                explanation = explain(explainer, params, outcome, topWords, progress);
            }
            if (llmSummaries.get() != null && explanation != null) {
                RunSummaries.apply(explanation.clusters(), llmSummaries.get().results(), params.summaries());
                run.put("summaries", llmSummaries.get().report());
                outcome.tookMs().put("summarizing", ((Number) llmSummaries.get().report().get("took_ms")).longValue());
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
     * LLM summaries of the clusters, from each cluster's sampled documents nearest its centre (the cluster ids are not
     * written yet). Never throws for the endpoint's failures: they are the clusters' errors.
     */
    private RunSummaries.Outcome summarize(
        String runId,
        RunParameters params,
        DataFields dataFields,
        ClusterModel model,
        String[] ids,
        int[] clusterOfSample,
        Map<Integer, Map<String, Object>> topWords,
        RunTask task
    ) {
        Map<Integer, List<String>> sampled = RunCoordinator.idsByCluster(ids, clusterOfSample, ids.length);
        List<RunSummaries.Cluster> clusters = new ArrayList<>();
        for (int c = 0; c < model.k(); c++) {
            Object words = topWords.getOrDefault(c, Map.of()).get("words");
            clusters.add(new RunSummaries.Cluster(
                c,
                words instanceof List<?> w ? w.stream().map(String::valueOf).toList() : List.of(),
                model.centroids()[c],
                QueryBuilders.idsQuery().addIds(sampled.getOrDefault(c, List.of()).toArray(String[]::new))
            ));
        }
        return RunSummaries.summarize(
            client,
            llmEndpoint,
            threadPool.generic(),
            new RunSummaries.Source(params.index(), params.vectorField(), dataFields.text(), runId),
            clusters,
            params.summaries(),
            task::isCancelled
        );
    }

    /** Refreshes the index so the written cluster ids are searchable, then aggregates over them. */
    private RunExplainer.Explanation explain(
        RunExplainer explainer,
        RunParameters params,
        RunCoordinator.Outcome outcome,
        Map<Integer, Map<String, Object>> topWords,
        RunCoordinator.Progress progress
    ) {
        long start = System.nanoTime();
        progress.report("explaining", 85);
        client.admin().indices().refresh(new RefreshRequest(params.index())).actionGet();
        List<Integer> ids = new ArrayList<>();
        if (outcome.noiseCount() > 0) {
            ids.add(-1);
        }
        for (RunCoordinator.ClusterSummary c : outcome.clusters()) {
            ids.add(c.clusterId());
        }
        RunExplainer.Explanation explanation = explainer.explain(ids, topWords);
        outcome.tookMs().put("explaining", (System.nanoTime() - start) / 1_000_000);
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
