/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.plugin;

import io.textinsights.ingest.DepProcessor;
import io.textinsights.ingest.EmbeddingProcessor;
import io.textinsights.rest.access.RunsAccess;
import io.textinsights.rest.dataset.DeleteDatasetAction;
import io.textinsights.rest.dataset.GetDatasetAction;
import io.textinsights.rest.dataset.PutDatasetAction;
import io.textinsights.rest.dataset.RestDeleteDatasetAction;
import io.textinsights.rest.dataset.RestGetDatasetAction;
import io.textinsights.rest.dataset.RestPutDatasetAction;
import io.textinsights.rest.dataset.TransportDeleteDatasetAction;
import io.textinsights.rest.dataset.TransportGetDatasetAction;
import io.textinsights.rest.dataset.TransportPutDatasetAction;
import io.textinsights.rest.results.GetRunResultsAction;
import io.textinsights.rest.results.RestGetRunResultsAction;
import io.textinsights.rest.results.TransportGetRunResultsAction;
import io.textinsights.rest.run.api.DeleteRunAction;
import io.textinsights.rest.run.api.GetRunAction;
import io.textinsights.rest.run.api.ListRunsAction;
import io.textinsights.rest.run.api.RestDeleteRunAction;
import io.textinsights.rest.run.api.RestGetRunAction;
import io.textinsights.rest.run.api.RestListRunsAction;
import io.textinsights.rest.run.api.RestStartRunAction;
import io.textinsights.rest.run.api.StartRunAction;
import io.textinsights.rest.run.api.TransportDeleteRunAction;
import io.textinsights.rest.run.api.TransportGetRunAction;
import io.textinsights.rest.run.api.TransportListRunsAction;
import io.textinsights.rest.run.api.TransportStartRunAction;
import io.textinsights.rest.run.exec.ExecuteRunAction;
import io.textinsights.rest.run.exec.RunRegistry;
import io.textinsights.rest.run.exec.RunTaskStatus;
import io.textinsights.rest.run.exec.StaleRuns;
import io.textinsights.rest.run.exec.TransportExecuteRunAction;
import io.textinsights.rest.run.shard.ShardPassStatus;
import io.textinsights.rest.run.shard.ShardRunAction;
import io.textinsights.rest.run.shard.TransportShardRunAction;
import io.textinsights.rest.run.spec.RunSettings;
import io.textinsights.rest.store.DatasetLocks;
import io.textinsights.rest.store.ResultsSettings;
import io.textinsights.rest.store.ResultsStore;
import io.textinsights.rest.store.RunStore;
import io.textinsights.rest.summary.LlmEndpoint;
import io.textinsights.rest.summary.LlmSettings;
import io.textinsights.rest.summary.RestSummarizeRunAction;
import io.textinsights.rest.summary.SummarizeRunAction;
import io.textinsights.rest.summary.TransportSummarizeRunAction;

import org.opensearch.action.ActionRequest;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.node.DiscoveryNodes;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.settings.ClusterSettings;
import org.opensearch.common.settings.IndexScopedSettings;
import org.opensearch.common.settings.Setting;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.settings.SettingsFilter;
import org.opensearch.common.util.concurrent.OpenSearchExecutors;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.io.stream.NamedWriteableRegistry;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.env.Environment;
import org.opensearch.env.NodeEnvironment;
import org.opensearch.indices.SystemIndexDescriptor;
import org.opensearch.ingest.Processor;
import org.opensearch.plugins.ActionPlugin;
import org.opensearch.plugins.IngestPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.plugins.ReloadablePlugin;
import org.opensearch.plugins.SystemIndexPlugin;
import org.opensearch.repositories.RepositoriesService;
import org.opensearch.rest.RestController;
import org.opensearch.rest.RestHandler;
import org.opensearch.script.ScriptService;
import org.opensearch.tasks.Task;
import org.opensearch.threadpool.ExecutorBuilder;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.client.Client;
import org.opensearch.watcher.ResourceWatcherService;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Entry point: registers the ingest processors, transport actions, REST handlers and settings of Text Insights. It is
 * reloadable: {@code POST _nodes/reload_secure_settings} hands the LLM endpoint the keystore's new API key.
 */
public class TextInsightsPlugin extends Plugin implements ActionPlugin, IngestPlugin, SystemIndexPlugin, ReloadablePlugin {

    /** Built here because the keystore (the LLM API key) is readable only in the constructor and in reload. */
    private final LlmEndpoint llmEndpoint;
    /** Closed with the plugin: it schedules the stale-run check. */
    private StaleRuns staleRuns;

