/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.summary;

import io.textinsights.rest.access.RunsAccess;
import io.textinsights.rest.dataset.DatasetIndex;
import io.textinsights.rest.run.shard.ShardBroadcast;
import io.textinsights.rest.run.spec.RunResponse;
import io.textinsights.rest.run.spec.RunSettings;
import io.textinsights.rest.run.spec.SummaryOptions;
import io.textinsights.rest.schema.ClusterFields;
import io.textinsights.rest.schema.ResultsTarget;
import io.textinsights.rest.store.DatasetLocks;
import io.textinsights.rest.store.ResultsLocation;
import io.textinsights.rest.store.ResultsStore;
import io.textinsights.rest.store.RunDocument;
import io.textinsights.rest.store.RunStore;
import io.textinsights.rest.store.SystemContext;
import io.textinsights.rest.summary.LlmEndpoint;
import io.textinsights.rest.summary.RunSummaries;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.action.admin.indices.refresh.RefreshRequest;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.action.support.PlainActionFuture;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.node.DiscoveryNode;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.core.tasks.TaskId;
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
 * Writes LLM summaries for a run that has completed: the same work a run does when it asks for {@code summaries},
 * afterwards. Cluster documents get title, summary, labels, model_name (or error) and their label; every sample gets its
 * cluster's new label; the run document gets {@code summaries} and the new labels. Checks first, cheapest first: no
 * endpoint (400), unknown run (404), a run that has not completed or is being summarised already (409), a run without
 * write-back (400). The work runs on a GENERIC thread, never on a transport thread.
 */
public class TransportSummarizeRunAction extends HandledTransportAction<SummarizeRunRequest, RunResponse> {

    private static final Logger logger = LogManager.getLogger(TransportSummarizeRunAction.class);
    /** More clusters than a run can have (k is at most 1,000, plus noise). */
    private static final int MAX_CLUSTER_DOCS = 2_000;

    private final ClusterService clusterService;
    private final Client client;
    private final ThreadPool threadPool;
    private final RunStore store;
    private final ResultsStore resultsStore;
    private final LlmEndpoint llmEndpoint;
    private final DatasetLocks locks;

    @Inject
    public TransportSummarizeRunAction(
        TransportService transportService,
        ActionFilters actionFilters,
        ClusterService clusterService,
        Client client,
        ThreadPool threadPool,
        RunStore store,
        ResultsStore resultsStore,
        DatasetLocks locks,
        LlmEndpoint llmEndpoint
    ) {
        super(SummarizeRunAction.NAME, transportService, actionFilters, SummarizeRunRequest::new);
        this.clusterService = clusterService;
        this.client = client;
        this.threadPool = threadPool;
        this.store = store;
        this.resultsStore = resultsStore;
        this.locks = locks;
        this.llmEndpoint = llmEndpoint;
    }

    @Override
    protected void doExecute(Task task, SummarizeRunRequest request, ActionListener<RunResponse> listener) {
        if (llmEndpoint.configured() == false) {
            listener.onFailure(new OpenSearchStatusException(LlmEndpoint.NOT_CONFIGURED, RestStatus.BAD_REQUEST));
            return;
        }
        String runId = request.runId();
        store.getRun(runId, ActionListener.wrap(stored -> {
            if (stored == null) {
                listener.onFailure(new ResourceNotFoundException("run [" + runId + "] does not exist: GET /_plugins/_text_insights/runs lists the runs"));
                return;
            }
            RunsAccess.write(client, (String) stored.get(RunDocument.INDEX), ActionListener.wrap(allowed -> lockAndSummarize(task, request,
                stored, listener), listener::onFailure));
        }, listener::onFailure));
    }

