/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.api;

import io.textinsights.rest.access.CallingUser;
import io.textinsights.rest.dataset.DataFields;
import io.textinsights.rest.dataset.DatasetIndex;
import io.textinsights.rest.run.exec.ExecuteRunAction;
import io.textinsights.rest.run.exec.ExecuteRunRequest;
import io.textinsights.rest.run.exec.RunRegistry;
import io.textinsights.rest.run.exec.RunTask;
import io.textinsights.rest.run.spec.RunParameters;
import io.textinsights.rest.run.spec.RunResponse;
import io.textinsights.rest.run.spec.RunSettings;
import io.textinsights.rest.schema.ResultFields;
import io.textinsights.rest.schema.ResultsTarget;
import io.textinsights.rest.store.DatasetLocks;
import io.textinsights.rest.store.ResultsIndex;
import io.textinsights.rest.store.RunDocument;
import io.textinsights.rest.store.RunIds;
import io.textinsights.rest.store.RunStore;
import io.textinsights.rest.summary.LlmEndpoint;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.cluster.block.ClusterBlockException;
import org.opensearch.cluster.block.ClusterBlockLevel;
import org.opensearch.cluster.block.ClusterBlocks;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.Strings;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.core.xcontent.MediaTypeRegistry;
import org.opensearch.index.query.BoolQueryBuilder;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.tasks.Task;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.node.NodeClient;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks a run against the cluster (index, vector field, document count, no other run on the index) so that a
 * mistake is a 4xx before anything is written, records the run, and executes it as its own cancellable task.
 * Without wait_for_completion it answers at once with the run id and the task.
 */
public class TransportStartRunAction extends HandledTransportAction<StartRunRequest, RunResponse> {

    private static final Logger logger = LogManager.getLogger(TransportStartRunAction.class);

    private final ClusterService clusterService;
    private final NodeClient client;
    private final RunStore store;
    private final RunRegistry registry;
    private final DatasetLocks locks;
    private final LlmEndpoint llmEndpoint;

    @Inject
    public TransportStartRunAction(
        TransportService transportService,
        ActionFilters actionFilters,
        ClusterService clusterService,
        NodeClient client,
        RunStore store,
        RunRegistry registry,
        DatasetLocks locks,
        LlmEndpoint llmEndpoint
    ) {
        super(StartRunAction.NAME, transportService, actionFilters, StartRunRequest::new);
        this.clusterService = clusterService;
        this.client = client;
        this.store = store;
        this.registry = registry;
        this.locks = locks;
        this.llmEndpoint = llmEndpoint;
    }

    private static OpenSearchStatusException badRequest(String message) {
        return new OpenSearchStatusException(message, RestStatus.BAD_REQUEST);
    }

    @Override
    protected void doExecute(Task task, StartRunRequest request, ActionListener<RunResponse> listener) {
        RunParameters params;
        try {
            params = resolve(request.parameters());
        } catch (OpenSearchStatusException | ClusterBlockException e) {
            listener.onFailure(e);
            return;
        }
        String index = params.index();
        String runId = RunIds.newId();
        DatasetLocks.Holder holder = DatasetLocks.Holder.on(clusterService.localNode(), index, "run", runId, null, System.currentTimeMillis());
        locks.acquire(holder, ActionListener.wrap(busy -> {
            if (busy != null) {
                listener.onFailure(DatasetLocks.busy(index, busy));
                return;
            }
            registry.tryStart(index, runId);
            ActionListener<RunResponse> releasing = releaseOnFailure(index, runId, listener);
            countDocuments(params, ActionListener.wrap(count -> {
                checkCount(request.parameters(), params, count);
                start(runId, params, count, request.waitForCompletion(), releasing);
            }, releasing::onFailure));
        }, listener::onFailure));
    }

