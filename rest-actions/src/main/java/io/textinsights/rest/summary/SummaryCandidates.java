/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.summary;

import io.textinsights.math.summary.RepresentativeSamples.Candidate;

import org.opensearch.action.search.SearchRequest;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.common.xcontent.support.XContentMapValues;
import org.opensearch.core.xcontent.ToXContent;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.SearchHit;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.search.sort.SortBuilders;
import org.opensearch.search.sort.SortOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the texts an LLM is shown for one cluster: the cluster's documents nearest its centre, by a k-NN query on the
 * dataset's vector field with the centroid, filtered to the cluster's documents: during a run (before the write-back)
 * the cluster's share of the run's sample by id, afterwards the run and cluster ids written into the samples
 * (their results, sorted by the distance each keeps: {@link #nearestStored}). The query is passed as JSON (a wrapper query) because the k-NN query builder belongs to the
 * k-NN plugin, which we do not extend. Only the text field is read.
 */
public final class SummaryCandidates {

    private SummaryCandidates() {}

    /** Candidates fetched per cluster: four per sample asked for (room to skip near-duplicates), 20 to 200. */
    public static int candidateCount(int samplesPerCluster) {
        return Math.max(20, Math.min(200, 4 * samplesPerCluster));
    }

    /**
     * A cluster's documents nearest its centre among a run's stored results: sorted by the distance each result keeps,
     * no vectors needed (a results index has none).
     */
    public static SearchRequest nearestStored(String index, String textField, String distanceField, QueryBuilder cluster, int k) {
        SearchSourceBuilder source = new SearchSourceBuilder().query(cluster)
            .size(k)
            .sort(SortBuilders.fieldSort(distanceField).order(SortOrder.ASC).missing("_last"))
            .sort(SortBuilders.fieldSort("_id").order(SortOrder.ASC))
            .fetchSource(new String[] { textField }, null)
            .trackTotalHits(false);
        return new SearchRequest(index).source(source).allowPartialSearchResults(false);
    }

    public static SearchRequest request(String index, String vectorField, String textField, QueryBuilder filter, float[] centroid, int k) {
        SearchSourceBuilder source = new SearchSourceBuilder().query(QueryBuilders.wrapperQuery(knnQuery(vectorField, filter, centroid, k)))
            .size(k)
            .fetchSource(new String[] { textField }, null)
            .trackTotalHits(false);
        return new SearchRequest(index).source(source).allowPartialSearchResults(false);
    }

    static String knnQuery(String vectorField, QueryBuilder filter, float[] centroid, int k) {
        try (XContentBuilder b = JsonXContent.contentBuilder()) {
            b.startObject().startObject("knn").startObject(vectorField);
            b.array("vector", centroid);
            b.field("k", k);
            b.field("filter");
            filter.toXContent(b, ToXContent.EMPTY_PARAMS);
            b.endObject().endObject().endObject();
            return b.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Hits as candidates: sorted hits carry their distance as the first sort value; for k-NN hits a higher score is
     * nearer, so the distance is the negated score.
     */
    public static List<Candidate> candidates(SearchHit[] hits, String textField) {
        List<Candidate> out = new ArrayList<>(hits.length);
        for (SearchHit hit : hits) {
            Map<String, Object> source = hit.getSourceAsMap();
            Object text = source == null ? null : XContentMapValues.extractValue(textField, source);
            if (text instanceof List<?> list && list.isEmpty() == false) {
                text = list.get(0);
            }
            if (text instanceof String s && s.isBlank() == false) {
                Object[] sortValues = hit.getSortValues();
                double distance = sortValues.length > 0 && sortValues[0] instanceof Number n ? n.doubleValue()
                    : Float.isNaN(hit.getScore()) ? Double.NaN : -hit.getScore();
                out.add(new Candidate(hit.getId(), s, distance));
            }
        }
        return out;
    }
}