    private void lockAndSummarize(Task task, SummarizeRunRequest request, Map<String, Object> stored, ActionListener<RunResponse> listener) {
        String runId = request.runId();
        Object state = stored.get("state");
        if (RunDocument.COMPLETED.equals(state) == false) {
            listener.onFailure(new OpenSearchStatusException("run [" + runId + "] is [" + state + "]: only a completed run can be summarized"
                + (RunDocument.RUNNING.equals(state) ? "; wait for it to finish" : "; start a new run"), RestStatus.CONFLICT));
            return;
        }
        // Summaries read each cluster's texts from the run's per-sample results, and relabel them: they must be there.
        ResultsLocation results = RunDocument.perSample(stored);
        // One piece of work per dataset across the cluster: not beside a run on it, nor a second _summarize.
        String dataset = (String) stored.get(RunDocument.INDEX);
        DiscoveryNode local = clusterService.localNode();
        DatasetLocks.Holder holder = DatasetLocks.Holder.on(local, dataset, "summarize", runId, local.getId() + ":" + task.getId(),
            System.currentTimeMillis());
        locks.acquire(holder, ActionListener.wrap(busy -> {
            if (busy != null) {
                listener.onFailure(DatasetLocks.busy(dataset, busy));
                return;
            }
            threadPool.generic().execute(() -> summarizeLocked(task, runId, stored, results, request, dataset, listener));
        }, listener::onFailure));
    }

