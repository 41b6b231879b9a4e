/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.explain;

import io.textinsights.math.explain.Alerts;
import io.textinsights.math.explain.ClassificationMetrics.LabelPair;
import io.textinsights.math.explain.ClassificationMetrics;
import io.textinsights.math.explain.ClusterLabels;
import io.textinsights.rest.store.ResultsLocation;

import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.search.aggregations.AggregationBuilders;
import org.opensearch.search.aggregations.bucket.composite.CompositeAggregation;
import org.opensearch.search.aggregations.bucket.composite.CompositeAggregationBuilder;
import org.opensearch.search.aggregations.bucket.composite.CompositeValuesSourceBuilder;
import org.opensearch.search.aggregations.bucket.composite.TermsValuesSourceBuilder;
import org.opensearch.search.aggregations.bucket.histogram.Histogram;
import org.opensearch.search.aggregations.bucket.terms.Terms;
import org.opensearch.search.aggregations.metrics.ExtendedStats;
import org.opensearch.search.aggregations.metrics.Percentiles;
import org.opensearch.search.aggregations.metrics.Stats;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The explanation phase of a run: everything a person needs to judge each cluster, computed by OpenSearch aggregations
 * over the run's per-sample results ({@link ResultsLocation}: its results index, or the dataset for an in-place run),
 * so the numbers are the ones a plain {@code _search} (and Dashboards) would show. Counts and DEP statistics come from
 * terms, stats and percentiles aggregations, the label x prediction table from a composite aggregation; F1 and alerts
 * are arithmetic on those counts ({@link ClassificationMetrics}, {@link Alerts}). Top words were found before the
 * results were written ({@link TopWordsFinder}).
 */
public final class RunExplainer {

    public static final double[] DEP_PERCENTILES = { 5, 25, 50, 75, 95 };
    public static final double DEP_HISTOGRAM_INTERVAL = 0.05;
    static final int TOP_PAIRS = 5;
    static final int RUN_TOP_PAIRS = 10;
    static final int COMPOSITE_PAGE = 1_000;

    /**
     * Which fields the results have, as the dataset allowed at run time, and why the others are missing.
     *
     * @param omitted reasons by metric (label_counts, f1, avg_dep, top_words), from the dataset's mapping
     */
    public record Inputs(boolean label, boolean prediction, boolean dep, Map<String, String> omitted) {}

    /** Sizes and DEP per cluster, and the run's DEP distribution. */
    private record ClusterStats(long docCount, Map<Integer, Long> sizes, Map<Integer, Stats> dep, Map<Integer, Map<String, Double>> percentiles,
        Explanation.DepSummary runDep) {}

    private final Client client;
    private final ResultsLocation results;
    private final Inputs inputs;

    public RunExplainer(Client client, ResultsLocation results, Inputs inputs) {
        this.client = client;
        this.results = results;
        this.inputs = inputs;
    }

    private String labelField() {
        return inputs.label() ? results.fields().label() : null;
    }

    private String predictionField() {
        return inputs.prediction() ? results.fields().prediction() : null;
    }

    private String depField() {
        return inputs.dep() ? results.fields().dep() : null;
    }

    /**
     * @param clusterIds every cluster of the run, -1 (noise) included when it has documents
     * @param topWords   what {@link TopWordsFinder} found, by cluster id
     */
    public Explanation explain(List<Integer> clusterIds, Map<Integer, TopWords> topWords) {
        ClusterStats stats = clusterStats(clusterIds.size());
        Map<Integer, List<LabelPair>> pairs = labelField() == null ? Map.of() : labelPairs();
        ClassificationMetrics.Result run = labelField() == null ? null
            : ClassificationMetrics.of(ClassificationMetrics.merge(pairs.values().stream().flatMap(List::stream).toList()), RUN_TOP_PAIRS);
        Map<String, String> omitted = runOmissions(run, stats.runDep());

        Map<Integer, Explanation.Cluster> clusters = new TreeMap<>();
        List<Integer> ids = new ArrayList<>(clusterIds);
        stats.sizes().keySet().stream().filter(id -> ids.contains(id) == false).forEach(ids::add);
        for (int id : ids) {
            clusters.put(id, cluster(id, stats, pairs.getOrDefault(id, List.of()), topWords.get(id), omitted));
        }
        Explanation.RunMetrics metrics = new Explanation.RunMetrics(stats.docCount(), run, stats.runDep(), omitted);
        return new Explanation(clusters, metrics, alerts(clusters, stats.runDep(), run));
    }

