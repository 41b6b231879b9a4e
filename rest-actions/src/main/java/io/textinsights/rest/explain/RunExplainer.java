/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.explain;

import io.textinsights.rest.dataset.DataFields;
import io.textinsights.math.explain.Alerts;
import io.textinsights.math.explain.ClassificationMetrics;
import io.textinsights.math.explain.ClassificationMetrics.LabelPair;
import io.textinsights.math.explain.ClusterLabels;
import io.textinsights.rest.run.spec.RunParameters;

import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.aggregations.AggregationBuilders;
import org.opensearch.search.aggregations.bucket.composite.CompositeAggregation;
import org.opensearch.search.aggregations.bucket.composite.CompositeAggregationBuilder;
import org.opensearch.search.aggregations.bucket.composite.CompositeValuesSourceBuilder;
import org.opensearch.search.aggregations.bucket.composite.TermsValuesSourceBuilder;
import org.opensearch.search.aggregations.bucket.histogram.Histogram;
import org.opensearch.search.aggregations.bucket.filter.Filters;
import org.opensearch.search.aggregations.bucket.filter.FiltersAggregator;
import org.opensearch.search.aggregations.bucket.terms.SignificantTerms;
import org.opensearch.search.aggregations.bucket.terms.SignificantTextAggregationBuilder;
import org.opensearch.search.aggregations.bucket.terms.Terms;
import org.opensearch.search.aggregations.bucket.terms.heuristic.ChiSquare;
import org.opensearch.search.aggregations.bucket.terms.heuristic.GND;
import org.opensearch.search.aggregations.bucket.terms.heuristic.JLHScore;
import org.opensearch.search.aggregations.bucket.terms.heuristic.MutualInformation;
import org.opensearch.search.aggregations.bucket.terms.heuristic.SignificanceHeuristic;
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
 * over the cluster ids the run wrote into the samples, so the numbers are the ones a plain {@code _search} (and
 * Dashboards) would show. Top words come from {@code significant_text} (foreground: the cluster's sampled documents,
 * background: the run), found before the write-back so that one write pass also labels every sample;
 * counts, DEP statistics and the label x prediction table from terms, stats, percentiles and a composite aggregation;
 * F1 and alerts are arithmetic on those counts ({@link ClassificationMetrics}, {@link Alerts}).
 */
public final class RunExplainer {

    public static final double[] DEP_PERCENTILES = { 5, 25, 50, 75, 95 };
    public static final double DEP_HISTOGRAM_INTERVAL = 0.05;
    static final int TOP_PAIRS = 5;
    static final int RUN_TOP_PAIRS = 10;
    /** Clusters per significant_text request: bounds buckets and memory whatever k is. */
    static final int WORDS_BATCH = 50;
    static final int COMPOSITE_PAGE = 1_000;

    /** Per-cluster results, the run's metrics and alerts, and what had to be left out. */
    public record Explanation(Map<Integer, Map<String, Object>> clusters, Map<String, Object> metrics, List<Map<String, Object>> alerts) {}

    private final Client client;
    private final String index;
    private final String runId;
    private final DataFields fields;
    private final RunParameters.TopWords topWords;

    public RunExplainer(Client client, String index, String runId, DataFields fields, RunParameters.TopWords topWords) {
        this.client = client;
        this.index = index;
        this.runId = runId;
        this.fields = fields;
        this.topWords = topWords;
    }

    /** The query selecting the run's samples (optionally of one cluster). */
    public static Map<String, Object> runQuery(String runId, Integer clusterId, String labelField, String label, String predictionField,
        String prediction) {
        List<Object> filters = new ArrayList<>();
        filters.add(Map.of("term", Map.of("text_insights.run_id", runId)));
        if (clusterId != null) {
            filters.add(Map.of("term", Map.of("text_insights.cluster_id", clusterId)));
        }
        if (label != null && labelField != null) {
            filters.add(Map.of("term", Map.of(labelField, label)));
        }
        if (prediction != null && predictionField != null) {
            filters.add(Map.of("term", Map.of(predictionField, prediction)));
        }
        return Map.of("bool", Map.of("filter", filters));
    }

    private QueryBuilder runFilter() {
        return QueryBuilders.termQuery("text_insights.run_id", runId);
    }

    /**
     * @param clusterIds every cluster of the run, -1 (noise) included when it has documents
     * @param topWords   what {@link #topWords} found before the write-back, by cluster id
     */
    public Explanation explain(List<Integer> clusterIds, Map<Integer, Map<String, Object>> topWords) {
        Map<Integer, Map<String, Object>> clusters = new TreeMap<>();
        for (int id : clusterIds) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("noise", id < 0);
            clusters.put(id, c);
        }
        Map<String, Object> metrics = new LinkedHashMap<>();

