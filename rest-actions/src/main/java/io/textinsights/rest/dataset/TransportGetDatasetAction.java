/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.dataset;

import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.action.support.IndicesOptions;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.ingest.IngestMetadata;
import org.opensearch.search.aggregations.AggregationBuilders;
import org.opensearch.search.aggregations.bucket.terms.Terms;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.tasks.Task;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads datasets from the cluster state (the spec lives in the mapping's {@code _meta}) and counts their documents. */
public class TransportGetDatasetAction extends HandledTransportAction<GetDatasetRequest, GetDatasetResponse> {

    private final Client client;
    private final ClusterService clusterService;

    @Inject
    public TransportGetDatasetAction(TransportService transportService, ActionFilters actionFilters, ClusterService clusterService, Client client) {
        super(GetDatasetAction.NAME, transportService, actionFilters, GetDatasetRequest::new);
        this.client = client;
        this.clusterService = clusterService;
    }

    @Override
    protected void doExecute(Task task, GetDatasetRequest request, ActionListener<GetDatasetResponse> listener) {
        Metadata metadata = clusterService.state().metadata();
        Map<String, Map<String, Object>> specs = new HashMap<>();
        if (request.index() != null) {
            IndexMetadata indexMetadata = DatasetIndex.datasetIndexMetadata(metadata, request.index());
            specs.put(indexMetadata.getIndex().getName(), DatasetIndex.storedSpec(indexMetadata));
        } else {
            for (IndexMetadata indexMetadata : metadata) {
                Map<String, Object> spec = DatasetIndex.storedSpec(indexMetadata);
                if (spec != null) {
                    specs.put(indexMetadata.getIndex().getName(), spec);
                }
            }
        }
        if (specs.isEmpty()) {
            listener.onResponse(new GetDatasetResponse(false, List.of()));
            return;
        }
        IngestMetadata ingest = metadata.custom(IngestMetadata.TYPE);
        SearchRequest count = new SearchRequest(specs.keySet().toArray(String[]::new)).indicesOptions(IndicesOptions.lenientExpandOpen())
            .source(
                new SearchSourceBuilder().size(0)
                    .trackTotalHits(true)
                    .aggregation(AggregationBuilders.terms("by_index").field("_index").size(specs.size()))
            );
        client.search(count, ActionListener.wrap(response -> {
            Terms byIndex = response.getAggregations().get("by_index");
            List<DatasetResponse> datasets = new ArrayList<>();
            specs.keySet().stream().sorted().forEach(index -> {
                Terms.Bucket bucket = byIndex.getBucketByKey(index);
                String pipeline = DatasetIndex.pipelineId(index);
                boolean pipelineExists = ingest != null && ingest.getPipelines().containsKey(pipeline);
                datasets.add(new DatasetResponse(index, pipeline, pipelineExists, bucket == null ? 0L : bucket.getDocCount(), specs.get(index)));
            });
            listener.onResponse(new GetDatasetResponse(request.index() != null, datasets));
        }, listener::onFailure));
    }
}