    /**
     * Step 1: the run checked against the cluster (the index, its vector field, the sample size, the split), so that a
     * mistake is a 400 before anything is locked or written; the vector field and the split filter filled in.
     */
    private RunParameters resolve(RunParameters params) {
        // (OpenSearchStatusException for the user's mistakes, ClusterBlockException for blocks: both answered as they are)
        String index = params.index();
        if (params.summaries().enabled() && llmEndpoint.configured() == false) {
            throw badRequest(LlmEndpoint.NOT_CONFIGURED + ", or leave [summaries] off");
        }
        IndexMetadata indexMetadata = clusterService.state().metadata().index(index);
        if (indexMetadata == null) {
            throw badRequest("[index] names index [" + index + "], which does not exist: create it with "
                + "PUT /_plugins/_text_insights/datasets/" + index + " and load documents first");
        }
        String vectorField = vectorField(params, indexMetadata);
        String resultsType = DataFields.fieldType(indexMetadata, ResultFields.IN_DATASET);
        if (params.writeBack() == ResultsTarget.DATASET && resultsType != null && "object".equals(resultsType) == false) {
            throw badRequest("[write_back.target] [dataset] writes the object field [" + ResultFields.IN_DATASET + "], but index ["
                + index + "] maps it as a [" + resultsType + "] field: leave [write_back] out to write the results into the run's own"
                + " index, or use a dataset index created by PUT /_plugins/_text_insights/datasets");
        }
        checkWritable(params);
        int maxSample = clusterService.getClusterSettings().get(RunSettings.MAX_SAMPLE_SIZE);
        if (params.hasMap() && params.projection().sampleSize() > maxSample) {
            throw badRequest("[projection.sample_size] is " + params.projection().sampleSize() + ", above the node setting "
                + RunSettings.MAX_SAMPLE_SIZE.getKey() + " [" + maxSample + "]: lower it, or raise the setting");
        }
        RunParameters resolved = params.withVectorField(vectorField);
        return params.split() == null ? resolved : resolved.withQuery(withSplit(params, indexMetadata));
    }

    /**
     * A run that writes must be able to: a write block (the cluster's, or the dataset's for an in-place run) is
     * answered now, as OpenSearch answers it (403), not found after every shard has done its work.
     */
    private void checkWritable(RunParameters params) {
        if (params.writeBack() == ResultsTarget.NONE) {
            return;
        }
        ClusterBlocks blocks = clusterService.state().blocks();
        ClusterBlockException blocked = blocks.globalBlockedException(ClusterBlockLevel.WRITE);
        if (blocked == null && params.writeBack() == ResultsTarget.DATASET) {
            blocked = blocks.indexBlockedException(ClusterBlockLevel.WRITE, params.index());
        }
        if (blocked != null) {
            throw blocked;
        }
    }

    private static String vectorField(RunParameters params, IndexMetadata indexMetadata) {
        String index = params.index();
        String vectorField = params.vectorField();
        if (vectorField == null) {
            Map<String, Object> spec = DatasetIndex.storedSpec(indexMetadata);
            if (spec != null && spec.get("fields") instanceof Map<?, ?> fields && fields.get("vector") instanceof String v) {
                vectorField = v;
            } else {
                throw badRequest("index [" + index + "] is not a Text Insights dataset: name its knn_vector field in [fields.vector]");
            }
        }
        String type = DataFields.fieldType(indexMetadata, vectorField);
        if ("knn_vector".equals(type) == false) {
            throw badRequest("[fields.vector] field [" + vectorField + "] of index [" + index + "] is "
                + (type == null ? "not mapped" : "a [" + type + "] field") + ": it must be a knn_vector field");
        }
        return vectorField;
    }

    private static QueryBuilder withSplit(RunParameters params, IndexMetadata indexMetadata) {
        DataFields dataFields = DataFields.resolve(indexMetadata);
        if (dataFields.split() == null) {
            Map<String, Object> spec = DatasetIndex.storedSpec(indexMetadata);
            throw badRequest("[split] selects documents by the dataset's split field, but index [" + params.index()
                + "] maps no keyword split field" + (spec == null ? "" : " [" + ((Map<?, ?>) spec.get("fields")).get("split") + "]")
                + ": leave [split] out, or select documents with [query]");
        }
        BoolQueryBuilder withSplit = QueryBuilders.boolQuery().filter(QueryBuilders.termQuery(dataFields.split(), params.split()));
        if (params.query() != null) {
            withSplit.filter(params.query());
        }
        return withSplit;
    }

    /** Step 2, with the dataset locked: enough documents take part. */
    private static void checkCount(RunParameters asGiven, RunParameters params, long count) {
        if (count == 0) {
            throw badRequest("no document of index [" + params.index() + "] has a vector in [" + params.vectorField() + "]"
                + (asGiven.query() == null ? "" : " and matches [query]")
                + (asGiven.split() == null ? "" : " and is in [split] [" + asGiven.split() + "]") + ": load documents first, or widen the query");
        }
        Integer k = params.algorithm().k();
        if (k != null && k > count) {
            throw badRequest("[algorithm.k] is " + k + " but only " + count + " documents take part: choose a k of at most " + count);
        }
    }

    /** Frees the dataset (cluster-wide lock and the local registry) when starting fails before the run executes. */
    private ActionListener<RunResponse> releaseOnFailure(String index, String runId, ActionListener<RunResponse> listener) {
        return ActionListener.wrap(listener::onResponse, e -> release(index, runId, () -> listener.onFailure(e)));
    }

    private void release(String index, String runId, Runnable then) {
        registry.finish(index, runId);
        locks.release(index, runId, ActionListener.wrap(r -> then.run(), e -> {
            logger.warn(() -> "could not release the lock of index [" + index + "] held by run [" + runId + "]", e);
            then.run();
        }));
    }

