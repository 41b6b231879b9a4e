/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.exec;

import io.textinsights.rest.run.spec.RunSettings;
import io.textinsights.rest.schema.ResultsTarget;
import io.textinsights.rest.store.DatasetLocks;
import io.textinsights.rest.store.ResultsStore;
import io.textinsights.rest.store.RunDocument;
import io.textinsights.rest.store.RunStore;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.ExceptionsHelper;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.action.admin.cluster.node.tasks.get.GetTaskRequest;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.tasks.TaskId;
import org.opensearch.tasks.TaskResult;
import org.opensearch.threadpool.Scheduler;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.client.Client;

import java.io.Closeable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs whose work is gone: recorded as running, but the node that coordinated them left the cluster or restarted (its
 * task no longer exists). The elected cluster manager looks for them every
 * {@link RunSettings#STALE_CHECK_INTERVAL} and records each as failed ({@code node_left_exception}), deletes its
 * unpublished results index and frees its dataset: the cluster notices, not only a reader. Readers (GET of a run) see
 * the same verdict at once, without writing ({@link #check}).
 */
public final class StaleRuns implements Closeable {

    private static final Logger logger = LogManager.getLogger(StaleRuns.class);
    /** A run whose task is not recorded yet is taken for live this long after it was created. */
    static final long UNRECORDED_GRACE_MS = 60_000;
    private static final int MAX_RUNS_PER_CHECK = 1_000;

    private final Client client;
    private final ClusterService clusterService;
    private final ThreadPool threadPool;
    private final RunStore store;
    private final ResultsStore results;
    private final DatasetLocks locks;
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile Scheduler.Cancellable schedule;

    public StaleRuns(Client client, ClusterService clusterService, ThreadPool threadPool, RunStore store, ResultsStore results,
        DatasetLocks locks) {
        this.client = client;
        this.clusterService = clusterService;
        this.threadPool = threadPool;
        this.store = store;
        this.results = results;
        this.locks = locks;
        reschedule(clusterService.getClusterSettings().get(RunSettings.STALE_CHECK_INTERVAL));
        clusterService.getClusterSettings().addSettingsUpdateConsumer(RunSettings.STALE_CHECK_INTERVAL, this::reschedule);
    }

    private synchronized void reschedule(TimeValue interval) {
        if (schedule != null) {
            schedule.cancel();
        }
        schedule = threadPool.scheduleWithFixedDelay(this::sweep, interval, ThreadPool.Names.GENERIC);
    }

    @Override
    public synchronized void close() {
        if (schedule != null) {
            schedule.cancel();
        }
    }

    /** One look, on the elected cluster manager only (one node does it, whichever it is). */
    void sweep() {
        if (clusterService.state().nodes().isLocalNodeElectedClusterManager() == false || checking.compareAndSet(false, true) == false) {
            return;
        }
        store.listRuns(null, RunDocument.RUNNING, MAX_RUNS_PER_CHECK, ActionListener.runAfter(ActionListener.wrap(
            runs -> runs.forEach(this::sweep),
            e -> logger.debug("could not list running text insights runs", e)
        ), () -> checking.set(false)));
    }

    private void sweep(Map<String, Object> run) {
        check(run, ActionListener.wrap(reason -> {
            if (reason != null) {
                recordFailed((String) run.get(RunDocument.RUN_ID), reason);
            }
        }, e -> logger.debug("could not check run [{}]", run.get(RunDocument.RUN_ID), e)));
    }

    /** Why a run recorded as running is no longer running (its node left, its task is gone), or null when it runs on. */
    public void check(Map<String, Object> run, ActionListener<String> listener) {
        if (RunDocument.RUNNING.equals(run.get(RunDocument.STATE)) == false) {
            listener.onResponse(null);
            return;
        }
        if (!(run.get(RunDocument.TASK) instanceof String task)) {
            long created = run.get(RunDocument.CREATED_AT) instanceof Number n ? n.longValue() : 0;
            listener.onResponse(System.currentTimeMillis() - created < UNRECORDED_GRACE_MS ? null
                : "the run never recorded its task: the node that started it left or restarted; start the run again");
            return;
        }
        TaskId taskId = new TaskId(task);
        if (clusterService.state().nodes().nodeExists(taskId.getNodeId()) == false) {
            listener.onResponse("the node running the run's task [" + task + "] left the cluster; start the run again");
            return;
        }
        String runId = (String) run.get(RunDocument.RUN_ID);
        client.admin().cluster().getTask(new GetTaskRequest().setTaskId(taskId), ActionListener.wrap(
            found -> listener.onResponse(isRunning(found.getTask(), runId) ? null
                : "the run's task [" + task + "] no longer exists (the id now names another task): the node running it restarted;"
                    + " start the run again"),
            e -> listener.onResponse(ExceptionsHelper.unwrapCause(e) instanceof ResourceNotFoundException
                ? "the run's task [" + task + "] no longer exists: the node running it restarted; start the run again"
                : null) // cannot tell: leave it
        ));
    }

    /**
     * Whether the task found under a run's task id is that run, still running. Task ids are only unique per node life:
     * a node that restarts keeps its node id and counts its tasks from 1 again, so after a while the id the run
     * recorded names some other task of the new life (another run, a search), or a finished task whose result was
     * stored, and the dead run would read running for as long as that one lasts.
     */
    static boolean isRunning(TaskResult found, String runId) {
        return found.isCompleted() == false
            && ExecuteRunAction.NAME.equals(found.getTask().getAction())
            && found.getTask().getStatus() instanceof RunTaskStatus status
            && status.runId().equals(runId);
    }

    /** Records the run failed, unless it changed meanwhile (it ended on its own), then drops its results and its lock. */
    private void recordFailed(String runId, String reason) {
        store.getRunVersioned(runId, ActionListener.wrap(versioned -> {
            if (versioned == null || RunDocument.RUNNING.equals(versioned.run().get(RunDocument.STATE)) == false) {
                return;
            }
            Map<String, Object> run = new LinkedHashMap<>(versioned.run());
            RunDocument.ended(run, RunDocument.FAILED, "node_left_exception", reason, 500, System.currentTimeMillis());
            String index = RunDocument.section(run, RunDocument.RESULTS).get("index") instanceof String s ? s : null;
            boolean ownIndex = RunDocument.resultsTarget(run) == ResultsTarget.RESULTS && index != null;
            RunDocument.updateResults(run, Map.of("state", RunDocument.RESULTS_DISCARDED));
            store.saveRunIfUnchanged(runId, run, versioned.seqNo(), versioned.primaryTerm(), ActionListener.wrap(saved -> {
                if (saved == false) {
                    return;
                }
                logger.info("text insights run [{}] recorded as failed: {}", runId, reason);
                if (ownIndex) {
                    results.drop(index, ActionListener.wrap(r -> {}, e -> logger.warn(() -> "could not delete the results index [" + index
                        + "] of failed run [" + runId + "]", e)));
                }
                String dataset = (String) run.get(RunDocument.INDEX);
                locks.release(dataset, runId, ActionListener.wrap(r -> {}, e -> logger.debug("could not free dataset [{}]", dataset, e)));
            }, e -> logger.warn(() -> "could not record run [" + runId + "] as failed", e)));
        }, e -> logger.debug("could not read run [{}]", runId, e)));
    }
}
