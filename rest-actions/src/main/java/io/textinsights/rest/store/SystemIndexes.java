/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.store;

import org.opensearch.ExceptionsHelper;
import org.opensearch.ResourceAlreadyExistsException;
import org.opensearch.action.admin.indices.create.CreateIndexRequest;
import org.opensearch.action.admin.indices.mapping.put.PutMappingRequest;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.core.action.ActionListener;
import org.opensearch.transport.client.Client;

import java.util.Map;

/** The plugin's own indices (runs, clusters), created on first use. Callers run as the system. */
final class SystemIndexes {

    /** One shard, a replica wherever there is a second node: small indices that must survive a node. */
    static final Map<String, Object> SMALL = Map.of("index.number_of_shards", 1, "index.auto_expand_replicas", "0-1");

    private SystemIndexes() {}

    /**
     * Creates a plugin index with its mapping on first use (a concurrent creation is fine); with {@code updateMapping},
     * an index made by an older version gets the fields added since.
     */
    static void ensure(
        Client client,
        ClusterService clusterService,
        String index,
        Map<String, Object> mapping,
        Map<String, Object> settings,
        boolean updateMapping,
        ActionListener<Void> listener
    ) {
        if (clusterService.state().metadata().hasIndex(index) && updateMapping == false) {
            listener.onResponse(null);
            return;
        }
        if (clusterService.state().metadata().hasIndex(index)) {
            // An index made by an older version gets the fields added since (adding fields is always allowed).
            client.admin().indices().putMapping(new PutMappingRequest(index).source(mapping), ActionListener.wrap(r -> listener.onResponse(null),
                listener::onFailure));
            return;
        }
        CreateIndexRequest create = new CreateIndexRequest(index).mapping(mapping).settings(settings);
        client.admin().indices().create(create, ActionListener.wrap(r -> listener.onResponse(null), e -> {
            if (ExceptionsHelper.unwrapCause(e) instanceof ResourceAlreadyExistsException) {
                listener.onResponse(null);
            } else {
                listener.onFailure(e);
            }
        }));
    }
}