    private void countDocuments(RunParameters params, ActionListener<Long> listener) {
        SearchRequest count = new SearchRequest(params.index()).source(
            new SearchSourceBuilder().size(0).trackTotalHits(true).query(params.documentsQuery())
        );
        client.search(count, ActionListener.wrap(r -> listener.onResponse(r.getHits().getTotalHits().value()), listener::onFailure));
    }

    private void start(String runId, RunParameters params, long count, boolean wait, ActionListener<RunResponse> listener) {
        String index = params.index();
        Map<String, Object> run = RunDocument.running(
            runId,
            index,
            params.split(),
            params.toMap(),
            queryAsWritten(params),
            resultsSection(runId, params),
            count,
            System.currentTimeMillis()
        );
        RunDocument.startedBy(run, CallingUser.current(client.threadPool().getThreadContext()));
        store.saveRun(runId, run, ActionListener.wrap(saved -> {
            ExecuteRunRequest execute = new ExecuteRunRequest(runId, params, run);
            ActionListener<RunResponse> onDone = ActionListener.runAfter(ActionListener.wrap(done -> {
                if (wait) {
                    answerFinished(done, listener);
                }
            }, e -> {
                if (wait) {
                    listener.onFailure(e);
                }
            }), () -> release(index, runId, () -> {}));
            Task executing = client.executeLocally(ExecuteRunAction.INSTANCE, execute, onDone);
            if (executing instanceof RunTask runTask) {
                registry.attach(index, runId, runTask);
            }
            String taskId = clusterService.localNode().getId() + ":" + executing.getId();
            locks.recordTask(index, runId, taskId, ActionListener.wrap(r -> {}, e -> logger.warn(
                () -> "could not record the task of run [" + runId + "] in the lock of index [" + index + "]", e)));
            if (wait == false) {
                listener.onResponse(new RunResponse(Map.of(
                    "run_id", runId,
                    "index", index,
                    "state", RunDocument.RUNNING,
                    "task", taskId,
                    "doc_count", count,
                    RunDocument.RESULTS, run.get(RunDocument.RESULTS)
                )));
            }
        }, listener::onFailure));
    }

    /** The run's query (the split filter included), as JSON that can be pasted into _search. */
    private static Map<String, Object> queryAsWritten(RunParameters params) {
        if (params.query() == null) {
            return null;
        }
        return XContentHelper.convertToMap(JsonXContent.jsonXContent, Strings.toString(MediaTypeRegistry.JSON, params.query()), false);
    }

    /** Where the run's results will be: named now, so GET shows it from the start. */
    private Map<String, Object> resultsSection(String runId, RunParameters params) {
        String index = params.index();
        return switch (params.writeBack()) {
            case NONE -> RunDocument.results(ResultsTarget.NONE, null, null, null);
            case RESULTS -> RunDocument.results(ResultsTarget.RESULTS, ResultsIndex.name(index, runId), ResultsIndex.alias(index), null);
            case DATASET -> {
                IndexMetadata metadata = clusterService.state().metadata().index(index);
                DataFields f = metadata == null ? null : DataFields.resolve(metadata);
                Map<String, String> fields = new LinkedHashMap<>();
                if (f != null) {
                    putIfNotNull(fields, "label", f.label());
                    putIfNotNull(fields, "prediction", f.prediction());
                    putIfNotNull(fields, "split", f.split());
                    putIfNotNull(fields, "dep", f.dep());
                    putIfNotNull(fields, "margin", f.margin());
                    putIfNotNull(fields, "confidence", f.confidence());
                    putIfNotNull(fields, "text", f.text());
                }
                yield RunDocument.results(ResultsTarget.DATASET, index, null, fields);
            }
        };
    }

    private static void putIfNotNull(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /**
     * A failed run answers with the status its failure recorded: 4xx when its data or parameters were the problem
     * (found only while running, e.g. no density cluster), 500 otherwise. The run document keeps the details either way.
     */
    static void answerFinished(RunResponse done, ActionListener<RunResponse> listener) {
        Map<String, Object> run = done.run();
        if (RunDocument.FAILED.equals(run.get("state")) && run.get("error") instanceof Map<?, ?> error) {
            RestStatus status = error.get("status") instanceof Number n && RestStatus.fromCode(n.intValue()) != null
                ? RestStatus.fromCode(n.intValue()) : RestStatus.INTERNAL_SERVER_ERROR;
            listener.onFailure(new OpenSearchStatusException("run [" + run.get("run_id") + "] failed: " + error.get("reason"), status));
        } else {
            listener.onResponse(done);
        }
    }
}