        // 1. Sizes and DEP per cluster, and the DEP distribution of the run.
        SearchSourceBuilder stats = new SearchSourceBuilder().size(0).trackTotalHits(true).query(runFilter());
        var perCluster = AggregationBuilders.terms("clusters").field("text_insights.cluster_id").size(Math.max(clusterIds.size(), 1));
        if (fields.dep() != null) {
            perCluster.subAggregation(AggregationBuilders.stats("dep").field(fields.dep()));
            perCluster.subAggregation(AggregationBuilders.percentiles("dep_percentiles").field(fields.dep()).percentiles(DEP_PERCENTILES));
            stats.aggregation(AggregationBuilders.extendedStats("dep").field(fields.dep()));
            stats.aggregation(AggregationBuilders.percentiles("dep_percentiles").field(fields.dep()).percentiles(DEP_PERCENTILES));
            stats.aggregation(AggregationBuilders.histogram("dep_histogram").field(fields.dep()).interval(DEP_HISTOGRAM_INTERVAL)
                .minDocCount(0).extendedBounds(0, 1 - DEP_HISTOGRAM_INTERVAL / 2));
        }
        stats.aggregation(perCluster);
        SearchResponse response = client.search(new SearchRequest(index).source(stats)).actionGet();
        long docCount = response.getHits().getTotalHits().value();
        metrics.put("doc_count", docCount);
        Terms terms = response.getAggregations().get("clusters");
        for (Terms.Bucket bucket : terms.getBuckets()) {
            Map<String, Object> c = clusters.computeIfAbsent(bucket.getKeyAsNumber().intValue(), id -> new LinkedHashMap<>(Map.of("noise", id < 0)));
            c.put("size", bucket.getDocCount());
            if (fields.dep() != null) {
                Stats dep = bucket.getAggregations().get("dep");
                if (dep.getCount() > 0) {
                    c.put("avg_dep", dep.getAvg());
                    c.put("dep_percentiles", percentiles(bucket.getAggregations().get("dep_percentiles")));
                }
            }
        }
        Double runAvgDep = null;
        if (fields.dep() != null) {
            ExtendedStats dep = response.getAggregations().get("dep");
            if (dep.getCount() > 0) {
                runAvgDep = dep.getAvg();
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("count", dep.getCount());
                d.put("avg", dep.getAvg());
                d.put("std", dep.getStdDeviationPopulation());
                d.put("min", dep.getMin());
                d.put("max", dep.getMax());
                d.put("percentiles", percentiles(response.getAggregations().get("dep_percentiles")));
                List<Map<String, Object>> histogram = new ArrayList<>();
                Histogram h = response.getAggregations().get("dep_histogram");
                for (Histogram.Bucket b : h.getBuckets()) {
                    double from = ((Number) b.getKey()).doubleValue();
                    histogram.add(Map.of("from", round(from), "to", round(from + DEP_HISTOGRAM_INTERVAL), "count", b.getDocCount()));
                }
                d.put("histogram", histogram);
                metrics.put("dep", d);
            }
        }

