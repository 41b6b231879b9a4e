/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.plugin;

import io.textinsights.rest.dataset.DatasetResponse;
import io.textinsights.rest.dataset.PutDatasetAction;
import io.textinsights.rest.dataset.PutDatasetRequest;

import org.opensearch.OpenSearchStatusException;
import org.opensearch.action.ActionRequest;
import org.opensearch.action.admin.indices.create.CreateIndexAction;
import org.opensearch.action.admin.indices.create.CreateIndexRequest;
import org.opensearch.action.bulk.BulkItemResponse;
import org.opensearch.action.bulk.BulkRequestBuilder;
import org.opensearch.action.bulk.BulkResponse;
import org.opensearch.action.ingest.PutPipelineAction;
import org.opensearch.action.ingest.PutPipelineRequest;
import org.opensearch.action.support.ActionFilter;
import org.opensearch.action.support.ActionFilterChain;
import org.opensearch.action.support.WriteRequest;
import org.opensearch.analysis.common.CommonAnalysisModulePlugin;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.ResponseException;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.core.xcontent.MediaTypeRegistry;
import org.opensearch.ingest.IngestMetadata;
import org.opensearch.ingest.PipelineConfiguration;
import org.opensearch.plugins.ActionPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.tasks.Task;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.opensearch.transport.Netty4ModulePlugin;
import org.opensearch.transport.client.Client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@code PUT /_plugins/_text_insights/datasets/{index}} under concurrency and beside pipelines it did not make, on two
 * nodes with the k-NN plugin (see {@link KnnPluginIT}): exactly one of several simultaneous PUTs of a dataset wins,
 * the others are 400s naming the conflict, and the winner's index and pipeline stay intact, so that every document
 * indexed afterwards is scored. A pipeline of that name that is not this dataset's is never overwritten, and a failed
 * PUT removes only what it created.
 */
@OpenSearchIntegTestCase.ClusterScope(
    scope = OpenSearchIntegTestCase.Scope.SUITE,
    numDataNodes = 2,
    numClientNodes = 0,
    supportsDedicatedMasters = false
)
public class DatasetConcurrencyIT extends HttpIntegTestCase {

    private static final int THREADS = 8;
    private static final int ROUNDS = 3;
    private static final int DOCUMENTS = 20;
    /** The pipeline {@link RefusePipelinePlugin} refuses to store. */
    static final String REFUSED_PIPELINE = "text-insights-refused";

    /** Fails every put of {@link #REFUSED_PIPELINE}, as a node that cannot validate the pipeline would. */
    public static class RefusePipelinePlugin extends Plugin implements ActionPlugin {
        @Override
        public List<ActionFilter> getActionFilters() {
            return List.of(new ActionFilter.Simple() {
                @Override
                public int order() {
                    return 0;
                }

                @Override
                protected boolean apply(String action, ActionRequest request, ActionListener<?> listener) {
                    if (PutPipelineAction.NAME.equals(action) && REFUSED_PIPELINE.equals(((PutPipelineRequest) request).getId())) {
                        listener.onFailure(new IllegalArgumentException("pipeline [" + REFUSED_PIPELINE + "] refused by the test"));
                        return false;
                    }
                    return true;
                }
            });
        }
    }

    /**
     * Stores a pipeline named {@code text-insights-sneaky} of its own just before the index {@code sneaky} is created:
     * another writer of that pipeline, between the PUT's first check and its index.
     */
    public static class SneakyPipelinePlugin extends Plugin implements ActionPlugin {
        static volatile Client client;

