/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.plugin;

import org.opensearch.client.Request;
import org.opensearch.client.ResponseException;
import org.opensearch.common.settings.Setting;
import org.opensearch.plugins.Plugin;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.opensearch.transport.Netty4ModulePlugin;

import java.io.IOException;
import java.util.Collection;
import java.util.List;

/**
 * When the index cannot be created after the pipeline was, the pipeline is removed again. Here the nodes know the
 * {@code index.knn} setting (so the k-NN check passes) but neither the analysis-common module (our text analyzer's
 * mapping char filter) nor the {@code knn_vector} mapper, so index creation fails late.
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

    public void testFailedIndexCreationRemovesThePipeline() throws IOException {
        Request put = new Request("PUT", "/_plugins/_text_insights/datasets/late-failure");
        put.setJsonEntity("{\"dimension\": 4}");
        ResponseException e = expectFailure(put);
        assertEquals(400, e.getResponse().getStatusLine().getStatusCode());
        assertTrue(body(e), body(e).contains("Unknown char_filter type [mapping] for [text_insights_entities]"));
        assertFalse(indexExists("late-failure"));
        assertPipelineMissing("text-insights-late-failure");
    }
}