        // 2. Gold label x prediction per cluster, exact for any number of classes (composite pages).
        Map<Integer, List<LabelPair>> pairs = new TreeMap<>();
        if (fields.label() != null) {
            pairs = labelPairs();
        }
        List<LabelPair> all = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, Object>> e : clusters.entrySet()) {
            List<LabelPair> p = pairs.getOrDefault(e.getKey(), List.of());
            all.addAll(p);
            if (fields.label() == null) {
                continue;
            }
            ClassificationMetrics.Result r = ClassificationMetrics.of(p, TOP_PAIRS);
            e.getValue().put("label_counts", r.labelCounts());
            if (r.scored() > 0) {
                e.getValue().put("f1", r.macroF1());
                e.getValue().put("f1_weighted", r.weightedF1());
                e.getValue().put("accuracy", r.accuracy());
                e.getValue().put("top_misclassified", pairsToMaps(r.topMisclassified()));
            }
        }
        ClassificationMetrics.Result runMetrics = null;
        if (fields.label() != null) {
            runMetrics = ClassificationMetrics.of(ClassificationMetrics.merge(all), RUN_TOP_PAIRS);
            metrics.put("labelled", runMetrics.labelled());
            metrics.put("label_counts", runMetrics.labelCounts());
            if (runMetrics.scored() > 0) {
                metrics.put("scored", runMetrics.scored());
                metrics.put("accuracy", runMetrics.accuracy());
                metrics.put("macro_f1", runMetrics.macroF1());
                metrics.put("weighted_f1", runMetrics.weightedF1());
                List<Map<String, Object>> classes = new ArrayList<>();
                for (ClassificationMetrics.ClassScore s : runMetrics.classes()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("class", s.name());
                    m.put("precision", s.precision());
                    m.put("recall", s.recall());
                    m.put("f1", s.f1());
                    m.put("support", s.support());
                    m.put("predicted", s.predicted());
                    classes.add(m);
                }
                metrics.put("classes", classes);
                metrics.put("top_misclassified", pairsToMaps(runMetrics.topMisclassified()));
            }
        }

        // 3. Top words (found from the sample before the write-back) and the label they make.
        for (Map.Entry<Integer, Map<String, Object>> e : clusters.entrySet()) {
            Map<String, Object> words = topWords.get(e.getKey());
            if (words != null) {
                e.getValue().putAll(words);
            }
            e.getValue().put("label", label(e.getKey(), words));
        }

        // 4. What is left out, and why; then the alerts.
        Map<String, String> omitted = new LinkedHashMap<>(fields.omitted());
        if (fields.label() != null && runMetrics != null && runMetrics.labelled() == 0) {
            omitted.put("label_counts", "no document of the run has a value in the label field [" + fields.label() + "]");
        }
        if (fields.prediction() != null && runMetrics != null && runMetrics.labelled() > 0 && runMetrics.scored() == 0) {
            omitted.put("f1", "no document of the run has both a label and a value in the prediction field [" + fields.prediction()
                + "]: log the model's predictions to get F1 and accuracy");
        }
        if (fields.dep() != null && runAvgDep == null) {
            omitted.put("avg_dep", "no document of the run has a [dep] value: index samples with per-epoch probabilities through the"
                + " dataset pipeline (text_insights_dep) to get DEP");
        }
        metrics.put("omitted", omitted);
        for (Map<String, Object> c : clusters.values()) {
            Map<String, String> clusterOmitted = new LinkedHashMap<>();
            for (String key : List.of("avg_dep", "f1", "label_counts", "top_words")) {
                String reason = omitted.get(key);
                if (reason != null) {
                    clusterOmitted.put(key, reason);
                } else if (key.equals("f1") && c.containsKey("f1") == false && fields.label() != null && (Long) c.getOrDefault("size", 0L) > 0) {
                    clusterOmitted.put(key, "no sample of this cluster has both a label and a prediction");
                }
            }
            if (clusterOmitted.isEmpty() == false) {
                c.put("omitted", clusterOmitted);
            }
        }

        List<Alerts.ClusterFacts> facts = new ArrayList<>();
        clusters.forEach((id, c) -> facts.add(new Alerts.ClusterFacts(
            id,
            (String) c.get("label"),
            (Long) c.getOrDefault("size", 0L),
            (Double) c.get("avg_dep"),
            (Double) c.get("f1")
        )));
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (Alerts.Alert a : Alerts.find(facts, runAvgDep, runMetrics == null || runMetrics.scored() == 0 ? null : runMetrics)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", a.type());
            m.put("message", a.message());
            m.put("cluster_id", a.clusterId());
            m.put("class", a.label());
            m.put("prediction", a.prediction());
            m.put("values", a.values());
            m.put("query", runQuery(runId, a.clusterId(), fields.label(), a.label(), fields.prediction(), a.prediction()));
            alerts.add(m);
        }
        return new Explanation(clusters, metrics, alerts);
    }

    private Map<Integer, List<LabelPair>> labelPairs() {
        List<CompositeValuesSourceBuilder<?>> sources = new ArrayList<>();
        sources.add(new TermsValuesSourceBuilder("cluster").field("text_insights.cluster_id"));
        sources.add(new TermsValuesSourceBuilder("label").field(fields.label()).missingBucket(true));
        if (fields.prediction() != null) {
            sources.add(new TermsValuesSourceBuilder("prediction").field(fields.prediction()).missingBucket(true));
        }
        Map<Integer, List<LabelPair>> pairs = new TreeMap<>();
        Map<String, Object> after = null;
        do {
            CompositeAggregationBuilder composite = new CompositeAggregationBuilder("pairs", sources).size(COMPOSITE_PAGE);
            if (after != null) {
                composite.aggregateAfter(after);
            }
            SearchResponse r = client.search(new SearchRequest(index).source(new SearchSourceBuilder().size(0).query(runFilter())
                .aggregation(composite))).actionGet();
            CompositeAggregation page = r.getAggregations().get("pairs");
            for (CompositeAggregation.Bucket b : page.getBuckets()) {
                int cluster = ((Number) b.getKey().get("cluster")).intValue();
                Object label = b.getKey().get("label");
                Object prediction = b.getKey().get("prediction");
                pairs.computeIfAbsent(cluster, c -> new ArrayList<>()).add(new LabelPair(
                    label == null ? null : label.toString(),
                    prediction == null ? null : prediction.toString(),
                    b.getDocCount()
                ));
            }
            after = page.getBuckets().isEmpty() ? null : page.afterKey();
        } while (after != null);
        return pairs;
    }

    @SuppressWarnings("unchecked")
    public static String label(int clusterId, Map<String, Object> topWords) {
        return ClusterLabels.fromTopWords(clusterId, topWords == null ? List.of() : (List<String>) topWords.getOrDefault("words", List.of()));
    }

    /**
     * Top words of each cluster: a significant_text aggregation whose foreground is the cluster's sampled documents
     * (an ids filter each) and whose background is every document of the run ({@code runDocuments}, i.e.
     * {@link RunParameters#documentsQuery()}). Runs before the
     * write-back, so that the one write pass can also write each sample's label; the sample is a uniform one (by a
     * seeded hash of the id), which is what significant terms would sample anyway on a large cluster.
     *
     * @return per cluster id: top_words (word, score, doc_count in the cluster's sample, bg_count in the run), words,
     *         top_words_sample_size
     */
    public Map<Integer, Map<String, Object>> topWords(Map<Integer, List<String>> sampledIds, QueryBuilder runDocuments) {
        Map<Integer, Map<String, Object>> result = new TreeMap<>();
        if (fields.wordsField() == null) {
            return result;
        }
        List<Integer> ids = new ArrayList<>(sampledIds.keySet());
        for (int from = 0; from < ids.size(); from += WORDS_BATCH) {
            List<Integer> batch = ids.subList(from, Math.min(ids.size(), from + WORDS_BATCH));
            List<FiltersAggregator.KeyedFilter> filters = new ArrayList<>();
            for (int id : batch) {
                filters.add(new FiltersAggregator.KeyedFilter(
                    String.valueOf(id),
                    QueryBuilders.idsQuery().addIds(sampledIds.get(id).toArray(String[]::new))
                ));
            }
            SignificantTextAggregationBuilder significant = AggregationBuilders.significantText("words", fields.wordsField())
                .filterDuplicateText(true)
                .backgroundFilter(runDocuments)
                .significanceHeuristic(heuristic(topWords.heuristic()))
                .size(topWords.size());
            if (fields.wordsField().equals(fields.text()) == false) {
                significant.sourceFieldNames(List.of(fields.text()));
            }
            SearchSourceBuilder source = new SearchSourceBuilder().size(0)
                .query(runDocuments)
                .aggregation(AggregationBuilders.filters("clusters", filters.toArray(FiltersAggregator.KeyedFilter[]::new))
                    .subAggregation(significant));
            SearchResponse r = client.search(new SearchRequest(index).source(source)).actionGet();
            Filters clusters = r.getAggregations().get("clusters");
            for (Filters.Bucket bucket : clusters.getBuckets()) {
                SignificantTerms words = bucket.getAggregations().get("words");
                List<Map<String, Object>> top = new ArrayList<>();
                List<String> plain = new ArrayList<>();
                for (SignificantTerms.Bucket w : words.getBuckets()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("word", w.getKeyAsString());
                    m.put("score", w.getSignificanceScore());
                    m.put("doc_count", w.getSubsetDf());
                    m.put("bg_count", w.getSupersetDf());
                    top.add(m);
                    plain.add(w.getKeyAsString());
                }
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("top_words", top);
                c.put("words", plain);
                c.put("top_words_sample_size", bucket.getDocCount());
                result.put(Integer.parseInt(bucket.getKeyAsString()), c);
            }
        }
        return result;
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
            default -> throw new IllegalArgumentException("[top_words.heuristic] must be one of " + RunParameters.HEURISTICS + ", got ["
                + name + "]");
        };
    }

    private static Map<String, Object> percentiles(Percentiles percentiles) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (double p : DEP_PERCENTILES) {
            map.put(String.valueOf(p), percentiles.percentile(p));
        }
        return map;
    }

    private static List<Map<String, Object>> pairsToMaps(List<LabelPair> pairs) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (LabelPair p : pairs) {
            list.add(Map.of("label", p.label(), "prediction", p.prediction(), "count", p.count()));
        }
        return list;
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