    private void summarizeLocked(
        Task task,
        String runId,
        Map<String, Object> stored,
        ResultsLocation results,
        SummarizeRunRequest request,
        String dataset,
        ActionListener<RunResponse> listener
    ) {
        try {
            listener.onResponse(new RunResponse(summarize(task, runId, new LinkedHashMap<>(stored), results, request.options())));
        } catch (Exception e) {
            listener.onFailure(e);
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError vme) {
                throw vme;
            }
            // e.g. a LinkageError from a library: this request fails, the node lives on
            logger.warn(() -> "summarizing run [" + runId + "] failed", t);
            listener.onFailure(new IllegalStateException("summarizing run [" + runId + "] failed: " + t));
        } finally {
            locks.release(dataset, runId, ActionListener.wrap(r -> {}, e -> logger.warn(
                () -> "could not release the lock of index [" + dataset + "] held by summarizing run [" + runId + "]", e)));
        }
    }

    private Map<String, Object> summarize(Task task, String runId, Map<String, Object> run, ResultsLocation results, SummaryOptions options) {
        String index = (String) run.get("index");
        IndexMetadata indexMetadata = clusterService.state().metadata().index(index);
        if (indexMetadata == null) {
            throw new OpenSearchStatusException("the dataset index [" + index + "] of run [" + runId + "] no longer exists", RestStatus.BAD_REQUEST);
        }
        String vectorField = vectorField(run, indexMetadata);
        // Texts nearest each centre: from the results (each keeps its distance), or by k-NN over an in-place run's documents.
        RunSummaries.Source source = results.target() == ResultsTarget.RESULTS
            ? RunSummaries.Source.storedResults(results.index(), results.fields().text(), results.fields().distance(), runId)
            : RunSummaries.Source.dataset(index, vectorField, results.fields().text(), runId);

        Map<Integer, Map<String, Object>> clusters = loadClusters(runId);
        List<RunSummaries.Cluster> toSummarize = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, Object>> e : clusters.entrySet()) {
            Map<String, Object> doc = e.getValue();
            List<String> words = doc.get(ClusterFields.WORDS) instanceof List<?> w ? w.stream().map(String::valueOf).toList() : List.of();
            toSummarize.add(new RunSummaries.Cluster(e.getKey(), words, floats(doc.get(ClusterFields.CENTROID)), results.clusterFilter(e.getKey())));
        }
        // A run's own results index is read as the system (the caller may write the dataset: see doExecute).
        RunSummaries.Outcome outcome = RunSummaries.summarize(
            SystemContext.forResults(client, results),
            llmEndpoint,
            threadPool.generic(),
            source,
            toSummarize,
            options,
            () -> task instanceof org.opensearch.tasks.CancellableTask c && c.isCancelled()
        );
        RunSummaries.apply(clusters, outcome.results(), options);

        PlainActionFuture<Void> saved = PlainActionFuture.newFuture();
        store.saveClusters(runId, new ArrayList<>(clusters.values()), saved);
        saved.actionGet();
        relabelSamples(task, results, vectorField, clusters);

        // The run document repeats each cluster's label.
        if (run.get("clusters") instanceof List<?> runClusters) {
            List<Object> relabelled = new ArrayList<>();
            for (Object o : runClusters) {
                if (o instanceof Map<?, ?> m && m.get("cluster_id") instanceof Number id && clusters.get(id.intValue()) instanceof Map<?, ?> doc) {
                    Map<String, Object> copy = new LinkedHashMap<>();
                    m.forEach((k, v) -> copy.put(String.valueOf(k), v));
                    copy.put("label", doc.get("label"));
                    relabelled.add(copy);
                } else {
                    relabelled.add(o);
                }
            }
            run.put("clusters", relabelled);
        }
        Map<String, Object> report = new LinkedHashMap<>(outcome.report());
        report.put("options", options.toMap());
        run.put("summaries", report);
        PlainActionFuture<Void> runSaved = PlainActionFuture.newFuture();
        store.saveRun(runId, run, runSaved);
        runSaved.actionGet();

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("run_id", runId);
        answer.put("summaries", report);
        List<Map<String, Object>> summaries = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, Object>> e : clusters.entrySet()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("cluster_id", e.getKey());
            c.put("label", e.getValue().get("label"));
            for (String field : RunSummaries.FIELDS) {
                c.put(field, e.getValue().get(field));
            }
            summaries.add(c);
        }
        answer.put("clusters", summaries);
        return answer;
    }

    private Map<Integer, Map<String, Object>> loadClusters(String runId) {
        PlainActionFuture<List<Map<String, Object>>> found = PlainActionFuture.newFuture();
        store.searchClusters(runId, MAX_CLUSTER_DOCS, null, found);
        Map<Integer, Map<String, Object>> clusters = new TreeMap<>();
        for (Map<String, Object> doc : found.actionGet()) {
            if (doc.get(ClusterFields.CLUSTER_ID) instanceof Number id) {
                clusters.put(id.intValue(), new LinkedHashMap<>(doc));
            }
        }
        return clusters;
    }

    /**
     * Every sample of the run takes its cluster's (new) label: in the run's results index, one update_by_query (the
     * index is ours and has no vectors); in the dataset for an in-place run, the run's own LABEL pass over the shards.
     */
    private void relabelSamples(Task task, ResultsLocation results, String vectorField, Map<Integer, Map<String, Object>> clusters) {
        TaskId parent = new TaskId(clusterService.localNode().getId(), task.getId());
        if (results.target() == ResultsTarget.RESULTS) {
            Map<String, Object> labels = new LinkedHashMap<>();
            clusters.forEach((id, doc) -> labels.put(String.valueOf(id), doc.get("label")));
            PlainActionFuture<Long> relabelled = PlainActionFuture.newFuture();
            resultsStore.relabel(results.index(), results.runFilter(), results.fields().clusterId(), results.fields().clusterLabel(), labels,
                parent, relabelled);
            relabelled.actionGet();
            return;
        }
        int maxId = clusters.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
        String[] labels = new String[maxId + 2];
        clusters.forEach((id, doc) -> labels[id + 1] = (String) doc.get("label"));
        int batch = clusterService.getClusterSettings().get(RunSettings.WRITE_BATCH_SIZE);
        ShardBroadcast.Labelled labelled = ShardBroadcast.label(client, results.index(), vectorField, results.runId(), labels, batch, parent);
        if (labelled.failures() > 0) {
            throw new IllegalStateException(labelled.failures() + " samples could not take their cluster's new label, first: "
                + labelled.firstFailure());
        }
        client.admin().indices().refresh(new RefreshRequest(results.index())).actionGet();
    }

    /** The run's vector field: as recorded in its parameters, else the dataset's. */
    private static String vectorField(Map<String, Object> run, IndexMetadata indexMetadata) {
        if (run.get("parameters") instanceof Map<?, ?> p && p.get("fields") instanceof Map<?, ?> f && f.get("vector") instanceof String v) {
            return v;
        }
        Map<String, Object> spec = DatasetIndex.storedSpec(indexMetadata);
        if (spec != null && spec.get("fields") instanceof Map<?, ?> fields && fields.get("vector") instanceof String v) {
            return v;
        }
        throw new OpenSearchStatusException("cannot tell the vector field of run [" + run.get("run_id") + "]", RestStatus.BAD_REQUEST);
    }

    private static float[] floats(Object value) {
        if (value instanceof List<?> list && list.isEmpty() == false) {
            float[] v = new float[list.size()];
            for (int i = 0; i < v.length; i++) {
                if (!(list.get(i) instanceof Number n)) {
                    return null;
                }
                v[i] = n.floatValue();
            }
            return v;
        }
        return null;
    }
}