    public TextInsightsPlugin(Settings settings) {
        this.llmEndpoint = new LlmEndpoint(settings);
    }

    @Override
    public Collection<Object> createComponents(
        Client client,
        ClusterService clusterService,
        ThreadPool threadPool,
        ResourceWatcherService resourceWatcherService,
        ScriptService scriptService,
        NamedXContentRegistry xContentRegistry,
        Environment environment,
        NodeEnvironment nodeEnvironment,
        NamedWriteableRegistry namedWriteableRegistry,
        IndexNameExpressionResolver indexNameExpressionResolver,
        Supplier<RepositoriesService> repositoriesServiceSupplier
    ) {
        RunStore runs = new RunStore(client, clusterService);
        ResultsStore results = new ResultsStore(client);
        DatasetLocks locks = new DatasetLocks(client, clusterService, runs);
        staleRuns = new StaleRuns(client, clusterService, threadPool, runs, results, locks);
        return List.of(runs, results, locks, staleRuns, new RunRegistry(), llmEndpoint);
    }

    @Override
    public List<Setting<?>> getSettings() {
        List<Setting<?>> settings = new ArrayList<>(RunSettings.all());
        settings.addAll(ResultsSettings.all());
        settings.addAll(LlmSettings.all());
        return settings;
    }

    @Override
    public void reload(Settings settings) {
        llmEndpoint.reload(settings);
    }

    @Override
    public void close() {
        if (staleRuns != null) {
            staleRuns.close();
        }
        llmEndpoint.close();
    }

    @Override
    public List<ExecutorBuilder<?>> getExecutorBuilders(Settings settings) {
        return List.of(TransportShardRunAction.executorBuilder(settings, OpenSearchExecutors.allocatedProcessors(settings)));
    }

    @Override
    public List<NamedWriteableRegistry.Entry> getNamedWriteables() {
        return List.of(
            new NamedWriteableRegistry.Entry(Task.Status.class, RunTaskStatus.NAME, RunTaskStatus::new),
            new NamedWriteableRegistry.Entry(Task.Status.class, ShardPassStatus.NAME, ShardPassStatus::new)
        );
    }

    @Override
    public Collection<SystemIndexDescriptor> getSystemIndexDescriptors(Settings settings) {
        return List.of(new SystemIndexDescriptor(RunStore.RUNS_INDEX, "Text Insights clustering runs, and the datasets' locks"));
    }

    @Override
    public Map<String, Processor.Factory> getProcessors(Processor.Parameters parameters) {
        return Map.of(EmbeddingProcessor.TYPE, new EmbeddingProcessor.Factory(), DepProcessor.TYPE, new DepProcessor.Factory());
    }

    @Override
    public List<ActionHandler<? extends ActionRequest, ? extends ActionResponse>> getActions() {
        return List.of(
            new ActionHandler<>(PutDatasetAction.INSTANCE, TransportPutDatasetAction.class),
            new ActionHandler<>(GetDatasetAction.INSTANCE, TransportGetDatasetAction.class),
            new ActionHandler<>(DeleteDatasetAction.INSTANCE, TransportDeleteDatasetAction.class),
            new ActionHandler<>(StartRunAction.INSTANCE, TransportStartRunAction.class),
            new ActionHandler<>(ExecuteRunAction.INSTANCE, TransportExecuteRunAction.class),
            new ActionHandler<>(GetRunAction.INSTANCE, TransportGetRunAction.class),
            new ActionHandler<>(ListRunsAction.INSTANCE, TransportListRunsAction.class),
            new ActionHandler<>(DeleteRunAction.INSTANCE, TransportDeleteRunAction.class),
            new ActionHandler<>(ShardRunAction.INSTANCE, TransportShardRunAction.class),
            new ActionHandler<>(SummarizeRunAction.INSTANCE, TransportSummarizeRunAction.class),
            new ActionHandler<>(GetRunResultsAction.INSTANCE, TransportGetRunResultsAction.class),
            new ActionHandler<>(RunsAccess.READ, RunsAccess.TransportRead.class),
            new ActionHandler<>(RunsAccess.WRITE, RunsAccess.TransportWrite.class)
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
        return List.of(
            new RestPutDatasetAction(),
            new RestGetDatasetAction(),
            new RestDeleteDatasetAction(),
            new RestStartRunAction(),
            new RestGetRunAction(),
            new RestListRunsAction(),
            new RestDeleteRunAction(),
            new RestSummarizeRunAction(),
            new RestGetRunResultsAction()
        );
    }
}
