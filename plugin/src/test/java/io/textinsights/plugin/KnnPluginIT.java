/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.plugin;

import org.opensearch.action.bulk.BulkRequestBuilder;
import org.opensearch.action.bulk.BulkResponse;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.action.support.WriteRequest;
import org.opensearch.cluster.routing.ShardRouting;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.index.query.WrapperQueryBuilder;
import org.opensearch.plugins.Plugin;
import org.opensearch.search.SearchHit;
import org.opensearch.test.OpenSearchIntegTestCase;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.opensearch.test.hamcrest.OpenSearchAssertions.assertAcked;

/**
 * The k-NN plugin (the Maven Central zip's jars, see plugin/pom.xml) inside in-JVM nodes: a 3-shard knn_vector index on
 * 2 data nodes answers a knn query. Always the lucene engine: the zip has no faiss/nmslib native libraries, and the
 * default engine (faiss) kills the JVM on first indexing.
 */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.SUITE, numDataNodes = 2, numClientNodes = 0)
public class KnnPluginIT extends OpenSearchIntegTestCase {

    /**
     * The k-NN plugin class. Its jars are on the test classpath only at run time (surefire's
     * additionalClasspathElements, from the unpacked zip), not at compile time, so it is looked up by name.
     */
    static Class<? extends Plugin> knnPlugin() {
        try {
            return Class.forName("org.opensearch.knn.plugin.KNNPlugin").asSubclass(Plugin.class);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("the k-NN jars are not on the test classpath (see plugin/pom.xml)", e);
        }
    }

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(knnPlugin());
    }

    public void testKnnQueryOnThreeShardsOverTwoNodes() {
        assertAcked(
            client().admin()
                .indices()
                .prepareCreate("vectors")
                .setSettings(Settings.builder().put("index.knn", true).put("number_of_shards", 3).put("number_of_replicas", 0))
                .setMapping("""
                    {"properties": {
                       "v": {"type": "knn_vector", "dimension": 2,
                             "method": {"name": "hnsw", "engine": "lucene", "space_type": "cosinesimil"}},
                       "n": {"type": "integer"}}}
                    """)
        );
        ensureGreen("vectors");

        Set<String> nodes = new HashSet<>();
        for (ShardRouting shard : clusterService().state().routingTable().index("vectors").shardsWithState(
            org.opensearch.cluster.routing.ShardRoutingState.STARTED
        )) {
            nodes.add(shard.currentNodeId());
        }
        assertEquals("3 shards on 2 data nodes", 2, nodes.size());

        // 36 unit vectors around the circle, 10 degrees apart.
        BulkRequestBuilder bulk = client().prepareBulk().setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
        for (int i = 0; i < 36; i++) {
            double angle = Math.toRadians(10 * i);
            bulk.add(
                client().prepareIndex("vectors")
                    .setId(Integer.toString(i))
                    .setSource(
                        String.format(Locale.ROOT, "{\"v\": [%f, %f], \"n\": %d}", Math.cos(angle), Math.sin(angle), i),
                        XContentType.JSON
                    )
            );
        }
        BulkResponse indexed = bulk.get();
        assertFalse(indexed.buildFailureMessage(), indexed.hasFailures());

        // Nearest to 90 degrees by cosine: 90, then 80 and 100, then 70 and 110.
        SearchResponse response = client().prepareSearch("vectors")
            .setQuery(new WrapperQueryBuilder("{\"knn\": {\"v\": {\"vector\": [0.0, 1.0], \"k\": 5}}}"))
            .setSize(5)
            .get();
        assertEquals(5, response.getHits().getHits().length);
        List<String> ids = new java.util.ArrayList<>();
        for (SearchHit hit : response.getHits().getHits()) {
            ids.add(hit.getId());
        }
        assertEquals("9", ids.get(0));
        assertEquals(Set.of("8", "10"), new HashSet<>(ids.subList(1, 3)));
        assertEquals(Set.of("7", "11"), new HashSet<>(ids.subList(3, 5)));
    }
}
