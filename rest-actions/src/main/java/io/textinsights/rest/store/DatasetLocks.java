/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.store;

import org.opensearch.ExceptionsHelper;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.action.DocWriteRequest;
import org.opensearch.action.admin.cluster.node.tasks.get.GetTaskRequest;
import org.opensearch.action.delete.DeleteRequest;
import org.opensearch.action.get.GetRequest;
import org.opensearch.action.index.IndexRequest;
import org.opensearch.action.support.WriteRequest;
import org.opensearch.action.update.UpdateRequest;
import org.opensearch.cluster.node.DiscoveryNode;
import org.opensearch.cluster.node.DiscoveryNodes;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.core.tasks.TaskId;
import org.opensearch.index.engine.DocumentMissingException;
import org.opensearch.index.engine.VersionConflictEngineException;
import org.opensearch.transport.client.Client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One piece of work per dataset at a time (a run, or {@code _summarize} of one of its runs), across the whole cluster,
 * not per coordinating node: a lock document per dataset ({@code _id} {@code lock:<dataset>}) in the runs' system index,
 * created with
 * {@code op_type=create} so that of two requests on two nodes exactly one wins. The holder releases it in every
 * outcome; a lock whose holder is gone (its node left the cluster, or its task no longer exists) is stale and is taken
 * over, so a node that dies mid-run never blocks the dataset for good.
 */
public final class DatasetLocks {

    static final String INDEX = RunStore.RUNS_INDEX;
    /** A lock whose task is not recorded yet is taken for live this long (the holder records it right after starting). */
    static final long UNRECORDED_GRACE_MS = 30_000;

    /**
     * Who holds a dataset's lock.
     *
     * @param kind    {@code run} or {@code summarize}
     * @param owner   the run (for summarize: the run being summarised)
     * @param node    the node the work runs on
     * @param nodeEphemeralId that node's ephemeral id: a node restarted under the same id gets a new one, so a lock
     *                        of its previous life is stale even if a task of the same number runs there now
     * @param task    its task ({@code node:id}), or null until recorded
     */
    public record Holder(String dataset, String kind, String owner, String node, String nodeEphemeralId, String task, long since) {

        /** A holder for work that runs on {@code local}. */
        public static Holder on(DiscoveryNode local, String dataset, String kind, String owner, String task, long since) {
            return new Holder(dataset, kind, owner, local.getId(), local.getEphemeralId(), task, since);
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dataset", dataset);
            m.put("kind", kind);
            m.put("owner", owner);
            m.put("node", node);
            m.put("node_ephemeral_id", nodeEphemeralId);
            m.put("task", task);
            m.put("since", since);
            return m;
        }

        static Holder fromMap(Map<String, Object> m) {
            return new Holder(
                (String) m.get("dataset"),
                (String) m.get("kind"),
                (String) m.get("owner"),
                (String) m.get("node"),
                (String) m.get("node_ephemeral_id"),
                (String) m.get("task"),
                m.get("since") instanceof Number n ? n.longValue() : 0L
            );
        }
    }

    private final Client client;
    private final ClusterService clusterService;
    private final RunStore runs;
    private final LongSupplier clock;

    public DatasetLocks(Client client, ClusterService clusterService, RunStore runs) {
        this(client, clusterService, runs, System::currentTimeMillis);
    }

    DatasetLocks(Client client, ClusterService clusterService, RunStore runs, LongSupplier clock) {
        this.client = client;
        this.clusterService = clusterService;
        this.runs = runs;
        this.clock = clock;
    }

    static String id(String dataset) {
        return "lock:" + dataset;
    }

    /**
     * Takes the dataset's lock for {@code holder}: answers null when it is taken, or the live holder that keeps it.
     */
    public void acquire(Holder holder, ActionListener<Holder> listener) {
        SystemContext.run(client, l -> runs.ensureRunsIndex(ActionListener.wrap(ready -> tryCreate(holder, true, l), l::onFailure)),
            listener);
    }

    private void tryCreate(Holder holder, boolean mayTakeOver, ActionListener<Holder> listener) {
        IndexRequest create = new IndexRequest(INDEX).id(id(holder.dataset()))
            .source(holder.toMap())
            .opType(DocWriteRequest.OpType.CREATE)
            .setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
        client.index(create, ActionListener.wrap(r -> listener.onResponse(null), e -> {
            if (!(ExceptionsHelper.unwrapCause(e) instanceof VersionConflictEngineException) || mayTakeOver == false) {
                listener.onFailure(e);
                return;
            }
            takeOverIfStale(holder, listener);
        }));
    }

    /** The lock exists: its holder keeps it while alive; a stale lock is deleted (only if unchanged) and taken. */
    private void takeOverIfStale(Holder holder, ActionListener<Holder> listener) {
        client.get(new GetRequest(INDEX, id(holder.dataset())), ActionListener.wrap(found -> {
            if (found.isExists() == false) {
                tryCreate(holder, false, listener); // released in between
                return;
            }
            Holder current = Holder.fromMap(found.getSourceAsMap());
            alive(current, ActionListener.wrap(isAlive -> {
                if (isAlive) {
                    listener.onResponse(current);
                    return;
                }
                DeleteRequest delete = new DeleteRequest(INDEX, id(holder.dataset())).setIfSeqNo(found.getSeqNo())
                    .setIfPrimaryTerm(found.getPrimaryTerm())
                    .setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
                client.delete(delete, ActionListener.wrap(deleted -> tryCreate(holder, false, listener), e -> {
                    if (ExceptionsHelper.unwrapCause(e) instanceof VersionConflictEngineException) {
                        takeOverIfStaleOnce(holder, listener); // someone else took it over first
                    } else {
                        listener.onFailure(e);
                    }
                }));
            }, listener::onFailure));
        }, listener::onFailure));
    }

