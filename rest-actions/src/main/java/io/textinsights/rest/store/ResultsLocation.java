/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.store;

import io.textinsights.rest.schema.ResultFields;
import io.textinsights.rest.schema.ResultsTarget;
import io.textinsights.rest.schema.WordsAnalysis;

import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryBuilders;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a run's per-sample results are and what their fields are called: its own results index (canonical names, see
 * {@link ResultFields}), or, for a run that wrote into the dataset, the dataset index with the run's object
 * ({@code text_insights.*}) beside the dataset's own label, prediction and DEP fields. Everything that reads per-sample
 * results (explanations, samples, points, summaries) goes through this, so it does not care which it is.
 *
 * @param index  the index to search
 * @param target {@link ResultsTarget#RESULTS} or {@link ResultsTarget#DATASET}
 * @param runId  the run
 * @param fields field names; any of them null when that index does not have it
 */
public record ResultsLocation(String index, ResultsTarget target, String runId, Fields fields) {

    /** Field names of per-sample results; null: the index does not have that field. */
    public record Fields(
        String runId,
        String clusterId,
        String clusterLabel,
        String x,
        String y,
        String distance,
        String label,
        String prediction,
        String correct,
        String split,
        String dep,
        String margin,
        String confidence,
        String text,
        String words
    ) {}

    /** The canonical fields of a results index. */
    public static final Fields RESULTS_FIELDS = new Fields(
        ResultFields.RUN_ID,
        ResultFields.CLUSTER_ID,
        ResultFields.CLUSTER_LABEL,
        ResultFields.X,
        ResultFields.Y,
        ResultFields.DISTANCE,
        ResultFields.LABEL,
        ResultFields.PREDICTION,
        ResultFields.CORRECT,
        ResultFields.SPLIT,
        ResultFields.DEP,
        ResultFields.MARGIN,
        ResultFields.CONFIDENCE,
        ResultFields.TEXT,
        ResultFields.TEXT + "." + WordsAnalysis.WORDS_SUBFIELD
    );

    public static ResultsLocation resultsIndex(String index, String runId) {
        return new ResultsLocation(index, ResultsTarget.RESULTS, runId, RESULTS_FIELDS);
    }

    /**
     * A run that wrote into the dataset: its own fields under {@code text_insights}, the rest as the dataset maps them
     * (each null when the dataset does not map it usably).
     */
    public static ResultsLocation inDataset(
        String dataset,
        String runId,
        String label,
        String prediction,
        String split,
        String dep,
        String margin,
        String confidence,
        String text
    ) {
        return new ResultsLocation(dataset, ResultsTarget.DATASET, runId, new Fields(
            ResultFields.inDataset(ResultFields.RUN_ID),
            ResultFields.inDataset(ResultFields.CLUSTER_ID),
            ResultFields.inDataset(ResultFields.CLUSTER_LABEL),
            ResultFields.inDataset(ResultFields.X),
            ResultFields.inDataset(ResultFields.Y),
            null,
            label,
            prediction,
            null,
            split,
            dep,
            margin,
            confidence,
            text,
            null
        ));
    }

    /** The run's result documents. */
    public QueryBuilder runFilter() {
        return QueryBuilders.termQuery(fields.runId(), runId);
    }

    /** The run's result documents in one cluster. */
    public QueryBuilder clusterFilter(int clusterId) {
        return QueryBuilders.boolQuery().filter(runFilter()).filter(QueryBuilders.termQuery(fields.clusterId(), clusterId));
    }

    /**
     * A query selecting the run's samples, optionally of one cluster, gold label and prediction, as JSON that can be
     * pasted into {@code POST <index>/_search} (alerts carry one).
     */
    public Map<String, Object> query(Integer clusterId, String label, String prediction) {
        List<Object> filters = new ArrayList<>();
        filters.add(Map.of("term", Map.of(fields.runId(), runId)));
        if (clusterId != null) {
            filters.add(Map.of("term", Map.of(fields.clusterId(), clusterId)));
        }
        if (label != null && fields.label() != null) {
            filters.add(Map.of("term", Map.of(fields.label(), label)));
        }
        if (prediction != null && fields.prediction() != null) {
            filters.add(Map.of("term", Map.of(fields.prediction(), prediction)));
        }
        return Map.of("bool", Map.of("filter", filters));
    }
}