        @Override
        public List<ActionFilter> getActionFilters() {
            return List.of(new ActionFilter() {
                @Override
                public int order() {
                    return 1;
                }

                @Override
                public <Request extends ActionRequest, Response extends ActionResponse> void apply(
                    Task task,
                    String action,
                    Request request,
                    ActionListener<Response> listener,
                    ActionFilterChain<Request, Response> chain
                ) {
                    if (CreateIndexAction.NAME.equals(action) && "sneaky".equals(((CreateIndexRequest) request).index()) && client != null) {
                        PutPipelineRequest theirs = new PutPipelineRequest(
                            "text-insights-sneaky",
                            new BytesArray("{\"description\": \"not yours\", \"processors\": [{\"text_insights_embedding\": {\"dimension\": 9}}]}"),
                            MediaTypeRegistry.JSON
                        );
                        client.admin()
                            .cluster()
                            .putPipeline(theirs, ActionListener.wrap(ack -> chain.proceed(task, action, request, listener), listener::onFailure));
                    } else {
                        chain.proceed(task, action, request, listener);
                    }
                }
            });
        }
    }

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(
            TextInsightsPlugin.class,
            KnnPluginIT.knnPlugin(),
            Netty4ModulePlugin.class,
            CommonAnalysisModulePlugin.class,
            RefusePipelinePlugin.class,
            SneakyPipelinePlugin.class
        );
    }

    private static Map<String, Object> body(int dimension) {
        return Map.of("dimension", dimension, "number_of_replicas", 0, "fields", Map.of("classes", List.of("a", "b")));
    }

    /**
     * Several threads PUT the same dataset at once, each through another node (half of them over HTTP) and each with
     * its own dimension, so the pipeline of a loser would show in the winner's index. The issue: every PUT passed the
     * existence check, the losers' rollbacks deleted the pipeline the winner's index names, and every document failed.
     */
    public void testConcurrentPutsOfOneDatasetLeaveTheWinnerIntact() throws Exception {
        String[] nodes = internalCluster().getNodeNames();
        assertEquals(List.of(nodes).toString(), 2, nodes.length);
        for (int round = 0; round < ROUNDS; round++) {
            String index = "race-" + round;
            CyclicBarrier start = new CyclicBarrier(THREADS);
            AtomicReferenceArray<Object> outcomes = new AtomicReferenceArray<>(THREADS);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                int dimension = 2 + thread;
                Thread worker = new Thread(() -> {
                    try {
                        start.await();
                        if (thread % 2 == 0) {
                            Request put = new Request("PUT", "/_plugins/_text_insights/datasets/" + index);
                            put.setJsonEntity(
                                "{\"dimension\": " + dimension + ", \"number_of_replicas\": 0, \"fields\": {\"classes\": [\"a\", \"b\"]}}"
                            );
                            Response response = getRestClient().performRequest(put);
                            outcomes.set(thread, dimension);
                            assertEquals(200, response.getStatusLine().getStatusCode());
                        } else {
                            Client client = internalCluster().client(nodes[thread % nodes.length]);
                            DatasetResponse response = client.execute(PutDatasetAction.INSTANCE, new PutDatasetRequest(index, body(dimension)))
                                .actionGet();
                            assertNotNull(response);
                            outcomes.set(thread, dimension);
                        }
                    } catch (Exception e) {
                        outcomes.set(thread, e);
                    }
                }, "put-" + index + "-" + thread);
                threads.add(worker);
                worker.start();
            }
            for (Thread worker : threads) {
                worker.join(60_000);
                assertFalse(worker.getName() + " is still running", worker.isAlive());
            }

            int winners = 0;
            int winnerDimension = -1;
            List<Exception> losers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Object outcome = outcomes.get(t);
                if (outcome instanceof Integer dimension) {
                    winners++;
                    winnerDimension = dimension;
                } else {
                    losers.add((Exception) outcome);
                }
            }
            assertEquals("exactly one PUT of [" + index + "] wins: " + losers, 1, winners);

            // The winner's index and its pipeline, as the winner asked for them: the same dimension in both.
            IndexMetadata metadata = clusterService().state().metadata().index(index);
            assertNotNull(metadata);
            assertEquals("text-insights-" + index, metadata.getSettings().get("index.default_pipeline"));
            Map<String, Object> pipeline = pipelineConfig("text-insights-" + index);
            assertNotNull("the winner's pipeline exists", pipeline);
            assertTrue(pipeline.toString(), pipeline.toString().contains("dimension=" + winnerDimension + ","));
            assertTrue(metadata.mapping().source().string(), metadata.mapping().source().string().contains("\"dimension\":" + winnerDimension + ","));

            assertEveryDocumentIsScored(index, winnerDimension);
            for (Exception loser : losers) {
                assertLostTheRace(index, loser);
            }
        }
    }

    /** A loser's answer: a 400 that names the index the winner created (the answer a later PUT gets too). */
    private static void assertLostTheRace(String index, Exception e) throws IOException {
        String expected = "index [" + index + "] already exists: choose another name, or remove it first with "
            + "DELETE /_plugins/_text_insights/datasets/" + index + "?delete_index=true (this deletes its documents)";
        if (e instanceof ResponseException response) {
            assertEquals(body(response), 400, response.getResponse().getStatusLine().getStatusCode());
            assertTrue(body(response), body(response).contains("\"reason\":\"" + expected + "\""));
        } else {
            assertTrue(String.valueOf(e), e instanceof OpenSearchStatusException);
            assertEquals(RestStatus.BAD_REQUEST, ((OpenSearchStatusException) e).status());
            assertEquals(expected, e.getMessage());
        }
    }

    private static void assertEveryDocumentIsScored(String index, int dimension) {
        BulkRequestBuilder bulk = client().prepareBulk().setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
        for (int i = 0; i < DOCUMENTS; i++) {
            StringBuilder vector = new StringBuilder();
            for (int d = 0; d < dimension; d++) {
                vector.append(d == 0 ? "" : ", ").append(d == i % dimension ? "1.0" : "0.5");
            }
            bulk.add(
                client().prepareIndex(index)
                    .setId("doc-" + i)
                    .setSource(
                        String.format(
                            Locale.ROOT,
                            "{\"text\": \"sample %d\", \"label\": \"a\", \"embedding\": [%s], \"probs\": [0.25, 0.75]}",
                            i,
                            vector
                        ),
                        XContentType.JSON
                    )
            );
        }
        BulkResponse indexed = bulk.get();
        assertFalse(indexed.buildFailureMessage(), indexed.hasFailures());
        for (BulkItemResponse item : indexed.getItems()) {
            Map<String, Object> source = client().prepareGet(index, item.getId()).get().getSourceAsMap();
            assertEquals(source.toString(), 0.75, ((Number) source.get("dep")).doubleValue(), 1e-9);
            assertEquals(source.toString(), "b", source.get("prediction"));
        }
    }

    /** A pipeline of that name made by someone else is left as it is: a 400 says so and how to fix it, and nothing is created. */
    public void testForeignPipelineIsNotOverwritten() throws IOException {
        Request own = new Request("PUT", "/_ingest/pipeline/text-insights-theirs");
        own.setJsonEntity("{\"description\": \"someone else's\", \"processors\": [{\"text_insights_embedding\": {\"dimension\": 7}}]}");
        getRestClient().performRequest(own);
        Map<String, Object> before = pipelineConfig("text-insights-theirs");

        Request put = new Request("PUT", "/_plugins/_text_insights/datasets/theirs");
        put.setJsonEntity("{\"dimension\": 2}");
        ResponseException e = expectFailure(put);
        assertEquals(body(e), 400, e.getResponse().getStatusLine().getStatusCode());
        assertTrue(
            body(e),
            body(e).contains(
                "pipeline [text-insights-theirs] already exists and was not made by Text Insights for the dataset [theirs]: it is left "
                    + "as it is. Choose another index name, or delete that pipeline first (DELETE /_ingest/pipeline/text-insights-theirs) "
                    + "if nothing needs it; no index uses it as its default or final pipeline"
            )
        );
        assertEquals(before, pipelineConfig("text-insights-theirs"));
        assertFalse(indexExists("theirs"));
    }

    /**
     * An index deleted directly (not through the dataset endpoint) leaves its pipeline. A PUT with the same spec uses it
     * as it is; a PUT with another spec is a 400 that says how to remove it.
     */
    public void testPipelineLeftByAnEarlierDataset() throws IOException {
        Request put = new Request("PUT", "/_plugins/_text_insights/datasets/again");
        put.setJsonEntity("{\"dimension\": 2, \"number_of_replicas\": 0, \"fields\": {\"classes\": [\"a\", \"b\"]}}");
        getRestClient().performRequest(put);
        getRestClient().performRequest(new Request("DELETE", "/again"));
        Map<String, Object> left = pipelineConfig("text-insights-again");
        assertNotNull(left);

        getRestClient().performRequest(put);
        assertEquals(left, pipelineConfig("text-insights-again"));
        assertEveryDocumentIsScored("again", 2);

        getRestClient().performRequest(new Request("DELETE", "/again"));
        Request other = new Request("PUT", "/_plugins/_text_insights/datasets/again");
        other.setJsonEntity("{\"dimension\": 3, \"number_of_replicas\": 0}");
        ResponseException e = expectFailure(other);
        assertEquals(body(e), 400, e.getResponse().getStatusLine().getStatusCode());
        assertTrue(
            body(e),
            body(e).contains(
                "pipeline [text-insights-again] already exists, made by Text Insights for an earlier dataset [again] with other "
                    + "settings: it is left as it is. Delete it first (DELETE /_ingest/pipeline/text-insights-again) if nothing "
                    + "needs it, or create the dataset with its earlier settings, or choose another index name; no index uses it as "
                    + "its default or final pipeline"
            )
        );
        assertEquals(left, pipelineConfig("text-insights-again"));
        assertFalse(indexExists("again"));
    }

    /** When the pipeline cannot be stored, the index this PUT created is removed again, and nothing else. */
    public void testFailedPipelineRemovesTheIndexItCreated() throws IOException {
        Request put = new Request("PUT", "/_plugins/_text_insights/datasets/refused");
        put.setJsonEntity("{\"dimension\": 2}");
        ResponseException e = expectFailure(put);
        assertEquals(body(e), 400, e.getResponse().getStatusLine().getStatusCode());
        assertTrue(body(e), body(e).contains("pipeline [" + REFUSED_PIPELINE + "] refused by the test"));
        assertFalse(indexExists("refused"));
        assertPipelineMissing(REFUSED_PIPELINE);
    }

    /**
     * A pipeline of that name stored by someone else after the first check but before the index was created: the PUT
     * does not overwrite it, and deletes only the index it created itself.
     */
    public void testPipelineStoredMeanwhileIsNotOverwritten() throws IOException {
        SneakyPipelinePlugin.client = client();
        try {
            Request put = new Request("PUT", "/_plugins/_text_insights/datasets/sneaky");
            put.setJsonEntity("{\"dimension\": 2}");
            ResponseException e = expectFailure(put);
            assertEquals(body(e), 400, e.getResponse().getStatusLine().getStatusCode());
            assertTrue(
                body(e),
                body(e).contains(
                    "pipeline [text-insights-sneaky] already exists and was not made by Text Insights for the dataset [sneaky]: it is "
                        + "left as it is. Choose another index name, or delete that pipeline first (DELETE "
                        + "/_ingest/pipeline/text-insights-sneaky) if nothing needs it; no index uses it as its default or final pipeline"
                )
            );
        } finally {
            SneakyPipelinePlugin.client = null;
        }
        assertFalse("the index this PUT created is removed again", indexExists("sneaky"));
        assertEquals("not yours", pipelineConfig("text-insights-sneaky").get("description"));
    }

    /** The pipeline's configuration as the cluster state holds it, or null. */
    private Map<String, Object> pipelineConfig(String id) {
        IngestMetadata ingest = clusterService().state().metadata().custom(IngestMetadata.TYPE);
        PipelineConfiguration pipeline = ingest == null ? null : ingest.getPipelines().get(id);
        return pipeline == null ? null : pipeline.getConfigAsMap();
    }
}
