/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.plugin;

import io.textinsights.rest.store.ResultsIndex;

import org.apache.logging.log4j.LogManager;
import org.opensearch.analysis.common.CommonAnalysisModulePlugin;
import org.opensearch.client.Request;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.index.reindex.ReindexModulePlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.opensearch.transport.Netty4ModulePlugin;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A clustering run over HTTP on two data nodes, with the k-NN plugin loaded (see {@link KnnPluginIT}): the dataset's
 * shards live on both nodes, so the shard passes of the run go over the transport layer, and the write-back of each
 * shard starts on the node that holds it.
 */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.SUITE, numDataNodes = 2, numClientNodes = 0)
public class MultiNodeRunIT extends HttpIntegTestCase {

    private static final int DIMENSION = 8;
    private static final int PER_BLOB = 200;
    private static final List<String> BLOBS = List.of("alpha", "beta", "gamma");

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(
            TextInsightsPlugin.class,
            KnnPluginIT.knnPlugin(),
            Netty4ModulePlugin.class,
            CommonAnalysisModulePlugin.class,
            ReindexModulePlugin.class
        );
    }

    public void testKmeansOverFourShardsOnTwoNodes() throws IOException {
        createDataset("multi", 4);
        loadBlobs("multi");
        assertPrimariesOnBothNodes("multi", 4);

        Map<String, Object> run = startRun("""
            {"index": "multi", "algorithm": {"name": "kmeans", "k": 3, "seed": 42}, "projection": {"name": "none"}}
            """);
        assertEquals(run.toString(), "completed", run.get("state"));
        assertEquals(run.toString(), 600, number(run, "doc_count").intValue());
        assertEquals(run.toString(), 3, number(run, "cluster_count").intValue());
        assertEquals(run.toString(), 0, number(run, "noise_count").intValue());
        assertEquals(run.toString(), 600, number(run, "results.written").intValue());
        assertEquals(run.toString(), 0, number(run, "results.failures").intValue());
        List<?> clusters = (List<?>) run.get("clusters");
        assertEquals(3, clusters.size());
        for (Object cluster : clusters) {
            assertEquals(cluster.toString(), PER_BLOB, number(cast(cluster), "size").intValue());
        }
        String runId = (String) run.get("run_id");
        assertOneClusterPerBlob("multi", runId);

        // The results index has as many primaries as the dataset, spread like it: both nodes wrote their shards' results.
        assertPrimariesOnBothNodes((String) cast(run.get("results")).get("index"), 4);
        // The dataset's documents were only read.
        assertEquals(0, number(json(getRestClient().performRequest(countInPlace("multi"))), "count").intValue());

        // Explained on both nodes' shards: each blob's name is its cluster's top word and label, on every sample too.
        Map<String, Object> cards = json(getRestClient().performRequest(
            new Request("GET", "/_plugins/_text_insights/runs/" + runId + "/clusters?sort=cluster_id")));
        assertEquals(cards.toString(), 3, number(cards, "total").intValue());
        for (Object card : (List<?>) cards.get("clusters")) {
            Map<String, Object> c = cast(card);
            String label = (String) c.get("label");
            assertTrue(c.toString(), BLOBS.contains(label));
            assertEquals(c.toString(), Map.of(label, PER_BLOB), c.get("label_counts"));
            Request search = new Request("POST", "/" + ResultsIndex.alias("multi") + "/_count");
            search.setJsonEntity("{\"query\": {\"bool\": {\"filter\": [{\"term\": {\"label\": \"" + label + "\"}}, "
                + "{\"term\": {\"cluster_label\": \"" + label + "\"}}]}}}");
            assertEquals(PER_BLOB, number(json(getRestClient().performRequest(search)), "count").intValue());
        }

        // GET shows the run the start request answered with.
        Map<String, Object> stored = json(getRestClient().performRequest(new Request("GET", "/_plugins/_text_insights/runs/" + runId)));
        assertEquals(run, stored);

        // The same run on a one-shard copy of the data splits the documents the same way (up to renaming clusters).
        createDataset("multi-one", 1);
        loadBlobs("multi-one");
        Map<String, Object> single = startRun("""
            {"index": "multi-one", "algorithm": {"name": "kmeans", "k": 3, "seed": 42}, "projection": {"name": "none"}}
            """);
        assertEquals(single.toString(), "completed", single.get("state"));
        Map<String, Integer> fourShards = clusterIds("multi");
        Map<String, Integer> oneShard = clusterIds("multi-one");
        assertEquals(600, fourShards.size());
        assertEquals(fourShards.keySet(), oneShard.keySet());
        Map<Integer, Integer> renaming = new HashMap<>();
        for (Map.Entry<String, Integer> doc : fourShards.entrySet()) {
            Integer other = renaming.putIfAbsent(doc.getValue(), oneShard.get(doc.getKey()));
            assertTrue(
                "document [" + doc.getKey() + "]: 4 shards put it in cluster " + doc.getValue() + ", which elsewhere matches cluster "
                    + other + " of the 1-shard run, but the 1-shard run put it in " + oneShard.get(doc.getKey()),
                other == null || other.equals(oneShard.get(doc.getKey()))
            );
        }
        assertEquals("a one-to-one renaming: " + renaming, 3, new HashSet<>(renaming.values()).size());
        logger.info("cluster ids of the 4-shard run -> those of the 1-shard run: {}", renaming);
    }

    public void testUmapMapOverFourShards() throws IOException {
        createDataset("multi-map", 4);
        loadBlobs("multi-map");
        assertPrimariesOnBothNodes("multi-map", 4);

        Map<String, Object> run = startRun("""
            {"index": "multi-map", "algorithm": {"name": "kmeans", "k": 3, "seed": 42}, "projection": {"name": "umap", "sample_size": 300}}
            """);
        assertEquals(run.toString(), "completed", run.get("state"));
        assertEquals(run.toString(), 600, number(run, "doc_count").intValue());
        assertEquals(run.toString(), 300, number(run, "details.projection_sample_size").intValue());
        for (Object cluster : (List<?>) run.get("clusters")) {
            assertTrue(cluster.toString(), Double.isFinite(number(cast(cluster), "x").doubleValue()));
            assertTrue(cluster.toString(), Double.isFinite(number(cast(cluster), "y").doubleValue()));
        }
        assertOneClusterPerBlob("multi-map", (String) run.get("run_id"));

        int placed = 0;
        for (Map<String, Object> hit : hits("multi-map")) {
            Map<String, Object> source = cast(hit.get("_source"));
            Object x = number(source, "x");
            Object y = number(source, "y");
            assertTrue(hit.toString(), Double.isFinite(((Number) x).doubleValue()));
            assertTrue(hit.toString(), Double.isFinite(((Number) y).doubleValue()));
            placed++;
        }
        assertEquals(600, placed);
    }

    private void createDataset(String index, int shards) throws IOException {
        Request put = new Request("PUT", "/_plugins/_text_insights/datasets/" + index);
        put.setJsonEntity("{\"dimension\": " + DIMENSION + ", \"number_of_shards\": " + shards + ", \"number_of_replicas\": 0}");
        getRestClient().performRequest(put);
        ensureGreen(index);
    }

    /** 3 x 200 documents from three seeded Gaussian blobs, far apart in angle (the dataset uses cosine). */
    private static void loadBlobs(String index) throws IOException {
        Random random = new Random(42);
        StringBuilder bulk = new StringBuilder();
        for (int b = 0; b < BLOBS.size(); b++) {
            for (int i = 0; i < PER_BLOB; i++) {
                StringBuilder vector = new StringBuilder();
                for (int d = 0; d < DIMENSION; d++) {
                    double centre = 1.0 + (d == 2 * b || d == 2 * b + 1 ? 6.0 : 0.0);
                    vector.append(d == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.5f", centre + 0.4 * random.nextGaussian()));
                }
                String id = BLOBS.get(b) + "-" + i;
                bulk.append("{\"index\": {\"_id\": \"").append(id).append("\"}}\n");
                bulk.append(
                    String.format(
                        Locale.ROOT,
                        "{\"text\": \"%s sample number %d\", \"label\": \"%s\", \"embedding\": [%s]}%n",
                        BLOBS.get(b),
                        i,
                        BLOBS.get(b),
                        vector
                    )
                );
            }
        }
        Request request = new Request("POST", "/" + index + "/_bulk");
        request.addParameter("refresh", "true");
        request.setJsonEntity(bulk.toString());
        Map<String, Object> response = json(getRestClient().performRequest(request));
        assertEquals(response.toString(), false, response.get("errors"));
        assertEquals(BLOBS.size() * PER_BLOB, ((List<?>) response.get("items")).size());
    }

    /** The index's primaries are all started, and some live on each of the two data nodes (replicas aside). */
    private static void assertPrimariesOnBothNodes(String index, int shards) throws IOException {
        Request cat = new Request("GET", "/_cat/shards/" + index);
        cat.addParameter("format", "json");
        cat.addParameter("h", "index,shard,prirep,state,node");
        List<Map<String, Object>> rows = new ArrayList<>();
        try (InputStream in = getRestClient().performRequest(cat).getEntity().getContent()) {
            for (Object row : JsonXContent.jsonXContent.createParser(NamedXContentRegistry.EMPTY, DeprecationHandler.THROW_UNSUPPORTED_OPERATION, in).list()) {
                rows.add(cast(row));
            }
        }
        List<Map<String, Object>> primaries = rows.stream().filter(row -> "p".equals(row.get("prirep"))).toList();
        assertEquals(rows.toString(), shards, primaries.size());
        Set<Object> nodes = new HashSet<>();
        for (Map<String, Object> row : primaries) {
            assertEquals(rows.toString(), "STARTED", row.get("state"));
            nodes.add(row.get("node"));
        }
        assertEquals("primaries of [" + index + "] on both data nodes: " + rows, 2, nodes.size());
    }

    private static Map<String, Object> startRun(String body) throws IOException {
        Request start = new Request("POST", "/_plugins/_text_insights/runs");
        start.addParameter("wait_for_completion", "true");
        start.setJsonEntity(body);
        Map<String, Object> run = json(getRestClient().performRequest(start));
        LogManager.getLogger(MultiNodeRunIT.class).info("run [{}]: took_ms {}, details {}", run.get("run_id"), run.get("took_ms"), run.get("details"));
        return run;
    }

    private static Request countInPlace(String index) {
        Request count = new Request("POST", "/" + index + "/_count");
        count.setJsonEntity("{\"query\": {\"exists\": {\"field\": \"text_insights.run_id\"}}}");
        return count;
    }

    /** Every blob went to one cluster, a different one each, and every document has a result of this run. */
    private static void assertOneClusterPerBlob(String index, String runId) throws IOException {
        Request search = new Request("POST", "/" + ResultsIndex.alias(index) + "/_search");
        search.setJsonEntity("""
            {"size": 0,
             "query": {"term": {"run_id": "%s"}},
             "aggs": {
               "by_label": {"terms": {"field": "label"}, "aggs": {"clusters": {"cardinality": {"field": "cluster_id"}},
                                                          "cluster": {"terms": {"field": "cluster_id"}}}},
               "all_clusters": {"cardinality": {"field": "cluster_id"}},
               "this_run": {"filter": {"term": {"run_id": "%s"}}}}}
            """.formatted(runId, runId));
        Map<String, Object> aggs = cast(json(getRestClient().performRequest(search)).get("aggregations"));
        assertEquals(aggs.toString(), 3, number(aggs, "all_clusters.value").intValue());
        assertEquals(aggs.toString(), 600, number(aggs, "this_run.doc_count").intValue());
        List<?> buckets = (List<?>) cast(aggs.get("by_label")).get("buckets");
        assertEquals(aggs.toString(), 3, buckets.size());
        Set<Object> clusterOfBlob = new HashSet<>();
        for (Object b : buckets) {
            Map<String, Object> bucket = cast(b);
            assertEquals(bucket.toString(), PER_BLOB, number(bucket, "doc_count").intValue());
            assertEquals(bucket.toString(), 1, number(bucket, "clusters.value").intValue());
            clusterOfBlob.add(cast(((List<?>) cast(bucket.get("cluster")).get("buckets")).get(0)).get("key"));
        }
        assertEquals(aggs.toString(), 3, clusterOfBlob.size());
    }

    /** The results of the dataset's one run, through its alias. */
    private static List<Map<String, Object>> hits(String index) throws IOException {
        Request search = new Request("POST", "/" + ResultsIndex.alias(index) + "/_search");
        search.setJsonEntity("{\"size\": 1000, \"_source\": [\"label\", \"doc_id\", \"cluster_id\", \"x\", \"y\"]}");
        Map<String, Object> hits = cast(json(getRestClient().performRequest(search)).get("hits"));
        List<Map<String, Object>> result = new ArrayList<>();
        for (Object hit : (List<?>) hits.get("hits")) {
            result.add(cast(hit));
        }
        return result;
    }

    private static Map<String, Integer> clusterIds(String index) throws IOException {
        Map<String, Integer> ids = new HashMap<>();
        for (Map<String, Object> hit : hits(index)) {
            ids.put((String) hit.get("_id"), number(cast(hit.get("_source")), "cluster_id").intValue());
        }
        return ids;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }

    /** The number at a dotted path; fails naming the path when it is missing or not a number. */
    private static Number number(Map<String, Object> map, String path) {
        Object node = map;
        for (String part : path.split("\\.")) {
            assertTrue("no [" + path + "] in " + map, node instanceof Map);
            node = ((Map<?, ?>) node).get(part);
        }
        assertTrue("[" + path + "] is not a number in " + map, node instanceof Number);
        return (Number) node;
    }
}
