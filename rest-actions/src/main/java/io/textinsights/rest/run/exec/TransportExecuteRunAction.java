/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.exec;

import io.textinsights.math.explain.ClusterLabels;
import io.textinsights.rest.dataset.DataFields;
import io.textinsights.rest.explain.Explanation;
import io.textinsights.rest.explain.RunExplainer;
import io.textinsights.rest.explain.TopWords;
import io.textinsights.rest.explain.TopWordsFinder;
import io.textinsights.rest.run.shard.ClusterModel;
import io.textinsights.rest.run.shard.ShardPass;
import io.textinsights.rest.run.spec.RunInputException;
import io.textinsights.rest.run.spec.RunParameters;
import io.textinsights.rest.run.spec.RunResponse;
import io.textinsights.rest.run.spec.RunSettings;
import io.textinsights.rest.schema.ResultsTarget;
import io.textinsights.rest.store.DatasetLocks;
import io.textinsights.rest.store.ResultsLocation;
import io.textinsights.rest.store.ResultsSettings;
import io.textinsights.rest.store.ResultsStore;
import io.textinsights.rest.store.RunDocument;
import io.textinsights.rest.store.RunStore;
import io.textinsights.rest.store.SystemContext;
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
import org.opensearch.core.rest.RestStatus;
import org.opensearch.core.tasks.TaskCancelledException;
import org.opensearch.core.tasks.TaskId;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.tasks.Task;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Executes a run on its own GENERIC thread (never on a transport thread: it waits on its shard passes), records every
 * phase in the run document, and ends it as completed, failed or cancelled. The steps: set up where the results go,
 * cluster and write (the {@link RunCoordinator}), explain, publish, record, and keep the dataset's runs within bounds.
 * Whatever goes wrong, including a {@link java.lang.Error} from a native library, ends as a failed run with the
 * reason and its partial results deleted: the node lives on, and nothing half-written is ever presented as complete.
 */
public class TransportExecuteRunAction extends HandledTransportAction<ExecuteRunRequest, RunResponse> {

    private static final Logger logger = LogManager.getLogger(TransportExecuteRunAction.class);

    private final ClusterService clusterService;
    private final Client client;
    private final ThreadPool threadPool;
    private final RunStore store;
    private final ResultsStore resultsStore;
    private final RunRegistry registry;
    private final DatasetLocks locks;
    private final LlmEndpoint llmEndpoint;

    @Inject
    public TransportExecuteRunAction(
        TransportService transportService,
        ActionFilters actionFilters,
        ClusterService clusterService,
        Client client,
        ThreadPool threadPool,
        RunStore store,
        ResultsStore resultsStore,
        RunRegistry registry,
        DatasetLocks locks,
        LlmEndpoint llmEndpoint
    ) {
        super(ExecuteRunAction.NAME, transportService, actionFilters, ExecuteRunRequest::new);
        this.clusterService = clusterService;
        this.client = client;
        this.threadPool = threadPool;
        this.store = store;
        this.resultsStore = resultsStore;
        this.registry = registry;
        this.locks = locks;
        this.llmEndpoint = llmEndpoint;
    }

    @Override
    protected void doExecute(Task task, ExecuteRunRequest request, ActionListener<RunResponse> listener) {
        threadPool.generic().execute(() -> listener.onResponse(new RunResponse(execute((RunTask) task, request))));
    }

    /**
     * What every step of one run shares.
     *
     * @param results where its per-sample results go (null: nowhere)
     */
    private record Setup(RunParameters params, String runId, TaskId taskId, DataFields dataFields, ResultsLocation results, ClusterSettings settings) {
        boolean writes() {
            return results != null;
        }
    }

