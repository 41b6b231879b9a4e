/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.plugin;

import io.textinsights.rest.dataset.DatasetIndex;
import io.textinsights.rest.dataset.DatasetSpec;

import org.opensearch.client.Request;
import org.opensearch.client.ResponseException;
import org.opensearch.common.settings.Setting;
import org.opensearch.common.xcontent.XContentFactory;
import org.opensearch.plugins.Plugin;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.opensearch.transport.Netty4ModulePlugin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * When the index cannot be created, the request leaves nothing behind, and removes nothing it did not create. Here the
 * nodes know the {@code index.knn} setting (so the k-NN check passes) but neither the analysis-common module (our text
 * analyzer's mapping char filter) nor the {@code knn_vector} mapper, so index creation fails late. The index is created
 * before the pipeline (the index is what one of several concurrent PUTs wins), so a failed index creation has not
 * stored a pipeline; {@link DatasetConcurrencyIT} covers a pipeline that fails after its index was created.
 */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.SUITE, numDataNodes = 1)
public class DatasetRollbackIT extends HttpIntegTestCase {

    /** Declares only the k-NN index settings a dataset uses: the state of a cluster whose k-NN plugin is broken. */
    public static class KnnSettingOnlyPlugin extends Plugin {
        @Override
        public List<Setting<?>> getSettings() {
            return List.of(
                Setting.boolSetting("index.knn", false, Setting.Property.IndexScope),
                Setting.boolSetting("index.knn.derived_source.enabled", true, Setting.Property.IndexScope)
            );
        }
    }

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(TextInsightsPlugin.class, KnnSettingOnlyPlugin.class, Netty4ModulePlugin.class);
    }

    public void testFailedIndexCreationLeavesNoPipeline() throws IOException {
        Request put = new Request("PUT", "/_plugins/_text_insights/datasets/late-failure");
        put.setJsonEntity("{\"dimension\": 4}");
        ResponseException e = expectFailure(put);
        assertEquals(400, e.getResponse().getStatusLine().getStatusCode());
        assertTrue(body(e), body(e).contains("Unknown char_filter type [mapping] for [text_insights_entities]"));
        assertFalse(indexExists("late-failure"));
        assertPipelineMissing("text-insights-late-failure");
    }

    /**
     * A pipeline that was there before the PUT, even one exactly like the dataset's (left by an index deleted directly),
     * is not the failed request's to remove: it stays.
     */
    public void testFailedIndexCreationKeepsAPipelineItDidNotCreate() throws IOException {
        DatasetSpec spec = DatasetSpec.fromMap(Map.of("dimension", 4), new ArrayList<>());
        Request own = new Request("PUT", "/_ingest/pipeline/text-insights-kept");
        own.setJsonEntity(XContentFactory.jsonBuilder().map(DatasetIndex.pipeline(spec, "kept")).toString());
        getRestClient().performRequest(own);

        Request put = new Request("PUT", "/_plugins/_text_insights/datasets/kept");
        put.setJsonEntity("{\"dimension\": 4}");
        ResponseException e = expectFailure(put);
        assertEquals(400, e.getResponse().getStatusLine().getStatusCode());
        assertTrue(body(e), body(e).contains("Unknown char_filter type [mapping] for [text_insights_entities]"));
        assertFalse(indexExists("kept"));
        assertEquals(200, getRestClient().performRequest(new Request("GET", "/_ingest/pipeline/text-insights-kept")).getStatusLine().getStatusCode());
    }
}