    private void takeOverIfStaleOnce(Holder holder, ActionListener<Holder> listener) {
        client.get(new GetRequest(INDEX, id(holder.dataset())), ActionListener.wrap(found -> {
            if (found.isExists()) {
                listener.onResponse(Holder.fromMap(found.getSourceAsMap()));
            } else {
                tryCreate(holder, false, listener);
            }
        }, listener::onFailure));
    }

    /** 409 naming what holds the dataset, and how to end it. */
    public static OpenSearchStatusException busy(String index, DatasetLocks.Holder holder) {
        String what = "summarize".equals(holder.kind()) ? "run [" + holder.owner() + "] is being summarized"
            : "a run is already running on index [" + index + "]: run [" + holder.owner() + "]";
        return new OpenSearchStatusException(what + "; wait for it to finish, or cancel it with POST _tasks/"
            + (holder.task() == null ? "{task}" : holder.task()) + "/_cancel (GET /_plugins/_text_insights/runs/" + holder.owner()
            + " shows the task)", RestStatus.CONFLICT);
    }

    /** Whether a holder is still at work: its node is in the cluster and its task exists (or it has just started). */
    /**
     * The holder's node is in the cluster and has not restarted since it took the lock (same ephemeral id; a lock
     * written before ephemeral ids were recorded is judged by the node id alone).
     */
    static boolean inSameNodeLife(Holder holder, DiscoveryNodes nodes) {
        DiscoveryNode node = holder.node() == null ? null : nodes.get(holder.node());
        return node != null && (holder.nodeEphemeralId() == null || holder.nodeEphemeralId().equals(node.getEphemeralId()));
    }

    void alive(Holder holder, ActionListener<Boolean> listener) {
        if (inSameNodeLife(holder, clusterService.state().nodes()) == false) {
            listener.onResponse(false);
            return;
        }
        if (holder.task() == null) {
            listener.onResponse(clock.getAsLong() - holder.since() < UNRECORDED_GRACE_MS);
            return;
        }
        client.admin().cluster().getTask(new GetTaskRequest().setTaskId(new TaskId(holder.task())), ActionListener.wrap(
            task -> listener.onResponse(task.getTask().isCompleted() == false),
            e -> {
                if (ExceptionsHelper.unwrapCause(e) instanceof ResourceNotFoundException) {
                    listener.onResponse(false);
                } else {
                    listener.onResponse(true); // cannot tell: keep the lock rather than run twice
                }
            }
        ));
    }

    /** Records the holder's task (known only once its work has started), so that its death frees the dataset. */
    public void recordTask(String dataset, String owner, String task, ActionListener<Void> listener) {
        SystemContext.run(client, l -> client.get(new GetRequest(INDEX, id(dataset)), ActionListener.wrap(found -> {
            if (found.isExists() == false || owner.equals(found.getSourceAsMap().get("owner")) == false) {
                l.onResponse(null);
                return;
            }
            UpdateRequest update = new UpdateRequest(INDEX, id(dataset)).doc(Map.of("task", task))
                .setIfSeqNo(found.getSeqNo())
                .setIfPrimaryTerm(found.getPrimaryTerm())
                .setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
            client.update(update, ActionListener.wrap(r -> l.onResponse(null), e -> {
                Throwable cause = ExceptionsHelper.unwrapCause(e);
                if (cause instanceof VersionConflictEngineException || cause instanceof DocumentMissingException) {
                    l.onResponse(null); // released or taken over meanwhile
                } else {
                    l.onFailure(e);
                }
            }));
        }, l::onFailure)), listener);
    }

    /** Releases the dataset's lock if {@code owner} still holds it. */
    public void release(String dataset, String owner, ActionListener<Void> listener) {
        SystemContext.run(client, l -> {
            if (clusterService.state().metadata().hasIndex(INDEX) == false) {
                l.onResponse(null);
                return;
            }
            client.get(new GetRequest(INDEX, id(dataset)), ActionListener.wrap(found -> {
                if (found.isExists() == false || owner.equals(found.getSourceAsMap().get("owner")) == false) {
                    l.onResponse(null);
                    return;
                }
                DeleteRequest delete = new DeleteRequest(INDEX, id(dataset)).setIfSeqNo(found.getSeqNo())
                    .setIfPrimaryTerm(found.getPrimaryTerm())
                    .setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
                client.delete(delete, ActionListener.wrap(r -> l.onResponse(null), e -> {
                    if (ExceptionsHelper.unwrapCause(e) instanceof VersionConflictEngineException) {
                        l.onResponse(null);
                    } else {
                        l.onFailure(e);
                    }
                }));
            }, l::onFailure));
        }, listener);
    }
}