    /** 1. Sizes and DEP per cluster, and the DEP distribution of the run: one search. */
    private ClusterStats clusterStats(int clusterCount) {
        SearchSourceBuilder source = new SearchSourceBuilder().size(0).trackTotalHits(true).query(results.runFilter());
        var perCluster = AggregationBuilders.terms("clusters").field(results.fields().clusterId()).size(Math.max(clusterCount, 1));
        String dep = depField();
        if (dep != null) {
            perCluster.subAggregation(AggregationBuilders.stats("dep").field(dep));
            perCluster.subAggregation(AggregationBuilders.percentiles("dep_percentiles").field(dep).percentiles(DEP_PERCENTILES));
            source.aggregation(AggregationBuilders.extendedStats("dep").field(dep));
            source.aggregation(AggregationBuilders.percentiles("dep_percentiles").field(dep).percentiles(DEP_PERCENTILES));
            source.aggregation(AggregationBuilders.histogram("dep_histogram").field(dep).interval(DEP_HISTOGRAM_INTERVAL).minDocCount(0)
                .extendedBounds(0, 1 - DEP_HISTOGRAM_INTERVAL / 2));
        }
        source.aggregation(perCluster);
        SearchResponse response = client.search(new SearchRequest(results.index()).source(source).allowPartialSearchResults(false)).actionGet();
        Map<Integer, Long> sizes = new TreeMap<>();
        Map<Integer, Stats> depStats = new TreeMap<>();
        Map<Integer, Map<String, Double>> percentiles = new TreeMap<>();
        Terms terms = response.getAggregations().get("clusters");
        for (Terms.Bucket bucket : terms.getBuckets()) {
            int id = bucket.getKeyAsNumber().intValue();
            sizes.put(id, bucket.getDocCount());
            if (dep != null && ((Stats) bucket.getAggregations().get("dep")).getCount() > 0) {
                depStats.put(id, bucket.getAggregations().get("dep"));
                percentiles.put(id, percentiles(bucket.getAggregations().get("dep_percentiles")));
            }
        }
        return new ClusterStats(response.getHits().getTotalHits().value(), sizes, depStats, percentiles, dep == null ? null : runDep(response));
    }

    private static Explanation.DepSummary runDep(SearchResponse response) {
        ExtendedStats dep = response.getAggregations().get("dep");
        if (dep.getCount() == 0) {
            return null;
        }
        List<Explanation.Bin> bins = new ArrayList<>();
        Histogram h = response.getAggregations().get("dep_histogram");
        for (Histogram.Bucket b : h.getBuckets()) {
            double from = ((Number) b.getKey()).doubleValue();
            bins.add(new Explanation.Bin(round(from), round(from + DEP_HISTOGRAM_INTERVAL), b.getDocCount()));
        }
        return new Explanation.DepSummary(dep.getCount(), dep.getAvg(), dep.getStdDeviationPopulation(), dep.getMin(), dep.getMax(),
            percentiles(response.getAggregations().get("dep_percentiles")), bins);
    }