    private Map<String, Object> execute(RunTask task, ExecuteRunRequest request) {
        RunParameters params = request.parameters();
        String runId = request.runId();
        Map<String, Object> run = new LinkedHashMap<>(request.runDocument());
        TaskId taskId = new TaskId(clusterService.localNode().getId(), task.getId());
        run.put(RunDocument.TASK, taskId.toString());
        Setup setup = null;
        try {
            save(run);
            setup = setUp(params, runId, taskId);
            RunCoordinator.Progress progress = progress(task, run);
            Naming naming = new Naming(setup, task, progress);
            RunCoordinator.Outcome outcome = cluster(setup, task, progress, naming);
            requireAllWritten(outcome);
            Explanation explanation = setup.writes() ? explain(setup, outcome, naming.topWords(), progress) : null;
            Map<Integer, Map<String, Object>> clusterDocs = clusterDocuments(setup, outcome, explanation, naming.summaries());
            progress.report("saving", 95);
            publish(setup);
            PlainActionFuture<Void> clustersSaved = PlainActionFuture.newFuture();
            store.saveClusters(runId, new ArrayList<>(clusterDocs.values()), clustersSaved);
            clustersSaved.actionGet();
            if (naming.summaries() != null) {
                run.put("summaries", naming.summaries().report());
                outcome.tookMs().put("summarizing", ((Number) naming.summaries().report().get("took_ms")).longValue());
            }
            new Retention(store, resultsStore, clusterService.getClusterSettings().get(ResultsSettings.MAX_RUNS_PER_DATASET)).apply(
                params.index(), runId, params.writeBack());
            RunRecords.completed(run, outcome, clusterDocs, explanation, System.currentTimeMillis());
            RunDocument.updateResults(run, resultsWritten(setup, outcome));
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError vme) {
                free(params.index(), runId);
                throw vme; // out of memory and the like: nothing sensible can run any more
            }
            fail(run, task, params, runId, t);
            discard(run, setup);
        }
        // Free the index before recording the end: whoever reads "completed" or "cancelled" may start the next run at once.
        free(params.index(), runId);
        try {
            save(run);
        } catch (Exception e) {
            logger.warn(() -> "could not record the end of text insights run [" + runId + "]", e);
        }
        return run;
    }

    /** Releases the dataset: this node's registry and the cluster-wide lock (a failure is logged; the lock then goes stale). */
    private void free(String index, String runId) {
        registry.finish(index, runId);
        try {
            PlainActionFuture<Void> released = PlainActionFuture.newFuture();
            locks.release(index, runId, released);
            released.actionGet();
        } catch (Exception e) {
            logger.warn(() -> "could not release the lock of index [" + index + "] held by run [" + runId + "]", e);
        }
    }

    private void save(Map<String, Object> run) {
        PlainActionFuture<Void> saved = PlainActionFuture.newFuture();
        store.saveRun((String) run.get(RunDocument.RUN_ID), run, saved);
        saved.actionGet();
    }

    /** Reports progress to the task (and the run document on each new phase); throws once the run is cancelled. */
    private RunCoordinator.Progress progress(RunTask task, Map<String, Object> run) {
        return (phase, percent) -> {
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
    }

    /** Step 1: the dataset's fields, and where the results go (a new, empty, unpublished results index by default). */
    private Setup setUp(RunParameters params, String runId, TaskId taskId) {
        IndexMetadata indexMetadata = clusterService.state().metadata().index(params.index());
        if (indexMetadata == null) {
            throw new RunInputException("index [" + params.index() + "] was deleted while the run started", RestStatus.NOT_FOUND);
        }
        DataFields fields = DataFields.resolve(indexMetadata);
        ResultsLocation results = switch (params.writeBack()) {
            case NONE -> null;
            case DATASET -> ResultsLocation.inDataset(params.index(), runId, fields.label(), fields.prediction(), fields.split(), fields.dep(),
                fields.margin(), fields.confidence(), fields.text());
            case RESULTS -> {
                PlainActionFuture<String> created = PlainActionFuture.newFuture();
                resultsStore.create(params.index(), runId, indexMetadata.getNumberOfShards(), created);
                yield ResultsLocation.resultsIndex(created.actionGet(), runId);
            }
        };
        return new Setup(params, runId, taskId, fields, results, clusterService.getClusterSettings());
    }

    /** Step 2: sample, cluster, map, and assign every document (writing its result) on the shards. */
    private RunCoordinator.Outcome cluster(Setup setup, RunTask task, RunCoordinator.Progress progress, Naming naming) throws Exception {
        RunParameters params = setup.params();
        ClusterSettings settings = setup.settings();
        // The sample also gives top words their foreground (when the run writes results), so it covers that too.
        int sampleSize = Math.min(
            settings.get(RunSettings.MAX_SAMPLE_SIZE),
            Math.max(
                Math.max(params.hasMap() ? params.projection().sampleSize() : 0, RunCoordinator.AUTO_SAMPLE),
                setup.writes() ? settings.get(RunSettings.TOP_WORDS_SAMPLE_SIZE) : 0
            )
        );
        BroadcastPasses.WriteTarget write = new BroadcastPasses.WriteTarget(
            params.writeBack(),
            setup.writes() ? setup.results().index() : null,
            setup.runId(),
            columns(setup),
            settings.get(RunSettings.WRITE_BATCH_SIZE),
            settings.get(ResultsSettings.WRITE_REQUESTS_IN_FLIGHT)
        );
        BroadcastPasses passes = new BroadcastPasses(client, params, setup.taskId(), settings.get(RunSettings.REPRESENTATIVES), write);
        try (AssignProgress ignored = new AssignProgress(SystemContext.client(client), threadPool, setup.taskId(), task)) {
            return RunCoordinator.run(params, sampleSize, settings.get(RunSettings.PLACEMENT_ANCHORS), passes, progress, naming,
                threadPool.generic());
        }
    }

    /** The dataset fields each result copies: only into a results index (an in-place run has them on the document). */
    private static ShardPass.Columns columns(Setup setup) {
        if (setup.params().writeBack() != ResultsTarget.RESULTS) {
            return ShardPass.Columns.NONE;
        }
        DataFields f = setup.dataFields();
        return new ShardPass.Columns(f.text(), f.label(), f.prediction(), f.split(), f.dep(), f.margin(), f.confidence());
    }

    /** Never present a half-written result as complete, nor publish its clusters. */
    private static void requireAllWritten(RunCoordinator.Outcome outcome) {
        if (outcome.writeFailures() > 0) {
            throw new WriteBackException(outcome.writeFailures() + " of " + outcome.docCount()
                + " results could not be written, first: " + outcome.firstWriteFailure());
        }
    }

    /** Step 3: refreshes the results so they are searchable, then aggregates over them. */
    private Explanation explain(Setup setup, RunCoordinator.Outcome outcome, Map<Integer, TopWords> topWords, RunCoordinator.Progress progress) {
        long start = System.nanoTime();
        progress.report("explaining", 85);
        // The run's own results index is the plugin's: read as the system; an in-place run's dataset as the caller.
        Client results = SystemContext.forResults(client, setup.results());
        results.admin().indices().refresh(new RefreshRequest(setup.results().index())).actionGet();
        List<Integer> ids = new ArrayList<>();
        if (outcome.noiseCount() > 0) {
            ids.add(-1);
        }
        for (RunCoordinator.ClusterSummary c : outcome.clusters()) {
            ids.add(c.clusterId());
        }
        DataFields f = setup.dataFields();
        RunExplainer.Inputs inputs = new RunExplainer.Inputs(f.label() != null, f.prediction() != null, f.dep() != null, f.omitted());
        Explanation explanation = new RunExplainer(results, setup.results(), inputs).explain(ids, topWords);
        outcome.tookMs().put("explaining", (System.nanoTime() - start) / 1_000_000);
        return explanation;
    }

    /** The cluster documents, noise first when there is any, with their explanations and summaries. */
    private static Map<Integer, Map<String, Object>> clusterDocuments(
        Setup setup,
        RunCoordinator.Outcome outcome,
        Explanation explanation,
        RunSummaries.Outcome summaries
    ) {
        long now = System.currentTimeMillis();
        List<RunCoordinator.ClusterSummary> all = new ArrayList<>(outcome.clusters());
        if (outcome.noiseCount() > 0) {
            all.add(0, new RunCoordinator.ClusterSummary(-1, outcome.noiseCount(), null, null, List.of(), null));
        }
        Map<Integer, Map<String, Object>> docs = new TreeMap<>();
        for (RunCoordinator.ClusterSummary c : all) {
            docs.put(c.clusterId(), RunRecords.clusterDocument(setup.runId(), setup.params(), c, explanation, now));
        }
        if (summaries != null && explanation != null) {
            RunSummaries.apply(docs, summaries.results(), setup.params().summaries());
        }
        return docs;
    }

    /** Step 4: the results become visible: a results index joins the dataset's alias; an in-place run's fields are refreshed. */
    private void publish(Setup setup) {
        if (setup.writes() == false) {
            return;
        }
        if (setup.results().target() == ResultsTarget.RESULTS) {
            PlainActionFuture<Void> published = PlainActionFuture.newFuture();
            resultsStore.publish(setup.params().index(), setup.results().index(), published);
            published.actionGet();
        } else {
            client.admin().indices().refresh(new RefreshRequest(setup.results().index())).actionGet();
        }
    }

    private static Map<String, Object> resultsWritten(Setup setup, RunCoordinator.Outcome outcome) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("state", setup.writes() ? RunDocument.RESULTS_COMPLETE : RunDocument.RESULTS_NONE);
        changes.put("written", outcome.written());
        changes.put("failures", outcome.writeFailures());
        return changes;
    }

    private void fail(Map<String, Object> run, RunTask task, RunParameters params, String runId, Throwable t) {
        Throwable cause = ExceptionsHelper.unwrapCause(t);
        if (task.isCancelled() || cause instanceof TaskCancelledException) {
            RunDocument.ended(run, RunDocument.CANCELLED, "task_cancelled_exception", "the run was cancelled: " + task.getReasonCancelled(),
                System.currentTimeMillis());
            return;
        }
        logger.warn(() -> "text insights run [" + runId + "] on index [" + params.index() + "] failed", t);
        String type = cause instanceof WriteBackException ? WriteBackException.TYPE
            : cause instanceof Exception e ? OpenSearchException.getExceptionName(e) : cause.getClass().getSimpleName();
        // Only the run's own input is the user's fault; whatever else fails is ours, whatever its class (no guessing).
        int status = cause instanceof RunInputException input ? input.status().getStatus() : RestStatus.INTERNAL_SERVER_ERROR.getStatus();
        RunDocument.ended(run, RunDocument.FAILED, type, reason(cause), status, System.currentTimeMillis());
    }

    /** The failure's message, or for one without (a search that failed on every shard, say) what its causes say. */
    static String reason(Throwable cause) {
        String message = cause.getMessage();
        if (message != null && message.isBlank() == false) {
            return message;
        }
        if (cause.getCause() == null && cause instanceof OpenSearchException == false) {
            return cause.getClass().getSimpleName();
        }
        return ExceptionsHelper.detailedMessage(cause);
    }

    /**
     * A failed or cancelled run keeps nothing anyone could take for its results: its results index is deleted (it was
     * never in the alias). Written in-place fields stay on the documents, as before this run's end: the run document
     * says the run failed, and only completed runs' results are served.
     */
    private void discard(Map<String, Object> run, Setup setup) {
        String index = RunDocument.section(run, RunDocument.RESULTS).get("index") instanceof String s ? s : null;
        if (RunDocument.resultsTarget(run) != ResultsTarget.RESULTS || index == null) {
            RunDocument.updateResults(run, Map.of("state", RunDocument.RESULTS_DISCARDED));
            return;
        }
        try {
            PlainActionFuture<Void> dropped = PlainActionFuture.newFuture();
            resultsStore.drop(index, dropped);
            dropped.actionGet();
            RunDocument.updateResults(run, Map.of("state", RunDocument.RESULTS_DISCARDED));
        } catch (Exception e) {
            logger.warn(() -> "could not delete the results index [" + index + "] of failed run [" + run.get(RunDocument.RUN_ID) + "]", e);
            RunDocument.updateResults(run, Map.of("state", RunDocument.RESULTS_DISCARDED, "leftover", index));
        }
    }

    /**
     * Names the clusters from the sample before anything is written (top words, then LLM summaries when asked for),
     * so the single write pass stores each sample's cluster label.
     */
    private final class Naming implements RunCoordinator.Labeler {
        private final Setup setup;
        private final RunTask task;
        private final RunCoordinator.Progress progress;
        private Map<Integer, TopWords> topWords = Map.of();
        private RunSummaries.Outcome summaries;

        Naming(Setup setup, RunTask task, RunCoordinator.Progress progress) {
            this.setup = setup;
            this.task = task;
            this.progress = progress;
        }

        Map<Integer, TopWords> topWords() {
            return topWords;
        }

        RunSummaries.Outcome summaries() {
            return summaries;
        }

        @Override
        public String[] label(ClusterModel model, String[] ids, int[] clusterOfSample) {
            if (setup.writes() == false) {
                return null;
            }
            RunParameters params = setup.params();
            int wordsSample = TopWordsFinder.sampleSize(model.k(), setup.settings().get(RunSettings.TOP_WORDS_SAMPLE_SIZE));
            topWords = new TopWordsFinder(client, params.index(), setup.dataFields(), params.topWords()).find(
                RunCoordinator.idsByCluster(ids, clusterOfSample, wordsSample),
                params.documentsQuery()
            );
            if (params.summaries().enabled()) {
                progress.report("summarizing", 72);
                summaries = summarize(model, ids, clusterOfSample);
            }
            String[] labels = new String[model.k() + 1];
            for (int slot = 0; slot < labels.length; slot++) {
                int cluster = slot - 1;
                TopWords words = topWords.get(cluster);
                labels[slot] = summaries != null ? summaries.label(cluster, params.summaries())
                    : ClusterLabels.fromTopWords(cluster, words == null ? List.of() : words.plain());
            }
            return labels;
        }

        /** Summaries from each cluster's sampled documents nearest its centre. Never throws for the endpoint's failures. */
        private RunSummaries.Outcome summarize(ClusterModel model, String[] ids, int[] clusterOfSample) {
            RunParameters params = setup.params();
            Map<Integer, List<String>> sampled = RunCoordinator.idsByCluster(ids, clusterOfSample, ids.length);
            List<RunSummaries.Cluster> clusters = new ArrayList<>();
            for (int c = 0; c < model.k(); c++) {
                TopWords words = topWords.get(c);
                clusters.add(new RunSummaries.Cluster(
                    c,
                    words == null ? List.of() : words.plain(),
                    model.centroids()[c],
                    QueryBuilders.idsQuery().addIds(sampled.getOrDefault(c, List.of()).toArray(String[]::new))
                ));
            }
            return RunSummaries.summarize(
                client,
                llmEndpoint,
                threadPool.generic(),
                RunSummaries.Source.dataset(params.index(), params.vectorField(), setup.dataFields().text(), setup.runId()),
                clusters,
                params.summaries(),
                task::isCancelled
            );
        }
    }

    /** Some documents did not take the run's results. */
    static final class WriteBackException extends RuntimeException {
        static final String TYPE = "write_back_exception";

        WriteBackException(String message) {
            super(message);
        }
    }
}
