/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.plugin;

import io.textinsights.rest.dataset.DataFields;
import io.textinsights.rest.explain.TopWords;
import io.textinsights.rest.explain.TopWordsFinder;
import io.textinsights.rest.run.spec.RunParameters;

import org.opensearch.analysis.common.CommonAnalysisModulePlugin;
import org.opensearch.client.Request;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.plugins.Plugin;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.opensearch.transport.Netty4ModulePlugin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Top words when a cluster's sampled documents are not on every shard, as happens to small clusters of a dataset with
 * many shards: OpenSearch's significant_text under a multi-bucket parent reads a per-bucket size that exists only for
 * buckets that collected a document on the shard, so a last bucket empty on a shard failed that shard
 * (ArrayIndexOutOfBoundsException in MapStringTermsAggregator). Documents are routed so that this happens for sure.
 */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.SUITE, numDataNodes = 1, numClientNodes = 0)
public class TopWordsShardsIT extends HttpIntegTestCase {

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(TextInsightsPlugin.class, KnnPluginIT.knnPlugin(), Netty4ModulePlugin.class, CommonAnalysisModulePlugin.class);
    }

    public void testAClusterWhoseSamplesLiveOnOneShardOnly() throws IOException {
        Request put = new Request("PUT", "/_plugins/_text_insights/datasets/routed");
        put.setJsonEntity("{\"dimension\": 2, \"number_of_shards\": 2, \"number_of_replicas\": 0}");
        getRestClient().performRequest(put);
        ensureGreen("routed");
        // Cluster 0 (rivers) on both shards; cluster 1 (comets) and cluster 2 (violins) only where routing "a" goes.
        Map<Integer, List<String>> sampled = new LinkedHashMap<>();
        StringBuilder bulk = new StringBuilder();
        String[] words = { "river water bank flood", "comet orbit telescope tail", "violin bow string concerto" };
        for (int c = 0; c < 3; c++) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String id = c + "-" + i;
                String routing = c == 0 && i % 2 == 1 ? "b" : "a";
                bulk.append("{\"index\": {\"_id\": \"").append(id).append("\", \"routing\": \"").append(routing).append("\"}}\n");
                bulk.append("{\"text\": \"").append(words[c]).append(" number ").append(i).append("\", \"embedding\": [1, ")
                    .append(c).append("]}\n");
                ids.add(id);
            }
            sampled.put(c, ids);
        }
        Request load = new Request("POST", "/routed/_bulk");
        load.addParameter("refresh", "true");
        load.setJsonEntity(bulk.toString());
        Map<String, Object> loaded = json(getRestClient().performRequest(load));
        assertEquals(loaded.toString(), false, loaded.get("errors"));
        assertNotEquals("routings a and b must reach different shards of 2", shardOf("routed", "0-0"), shardOf("routed", "0-1"));

        DataFields fields = DataFields.resolve(clusterService().state().metadata().index("routed"));
        Map<Integer, TopWords> found = new TopWordsFinder(client(), "routed", fields, RunParameters.TopWords.DEFAULT).find(sampled,
            QueryBuilders.matchAllQuery());

        assertEquals(found.toString(), List.of(0, 1, 2), new ArrayList<>(found.keySet()));
        for (int c = 0; c < 3; c++) {
            List<String> top = found.get(c).plain();
            assertEquals("cluster " + c + " read all its sampled documents: " + found.get(c), 30, found.get(c).sampleSize());
            assertTrue("cluster " + c + " top words " + top + " come from its texts " + words[c],
                top.isEmpty() == false && List.of(words[c].split(" ")).containsAll(top.subList(0, Math.min(3, top.size()))));
        }
    }

    private static int shardOf(String index, String id) throws IOException {
        Request search = new Request("POST", "/" + index + "/_search");
        search.setJsonEntity("{\"query\": {\"ids\": {\"values\": [\"" + id + "\"]}}, \"explain\": true}");
        Map<String, Object> response = json(getRestClient().performRequest(search));
        Map<?, ?> hits = (Map<?, ?>) response.get("hits");
        Map<?, ?> hit = (Map<?, ?>) ((List<?>) hits.get("hits")).get(0);
        String shard = (String) hit.get("_shard");
        return Integer.parseInt(shard.substring(shard.lastIndexOf('[') + 1, shard.length() - 1));
    }
}