    /** 2. Gold label x prediction per cluster, exact for any number of classes (composite pages). */
    private Map<Integer, List<LabelPair>> labelPairs() {
        List<CompositeValuesSourceBuilder<?>> sources = new ArrayList<>();
        sources.add(new TermsValuesSourceBuilder("cluster").field(results.fields().clusterId()));
        sources.add(new TermsValuesSourceBuilder("label").field(labelField()).missingBucket(true));
        if (predictionField() != null) {
            sources.add(new TermsValuesSourceBuilder("prediction").field(predictionField()).missingBucket(true));
        }
        Map<Integer, List<LabelPair>> pairs = new TreeMap<>();
        Map<String, Object> after = null;
        do {
            CompositeAggregationBuilder composite = new CompositeAggregationBuilder("pairs", sources).size(COMPOSITE_PAGE);
            if (after != null) {
                composite.aggregateAfter(after);
            }
            SearchSourceBuilder source = new SearchSourceBuilder().size(0).query(results.runFilter()).aggregation(composite);
            CompositeAggregation page = client.search(new SearchRequest(results.index()).source(source).allowPartialSearchResults(false)).actionGet().getAggregations().get("pairs");
            for (CompositeAggregation.Bucket b : page.getBuckets()) {
                Object label = b.getKey().get("label");
                Object prediction = b.getKey().get("prediction");
                pairs.computeIfAbsent(((Number) b.getKey().get("cluster")).intValue(), c -> new ArrayList<>()).add(new LabelPair(
                    label == null ? null : label.toString(),
                    prediction == null ? null : prediction.toString(),
                    b.getDocCount()
                ));
            }
            after = page.getBuckets().isEmpty() ? null : page.afterKey();
        } while (after != null);
        return pairs;
    }

    /** 3. What the run as a whole leaves out, and why (the dataset's reasons, and what the documents turned out to lack). */
    private Map<String, String> runOmissions(ClassificationMetrics.Result run, Explanation.DepSummary dep) {
        Map<String, String> omitted = new LinkedHashMap<>(inputs.omitted());
        if (run != null && run.labelled() == 0) {
            omitted.put("label_counts", "no document of the run has a value in its label field");
        }
        if (predictionField() != null && run != null && run.labelled() > 0 && run.scored() == 0) {
            omitted.put("f1", "no document of the run has both a label and a prediction: log the model's predictions to get F1 and"
                + " accuracy");
        }
        if (depField() != null && dep == null) {
            omitted.put("avg_dep", "no document of the run has a [dep] value: index samples with per-epoch probabilities through the"
                + " dataset pipeline (text_insights_dep) to get DEP");
        }
        return omitted;
    }

    /** 4. One cluster's card. */
    private Explanation.Cluster cluster(int id, ClusterStats stats, List<LabelPair> pairs, TopWords words, Map<String, String> runOmitted) {
        long size = stats.sizes().getOrDefault(id, 0L);
        Stats dep = stats.dep().get(id);
        ClassificationMetrics.Result classification = labelField() == null ? null : ClassificationMetrics.of(pairs, TOP_PAIRS);
        Map<String, String> omitted = new LinkedHashMap<>();
        for (String key : List.of("avg_dep", "f1", "label_counts", "top_words")) {
            String reason = runOmitted.get(key);
            if (reason != null) {
                omitted.put(key, reason);
            } else if (key.equals("f1") && classification != null && classification.scored() == 0 && size > 0) {
                omitted.put(key, "no sample of this cluster has both a label and a prediction");
            }
        }
        String label = ClusterLabels.fromTopWords(id, words == null ? List.of() : words.plain());
        return new Explanation.Cluster(id, size, dep == null ? null : dep.getAvg(), stats.percentiles().get(id), classification, words, label,
            omitted);
    }

    /** 5. Alerts, each with a query that selects its samples in the results. */
    private List<Explanation.Alert> alerts(Map<Integer, Explanation.Cluster> clusters, Explanation.DepSummary dep, ClassificationMetrics.Result run) {
        List<Alerts.ClusterFacts> facts = new ArrayList<>();
        clusters.forEach((id, c) -> facts.add(new Alerts.ClusterFacts(id, c.label(), c.size(), c.avgDep(), c.f1())));
        List<Explanation.Alert> alerts = new ArrayList<>();
        for (Alerts.Alert a : Alerts.find(facts, dep == null ? null : dep.avg(), run == null || run.scored() == 0 ? null : run)) {
            alerts.add(new Explanation.Alert(a.type(), a.message(), a.clusterId(), a.label(), a.prediction(), a.values(), results.index(),
                results.query(a.clusterId(), labelField() == null ? null : a.label(), predictionField() == null ? null : a.prediction())));
        }
        return alerts;
    }

    private static Map<String, Double> percentiles(Percentiles percentiles) {
        Map<String, Double> map = new LinkedHashMap<>();
        for (double p : DEP_PERCENTILES) {
            map.put(String.valueOf(p), percentiles.percentile(p));
        }
        return map;
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
