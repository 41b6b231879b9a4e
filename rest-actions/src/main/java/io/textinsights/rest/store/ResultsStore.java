/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.store;

import org.opensearch.ExceptionsHelper;
import org.opensearch.action.admin.indices.alias.IndicesAliasesRequest;
import org.opensearch.action.admin.indices.create.CreateIndexRequest;
import org.opensearch.action.admin.indices.delete.DeleteIndexRequest;
import org.opensearch.action.admin.indices.flush.FlushRequest;
import org.opensearch.action.admin.indices.refresh.RefreshRequest;
import org.opensearch.action.admin.indices.settings.put.UpdateSettingsRequest;
import org.opensearch.action.support.IndicesOptions;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.tasks.TaskId;
import org.opensearch.index.IndexNotFoundException;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.reindex.BulkByScrollResponse;
import org.opensearch.index.reindex.UpdateByQueryAction;
import org.opensearch.index.reindex.UpdateByQueryRequest;
import org.opensearch.script.Script;
import org.opensearch.script.ScriptType;
import org.opensearch.transport.client.Client;

import java.util.Map;

/**
 * The lifecycle of a run's results index ({@link ResultsIndex}): created empty when the run starts writing, published
 * (refresh on, joined to the dataset's alias) only once every result is written, dropped when the run fails, is
 * cancelled or deleted, or falls out of the runs kept per dataset. All calls run as the system: these are the plugin's
 * own indices.
 */
public final class ResultsStore {

    private final Client client;

    public ResultsStore(Client client) {
        this.client = client;
    }

    /** Creates the (empty, unpublished) results index of a run; answers its name. */
    public void create(String dataset, String runId, int primaries, ActionListener<String> listener) {
        String index = ResultsIndex.name(dataset, runId);
        CreateIndexRequest create = new CreateIndexRequest(index).mapping(ResultsIndex.mapping(dataset, runId))
            .settings(ResultsIndex.settings(primaries));
        SystemContext.run(client, l -> client.admin().indices().create(create, ActionListener.wrap(r -> l.onResponse(index), l::onFailure)),
            listener);
    }

    /**
     * Makes a fully written results index durable and readable: a flush (every result on disk, fsynced), the published
     * settings (refresh, a synchronous translog, a replica where there is a second node), a refresh, then the dataset's
     * alias. Only then do the run's readers, and searches over the alias, see it.
     */
    public void publish(String dataset, String index, ActionListener<Void> listener) {
        SystemContext.run(client, l -> flush(index, ActionListener.wrap(flushed -> {
            UpdateSettingsRequest published = new UpdateSettingsRequest(index).settings(ResultsIndex.publishedSettings());
            client.admin().indices().updateSettings(published, ActionListener.wrap(
                updated -> client.admin().indices().refresh(new RefreshRequest(index), ActionListener.wrap(refreshed -> {
                    IndicesAliasesRequest alias = new IndicesAliasesRequest().addAliasAction(
                        IndicesAliasesRequest.AliasActions.add().index(index).alias(ResultsIndex.alias(dataset))
                    );
                    client.admin().indices().aliases(alias, ActionListener.wrap(r -> l.onResponse(null), l::onFailure));
                }, l::onFailure)),
                l::onFailure
            ));
        }, l::onFailure)), listener);
    }

    private void flush(String index, ActionListener<Void> listener) {
        client.admin().indices().flush(new FlushRequest(index).waitIfOngoing(true), ActionListener.wrap(r -> {
            // Written with no replica: a shard that is not there (its node left) is not "failed", only not successful.
            if (r.getFailedShards() > 0 || r.getSuccessfulShards() < r.getTotalShards()) {
                listener.onFailure(new IllegalStateException("could not flush the results index [" + index + "]: "
                    + (r.getTotalShards() - r.getSuccessfulShards()) + " of " + r.getTotalShards() + " shards failed or are unavailable"));
            } else {
                listener.onResponse(null);
            }
        }, listener::onFailure));
    }

    /**
     * Gives every result of a run its cluster's new label ({@code labels}: by cluster id as a string; a missing id
     * loses its label), with one update_by_query: the results index is the plugin's own and holds no vectors, so a
     * scroll over it is cheap and safe. Answers how many results were updated; any failed one fails the call.
     */
    public void relabel(
        String index,
        QueryBuilder runFilter,
        String clusterIdField,
        String labelField,
        Map<String, Object> labels,
        TaskId parent,
        ActionListener<Long> listener
    ) {
        UpdateByQueryRequest update = new UpdateByQueryRequest(index).setQuery(runFilter)
            .setScript(new Script(ScriptType.INLINE, "painless", RELABEL_SCRIPT, Map.of("labels", labels, "id", clusterIdField, "label",
                labelField)))
            .setRefresh(true)
            .setAbortOnVersionConflict(true);
        update.setParentTask(parent);
        SystemContext.run(client, l -> client.execute(UpdateByQueryAction.INSTANCE, update, ActionListener.wrap((BulkByScrollResponse r) -> {
            if (r.getBulkFailures().isEmpty() == false || r.getSearchFailures().isEmpty() == false) {
                l.onFailure(new IllegalStateException("could not relabel the results in [" + index + "]: " + (r.getBulkFailures().isEmpty()
                    ? r.getSearchFailures().get(0).getReason() : r.getBulkFailures().get(0).getMessage())));
            } else {
                l.onResponse(r.getUpdated());
            }
        }, l::onFailure)), listener);
    }

    private static final String RELABEL_SCRIPT = "def l = params.labels.get(String.valueOf(ctx._source[params.id]));"
        + " if (l == null) { ctx._source.remove(params.label) } else { ctx._source[params.label] = l }";

    /** Deletes a results index; one that does not exist (any more) is not an error. */
    public void drop(String index, ActionListener<Void> listener) {
        DeleteIndexRequest delete = new DeleteIndexRequest(index).indicesOptions(IndicesOptions.lenientExpandOpen());
        SystemContext.run(client, l -> client.admin().indices().delete(delete, ActionListener.wrap(r -> l.onResponse(null), e -> {
            if (ExceptionsHelper.unwrapCause(e) instanceof IndexNotFoundException) {
                l.onResponse(null);
            } else {
                l.onFailure(e);
            }
        })), listener);
    }
}
