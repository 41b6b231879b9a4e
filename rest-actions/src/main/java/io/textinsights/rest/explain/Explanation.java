/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.explain;

import io.textinsights.math.explain.ClassificationMetrics.LabelPair;
import io.textinsights.math.explain.ClassificationMetrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the explanation phase found: per cluster, for the run, and the alerts. Typed here; {@code toMap} gives the shape
 * stored in cluster and run documents and shown by the endpoints.
 */
public record Explanation(Map<Integer, Cluster> clusters, RunMetrics metrics, List<Alert> alerts) {

    /** One bin of the DEP histogram: [from, to). */
    public record Bin(double from, double to, long count) {}

    /** DEP over a set of samples. */
    public record DepSummary(long count, double avg, double std, double min, double max, Map<String, Double> percentiles, List<Bin> histogram) {
        Map<String, Object> toMap() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("count", count);
            d.put("avg", avg);
            d.put("std", std);
            d.put("min", min);
            d.put("max", max);
            d.put("percentiles", percentiles);
            List<Map<String, Object>> bins = new ArrayList<>();
            for (Bin b : histogram) {
                bins.add(Map.of("from", b.from(), "to", b.to(), "count", b.count()));
            }
            d.put("histogram", bins);
            return d;
        }
    }

    /**
     * One cluster (or the noise, id -1). Null parts are left out: the reason is in {@code omitted}.
     *
     * @param classification null when the dataset has no usable label field; its F1 and accuracy only when some
     *                       sample has both a label and a prediction
     */
    public record Cluster(
        int clusterId,
        long size,
        Double avgDep,
        Map<String, Double> depPercentiles,
        ClassificationMetrics.Result classification,
        TopWords words,
        String label,
        Map<String, String> omitted
    ) {
        public Double f1() {
            return classification == null || classification.scored() == 0 ? null : classification.macroF1();
        }

        public Map<String, Object> toMap() {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("noise", clusterId < 0);
            c.put("size", size);
            if (avgDep != null) {
                c.put("avg_dep", avgDep);
                c.put("dep_percentiles", depPercentiles);
            }
            if (classification != null) {
                c.put("label_counts", classification.labelCounts());
                if (classification.scored() > 0) {
                    c.put("f1", classification.macroF1());
                    c.put("f1_weighted", classification.weightedF1());
                    c.put("accuracy", classification.accuracy());
                    c.put("top_misclassified", pairs(classification.topMisclassified()));
                }
            }
            if (words != null) {
                c.putAll(words.toMap());
            }
            c.put("label", label);
            if (omitted.isEmpty() == false) {
                c.put("omitted", omitted);
            }
            return c;
        }
    }

    /**
     * The run as a whole.
     *
     * @param classification null without a usable label field
     * @param dep            null without DEP values
     */
    public record RunMetrics(long docCount, ClassificationMetrics.Result classification, DepSummary dep, Map<String, String> omitted) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("doc_count", docCount);
            if (dep != null) {
                m.put("dep", dep.toMap());
            }
            if (classification != null) {
                m.put("labelled", classification.labelled());
                m.put("label_counts", classification.labelCounts());
                if (classification.scored() > 0) {
                    m.put("scored", classification.scored());
                    m.put("accuracy", classification.accuracy());
                    m.put("macro_f1", classification.macroF1());
                    m.put("weighted_f1", classification.weightedF1());
                    List<Map<String, Object>> classes = new ArrayList<>();
                    for (ClassificationMetrics.ClassScore s : classification.classes()) {
                        Map<String, Object> cs = new LinkedHashMap<>();
                        cs.put("class", s.name());
                        cs.put("precision", s.precision());
                        cs.put("recall", s.recall());
                        cs.put("f1", s.f1());
                        cs.put("support", s.support());
                        cs.put("predicted", s.predicted());
                        classes.add(cs);
                    }
                    m.put("classes", classes);
                    m.put("top_misclassified", pairs(classification.topMisclassified()));
                }
            }
            m.put("omitted", omitted);
            return m;
        }
    }

    /**
     * @param index where {@code query} selects the alert's samples (the run's results index, or the dataset)
     * @param query a query to paste into {@code POST <index>/_search}
     */
    public record Alert(
        String type,
        String message,
        Integer clusterId,
        String label,
        String prediction,
        Map<String, Object> values,
        String index,
        Map<String, Object> query
    ) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", type);
            m.put("message", message);
            m.put("cluster_id", clusterId);
            m.put("class", label);
            m.put("prediction", prediction);
            m.put("values", values);
            m.put("index", index);
            m.put("query", query);
            return m;
        }
    }

    public List<Map<String, Object>> alertMaps() {
        return alerts.stream().map(Alert::toMap).toList();
    }

    static List<Map<String, Object>> pairs(List<LabelPair> pairs) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (LabelPair p : pairs) {
            list.add(Map.of("label", p.label(), "prediction", p.prediction(), "count", p.count()));
        }
        return list;
    }
}
