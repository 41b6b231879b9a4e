/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.explain;

import io.textinsights.rest.dataset.DataFields;
import io.textinsights.rest.run.spec.RunParameters;

import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.action.search.ShardSearchFailure;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.aggregations.AggregationBuilders;
import org.opensearch.search.aggregations.bucket.filter.Filter;
import org.opensearch.search.aggregations.bucket.terms.SignificantTerms;
import org.opensearch.search.aggregations.bucket.terms.SignificantTextAggregationBuilder;
import org.opensearch.search.aggregations.bucket.terms.heuristic.ChiSquare;
import org.opensearch.search.aggregations.bucket.terms.heuristic.GND;
import org.opensearch.search.aggregations.bucket.terms.heuristic.JLHScore;
import org.opensearch.search.aggregations.bucket.terms.heuristic.MutualInformation;
import org.opensearch.search.aggregations.bucket.terms.heuristic.SignificanceHeuristic;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Top words of each cluster, found before any result is written so that the one write pass also stores each sample's
 * cluster label: a {@code significant_text} aggregation over the dataset whose foreground is the cluster's sampled
 * documents (an ids filter each) and whose background is every document of the run. The sample is a uniform one (by
 * a seeded hash of the id), which is what significant terms would sample anyway on a large cluster.
 */
public final class TopWordsFinder {

    /** Clusters per significant_text request: bounds buckets and memory whatever k is. */
    static final int BATCH = 50;
    /**
     * Sampled documents read per cluster: a few hundred texts give a cluster's most significant words stably (a word
     * must stand out in its counts), and reading more only costs time: significant_text re-reads each text's source.
     */
    static final int PER_CLUSTER = 250;
    static final int MIN_SAMPLE = 2_000;

    /** Sampled documents the words are read from for k clusters, at most {@code max} (the node setting). */
    public static int sampleSize(int k, int max) {
        return Math.min(max, Math.max(MIN_SAMPLE, PER_CLUSTER * k));
    }

    private final Client client;
    private final String index;
    private final DataFields fields;
    private final RunParameters.TopWords options;

    public TopWordsFinder(Client client, String index, DataFields fields, RunParameters.TopWords options) {
        this.client = client;
        this.index = index;
        this.fields = fields;
        this.options = options;
    }

    /**
     * @param sampledIds   each cluster's sampled document ids
     * @param runDocuments the run's documents ({@link RunParameters#documentsQuery()}): the background
     * @return by cluster id; empty when the dataset has no text field to read words from
     */
    public Map<Integer, TopWords> find(Map<Integer, List<String>> sampledIds, QueryBuilder runDocuments) {
        Map<Integer, TopWords> result = new TreeMap<>();
        if (fields.wordsField() == null) {
            return result;
        }
        List<Integer> ids = new ArrayList<>(sampledIds.keySet());
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<Integer> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
            SearchResponse response = client.search(new SearchRequest(index).source(batchRequest(batch, sampledIds, runDocuments)).allowPartialSearchResults(false)).actionGet();
            requireEveryShard(response);
            for (int id : batch) {
                Filter cluster = response.getAggregations().get(bucket(id));
                result.put(id, words(cluster));
            }
        }
        return result;
    }

    /** Words read from part of the shards would be presented as a cluster's: any failed shard fails the run. */
    private static void requireEveryShard(SearchResponse response) {
        if (response.getFailedShards() > 0) {
            ShardSearchFailure first = response.getShardFailures()[0];
            throw new IllegalStateException("top words failed on " + response.getFailedShards() + " of " + response.getTotalShards()
                + " shards, first [" + first.index() + "][" + first.shardId() + "]: " + first.reason());
        }
    }

    private static String bucket(int clusterId) {
        return "cluster_" + clusterId;
    }

    /**
     * One single-bucket {@code filter} aggregation per cluster, each with its own significant_text, rather than one
     * {@code filters} over all of them: under a multi-bucket parent OpenSearch 3.5's significant_text reads each bucket's
     * foreground size from an array grown only by the buckets that collected a document on the shard, so a shard on
     * which the last bucket's cluster has no sampled document fails (ArrayIndexOutOfBoundsException in
     * MapStringTermsAggregator.SignificantTermsResults), as small clusters of a dataset with several shards do.
     * A single-bucket parent only ever asks for bucket 0, which always exists.
     */
    private SearchSourceBuilder batchRequest(List<Integer> batch, Map<Integer, List<String>> sampledIds, QueryBuilder runDocuments) {
        SearchSourceBuilder source = new SearchSourceBuilder().size(0).query(runDocuments);
        for (int id : batch) {
            QueryBuilder sampled = QueryBuilders.idsQuery().addIds(sampledIds.get(id).toArray(String[]::new));
            source.aggregation(AggregationBuilders.filter(bucket(id), sampled).subAggregation(significantText(runDocuments)));
        }
        return source;
    }

    private SignificantTextAggregationBuilder significantText(QueryBuilder runDocuments) {
        SignificantTextAggregationBuilder significant = AggregationBuilders.significantText("words", fields.wordsField())
            .filterDuplicateText(true)
            .backgroundFilter(runDocuments)
            .significanceHeuristic(heuristic(options.heuristic()))
            .size(options.size());
        if (fields.wordsField().equals(fields.text()) == false) {
            significant.sourceFieldNames(List.of(fields.text()));
        }
        return significant;
    }

    private static TopWords words(Filter cluster) {
        SignificantTerms terms = cluster.getAggregations().get("words");
        List<TopWords.Word> words = new ArrayList<>();
        for (SignificantTerms.Bucket w : terms.getBuckets()) {
            words.add(new TopWords.Word(w.getKeyAsString(), w.getSignificanceScore(), w.getSubsetDf(), w.getSupersetDf()));
        }
        return new TopWords(words, cluster.getDocCount());
    }

    static SignificanceHeuristic heuristic(String name) {
        // The run's samples do contain each cluster, but the foreground counts come from a sample of the cluster with
        // duplicate text filtered out while the background counts do not, so the counts can break the "superset"
        // arithmetic these heuristics check (OpenSearch then fails the whole search): tell them it is not a superset.
        return switch (name) {
            case "jlh" -> new JLHScore();
            case "chi_square" -> new ChiSquare(false, false);
            case "mutual_information" -> new MutualInformation(false, false);
            case "gnd" -> new GND(false);
            default -> throw new IllegalStateException("[top_words.heuristic] must be one of " + RunParameters.HEURISTICS + ", got ["
                + name + "]");
        };
    }
}
