/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.summary;

import io.textinsights.math.summary.RepresentativeSamples;
import io.textinsights.math.summary.RepresentativeSamples.Candidate;

import org.junit.jupiter.api.Test;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.index.query.WrapperQueryBuilder;
import org.opensearch.search.SearchHit;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class SummaryCandidatesTests {

    @Test
    void candidate_count_leaves_room_for_skipped_duplicates() {
        assertEquals(20, SummaryCandidates.candidateCount(1));
        assertEquals(40, SummaryCandidates.candidateCount(10));
        assertEquals(200, SummaryCandidates.candidateCount(50));
    }

    @Test
    void the_query_is_a_filtered_knn_search_from_the_centroid() {
        SearchRequest request = SummaryCandidates.request("agnews", "embedding", "text", "run-1", 2, new float[] { 0.5f, -0.25f }, 40);
        assertArrayEquals(new String[] { "agnews" }, request.indices());
        assertEquals(40, request.source().size());
        assertArrayEquals(new String[] { "text" }, request.source().fetchSource().includes());
        WrapperQueryBuilder wrapper = assertInstanceOf(WrapperQueryBuilder.class, request.source().query());
        assertEquals(
            "{\"knn\":{\"embedding\":{\"vector\":[0.5,-0.25],\"k\":40,\"filter\":{\"bool\":{\"filter\":["
                + "{\"term\":{\"text_insights.run_id\":\"run-1\"}},{\"term\":{\"text_insights.cluster_id\":2}}]}}}}}",
            new String(wrapper.source(), StandardCharsets.UTF_8)
        );
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
