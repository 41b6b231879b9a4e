/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.plugin;

import io.textinsights.ingest.DepProcessor;
import io.textinsights.ingest.EmbeddingProcessor;

import org.opensearch.action.admin.cluster.node.info.NodeInfo;
import org.opensearch.action.admin.cluster.node.info.NodesInfoRequest;
import org.opensearch.action.admin.cluster.node.info.NodesInfoResponse;
import org.opensearch.client.Request;
import org.opensearch.client.ResponseException;
import org.opensearch.ingest.IngestInfo;
import org.opensearch.plugins.Plugin;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.opensearch.transport.Netty4ModulePlugin;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The plugin inside in-JVM nodes, reached over HTTP. These nodes do not load the k-NN plugin, so the happy path of the
 * dataset endpoint (which maps a knn_vector) runs in the YAML tests against a real node; here it proves the checks
 * ({@link DatasetRollbackIT} the rollback).
 */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.SUITE, numDataNodes = 2)
public class TextInsightsPluginIT extends HttpIntegTestCase {

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(TextInsightsPlugin.class, Netty4ModulePlugin.class);
    }

    public void testProcessorsAreRegisteredOnEveryNode() {
        NodesInfoResponse info = client().admin().cluster().nodesInfo(new NodesInfoRequest().addMetric("ingest")).actionGet();
        assertEquals(internalCluster().size(), info.getNodes().size());
        for (NodeInfo node : info.getNodes()) {
            IngestInfo ingest = node.getInfo(IngestInfo.class);
            assertTrue(ingest.containsProcessor(EmbeddingProcessor.TYPE));
            assertTrue(ingest.containsProcessor(DepProcessor.TYPE));
        }
    }

    public void testSimulatePipelineComputesDep() throws IOException {
        Request simulate = new Request("POST", "/_ingest/pipeline/_simulate");
        simulate.setJsonEntity("""
            {"pipeline": {"processors": [
               {"text_insights_embedding": {"dimension": 2}},
               {"text_insights_dep": {"classes": ["a", "b"]}}]},
             "docs": [{"_source": {"embedding": [3, 4], "label": "a", "probs": [[0.9, 0.1], [0.3, 0.7]]}}]}
            """);
        Map<String, Object> result = json(getRestClient().performRequest(simulate));
        @SuppressWarnings("unchecked")
        Map<String, Object> source = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((List<?>) result.get("docs")).get(0))
            .get("doc")).get("_source");
        assertEquals(List.of(0.6, 0.8), source.get("embedding"));
        // AUM = ((0.9 - 0.1) + (0.3 - 0.7)) / 2 = 0.2 -> DEP 0.4
        assertEquals(0.4, ((Number) source.get("dep")).doubleValue(), 1e-9);
        assertEquals("b", source.get("prediction"));
    }

    public void testPutDatasetCollectsEveryProblem() throws IOException {
        Request put = new Request("PUT", "/_plugins/_text_insights/datasets/bad");
        put.setJsonEntity("{\"dimension\": 0, \"space_type\": \"hamming\", \"colour\": \"red\"}");
        ResponseException e = expectFailure(put);
        assertEquals(400, e.getResponse().getStatusLine().getStatusCode());
        String body = body(e);
        assertTrue(body, body.contains("[dimension] must be from 1 to 16000, got [0]"));
        assertTrue(body, body.contains("[space_type] must be one of [cosinesimil, l2, innerproduct], got [hamming]"));
        assertTrue(body, body.contains("[colour] is not a known setting"));
        assertFalse(indexExists("bad"));
    }

    public void testPutDatasetRejectsMalformedJson() throws IOException {
        Request put = new Request("PUT", "/_plugins/_text_insights/datasets/broken");
        put.setJsonEntity("{\"dimension\": ");
        ResponseException e = expectFailure(put);
        assertEquals(400, e.getResponse().getStatusLine().getStatusCode());
        assertTrue(body(e), body(e).contains("the request body is not valid JSON"));
    }

    public void testMissingKnnPluginIsNamed() throws IOException {
        Request put = new Request("PUT", "/_plugins/_text_insights/datasets/no-knn");
        put.setJsonEntity("{\"dimension\": 4}");
        ResponseException e = expectFailure(put);
        assertEquals(400, e.getResponse().getStatusLine().getStatusCode());
        assertTrue(body(e), body(e).contains("the k-NN plugin is not installed on this node"));
        assertFalse(indexExists("no-knn"));
        assertPipelineMissing("text-insights-no-knn");
    }

    public void testExistingIndexIsRefused() throws IOException {
        createIndex("taken");
        Request put = new Request("PUT", "/_plugins/_text_insights/datasets/taken");
        put.setJsonEntity("{\"dimension\": 4}");
        ResponseException e = expectFailure(put);
        assertEquals(400, e.getResponse().getStatusLine().getStatusCode());
        assertTrue(body(e), body(e).contains("index [taken] already exists"));
    }

    public void testGetAndDeleteOnPlainIndexAre404() throws IOException {
        createIndex("plain");
        ResponseException get = expectFailure(new Request("GET", "/_plugins/_text_insights/datasets/plain"));
        assertEquals(404, get.getResponse().getStatusLine().getStatusCode());
        assertTrue(body(get), body(get).contains("index [plain] is not a Text Insights dataset"));
        ResponseException delete = expectFailure(new Request("DELETE", "/_plugins/_text_insights/datasets/plain"));
        assertEquals(404, delete.getResponse().getStatusLine().getStatusCode());
        ResponseException unknown = expectFailure(new Request("GET", "/_plugins/_text_insights/datasets/nope"));
        assertEquals(404, unknown.getResponse().getStatusLine().getStatusCode());
        assertTrue(indexExists("plain"));
    }

    public void testListWithNoDatasets() throws IOException {
        Map<String, Object> list = json(getRestClient().performRequest(new Request("GET", "/_plugins/_text_insights/datasets")));
        assertEquals(List.of(), list.get("datasets"));
    }
}
