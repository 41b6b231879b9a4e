/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.plugin;

import io.textinsights.ingest.DepProcessor;
import io.textinsights.ingest.EmbeddingProcessor;
import io.textinsights.rest.dataset.DeleteDatasetAction;
import io.textinsights.rest.dataset.GetDatasetAction;
import io.textinsights.rest.dataset.PutDatasetAction;
import io.textinsights.rest.dataset.RestDeleteDatasetAction;
import io.textinsights.rest.dataset.RestGetDatasetAction;
import io.textinsights.rest.dataset.RestPutDatasetAction;
import io.textinsights.rest.dataset.TransportDeleteDatasetAction;
import io.textinsights.rest.dataset.TransportGetDatasetAction;
import io.textinsights.rest.dataset.TransportPutDatasetAction;

import org.opensearch.action.ActionRequest;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.node.DiscoveryNodes;
import org.opensearch.common.settings.ClusterSettings;
import org.opensearch.common.settings.IndexScopedSettings;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.settings.SettingsFilter;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.ingest.Processor;
import org.opensearch.plugins.ActionPlugin;
import org.opensearch.plugins.IngestPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.rest.RestController;
import org.opensearch.rest.RestHandler;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Entry point: registers the ingest processors, transport actions and REST handlers of Text Insights. */
public class TextInsightsPlugin extends Plugin implements ActionPlugin, IngestPlugin {

    @Override
    public Map<String, Processor.Factory> getProcessors(Processor.Parameters parameters) {
        return Map.of(EmbeddingProcessor.TYPE, new EmbeddingProcessor.Factory(), DepProcessor.TYPE, new DepProcessor.Factory());
    }

    @Override
    public List<ActionHandler<? extends ActionRequest, ? extends ActionResponse>> getActions() {
        return List.of(
            new ActionHandler<>(PutDatasetAction.INSTANCE, TransportPutDatasetAction.class),
            new ActionHandler<>(GetDatasetAction.INSTANCE, TransportGetDatasetAction.class),
            new ActionHandler<>(DeleteDatasetAction.INSTANCE, TransportDeleteDatasetAction.class)
        );
    }

    @Override
    public List<RestHandler> getRestHandlers(
        Settings settings,
        RestController restController,
        ClusterSettings clusterSettings,
        IndexScopedSettings indexScopedSettings,
        SettingsFilter settingsFilter,
        IndexNameExpressionResolver indexNameExpressionResolver,
        Supplier<DiscoveryNodes> nodesInCluster
    ) {
        return List.of(new RestPutDatasetAction(), new RestGetDatasetAction(), new RestDeleteDatasetAction());
    }
}
