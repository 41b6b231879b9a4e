/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.summary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.textinsights.math.summary.RepresentativeSamples.Candidate;
import io.textinsights.math.summary.RepresentativeSamples;
import io.textinsights.rest.store.ResultsLocation;

import org.junit.jupiter.api.Test;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.index.query.WrapperQueryBuilder;
import org.opensearch.search.SearchHit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

class SummaryCandidatesTests {

    @Test
    void candidate_count_leaves_room_for_skipped_duplicates() {
        assertEquals(20, SummaryCandidates.candidateCount(1));
        assertEquals(40, SummaryCandidates.candidateCount(10));
        assertEquals(200, SummaryCandidates.candidateCount(50));
    }

    @Test
    void the_query_is_a_filtered_knn_search_from_the_centroid() {
        SearchRequest request = SummaryCandidates.request(
            "agnews",
            "embedding",
            "text",
            ResultsLocation.inDataset("agnews", "run-1", null, null, null, null, null, null, "text").clusterFilter(2),
            new float[] { 0.5f, -0.25f },
            40
        );
        assertArrayEquals(new String[] { "agnews" }, request.indices());
        assertEquals(40, request.source().size());
        assertArrayEquals(new String[] { "text" }, request.source().fetchSource().includes());
        WrapperQueryBuilder wrapper = assertInstanceOf(WrapperQueryBuilder.class, request.source().query());
        Map<String, Object> knn = XContentHelper.convertToMap(JsonXContent.jsonXContent, new String(wrapper.source(), StandardCharsets.UTF_8), false);
        Map<?, ?> field = (Map<?, ?>) ((Map<?, ?>) knn.get("knn")).get("embedding");
        assertEquals(List.of(0.5, -0.25), field.get("vector"));
        assertEquals(40, field.get("k"));
        List<?> filters = (List<?>) ((Map<?, ?>) ((Map<?, ?>) field.get("filter")).get("bool")).get("filter");
        assertEquals(
            List.of(
                Map.of("term", Map.of("text_insights.run_id", Map.of("value", "run-1", "boost", 1.0))),
                Map.of("term", Map.of("text_insights.cluster_id", Map.of("value", 2, "boost", 1.0)))
            ),
            filters
        );
    }

    @Test
    void during_a_run_the_filter_is_the_cluster_s_sampled_ids() {
        SearchRequest request = SummaryCandidates.request("d", "v", "t", QueryBuilders.idsQuery().addIds("a", "b"), new float[] { 1f }, 20);
        String json = new String(((WrapperQueryBuilder) request.source().query()).source(), StandardCharsets.UTF_8);
        assertEquals("{\"knn\":{\"v\":{\"vector\":[1.0],\"k\":20,\"filter\":{\"ids\":{\"values\":[\"a\",\"b\"],\"boost\":1.0}}}}}", json);
    }

    private static SearchHit hit(String id, float score, String source) {
        SearchHit hit = new SearchHit(0, id, null, null);
        hit.score(score);
        hit.sourceRef(new BytesArray(source));
        return hit;
    }

    @Test
    void hits_become_candidates_nearest_first() {
        SearchHit[] hits = {
            hit("a", 0.90f, "{\"doc\": {\"body\": \"Oil rises\"}}"),
            hit("b", 0.95f, "{\"doc\": {\"body\": [\"Stocks fall\", \"ignored\"]}}"),
            hit("c", 0.99f, "{\"doc\": {\"body\": \"  \"}}"),
            hit("d", 0.98f, "{\"other\": 1}") };
        List<Candidate> candidates = SummaryCandidates.candidates(hits, "doc.body");
        assertEquals(List.of(new Candidate("a", "Oil rises", -0.9f), new Candidate("b", "Stocks fall", -0.95f)), candidates);
        assertEquals(
            List.of("b", "a"),
            RepresentativeSamples.select(candidates, 5, 100).stream().map(RepresentativeSamples.Sample::id).toList()
        );
    }
}
