/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.math.explain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Problem areas of a run, each with the numbers behind it and what selects its samples: clusters whose average DEP
 * stands out, clusters and classes where the model does badly, class imbalance and the most frequent confusion.
 *
 * <p>"Stands out" is measured against the spread of the clusters (or classes) themselves: a cluster average moves far
 * less than a single sample's DEP, so comparing it with the per-sample standard deviation would almost never fire.
 */
public final class Alerts {

    public static final String HIGH_DEP_CLUSTER = "high_dep_cluster";
    public static final String LOW_F1_CLUSTER = "low_f1_cluster";
    public static final String LOW_F1_CLASS = "low_f1_class";
    public static final String CLASS_IMBALANCE = "class_imbalance";
    public static final String TOP_MISCLASSIFIED_PAIR = "top_misclassified_pair";

    /** Largest class at least this many times the smallest is called imbalanced. */
    public static final double IMBALANCE_RATIO = 3.0;

    /** What the run knows about one cluster; {@code avgDep} and {@code f1} may be null (not computable). */
    public record ClusterFacts(int clusterId, String label, long size, Double avgDep, Double f1) {}

    /**
     * One alert. The selector ({@code clusterId}, {@code label}, {@code prediction}; null where not used) says which
     * samples it is about; the caller turns it into a query.
     */
    public record Alert(String type, String message, Integer clusterId, String label, String prediction, Map<String, Object> values) {}

    private Alerts() {}

    /**
     * @param clusters   clusters of the run; noise (id -1) is never alerted on
     * @param runAvgDep  mean DEP over the run's samples, or null
     * @param metrics    the run's classification metrics, or null when there are no predictions
     */
    public static List<Alert> find(List<ClusterFacts> clusters, Double runAvgDep, ClassificationMetrics.Result metrics) {
        List<Alert> alerts = new ArrayList<>();
        List<ClusterFacts> real = clusters.stream().filter(c -> c.clusterId() >= 0 && c.size() > 0).toList();

        List<ClusterFacts> withDep = real.stream().filter(c -> c.avgDep() != null).toList();
        if (runAvgDep != null && withDep.size() >= 2) {
            double sd = std(withDep.stream().mapToDouble(ClusterFacts::avgDep).toArray());
            double threshold = runAvgDep + sd;
            withDep.stream()
                .filter(c -> sd > 0 && c.avgDep() > threshold)
                .sorted(Comparator.comparingDouble((ClusterFacts c) -> c.avgDep()).reversed())
                .forEach(c -> alerts.add(new Alert(
                    HIGH_DEP_CLUSTER,
                    String.format(Locale.ROOT, "Cluster %d (%s) has an average DEP of %.3f, above the run's %.3f by more than one "
                        + "standard deviation of the cluster averages (%.3f): many of its %d samples may be mislabeled or hard",
                        c.clusterId(), c.label(), c.avgDep(), runAvgDep, sd, c.size()),
                    c.clusterId(), null, null,
                    values("avg_dep", c.avgDep(), "run_avg_dep", runAvgDep, "std", sd, "threshold", threshold, "size", c.size())
                )));
        }

        List<ClusterFacts> withF1 = real.stream().filter(c -> c.f1() != null).toList();
        if (withF1.size() >= 2) {
            double[] f1s = withF1.stream().mapToDouble(ClusterFacts::f1).toArray();
            double mean = mean(f1s);
            double sd = std(f1s);
            double threshold = mean - sd;
            withF1.stream()
                .filter(c -> sd > 0 && c.f1() < threshold)
                .sorted(Comparator.comparingDouble(ClusterFacts::f1))
                .forEach(c -> alerts.add(new Alert(
                    LOW_F1_CLUSTER,
                    String.format(Locale.ROOT, "Cluster %d (%s) has an F1 of %.3f, more than one standard deviation (%.3f) below the "
                        + "clusters' mean of %.3f", c.clusterId(), c.label(), c.f1(), sd, mean),
                    c.clusterId(), null, null,
                    values("f1", c.f1(), "mean_f1", mean, "std", sd, "threshold", threshold, "size", c.size())
                )));
        }

        if (metrics != null && metrics.scored() > 0) {
            List<ClassificationMetrics.ClassScore> classes = metrics.classes().stream().filter(c -> c.support() > 0).toList();
            if (classes.size() >= 2) {
                double[] f1s = classes.stream().mapToDouble(ClassificationMetrics.ClassScore::f1).toArray();
                double mean = mean(f1s);
                double sd = std(f1s);
                double threshold = mean - sd;
                classes.stream()
                    .filter(c -> sd > 0 && c.f1() < threshold)
                    .sorted(Comparator.comparingDouble(ClassificationMetrics.ClassScore::f1))
                    .forEach(c -> alerts.add(new Alert(
                        LOW_F1_CLASS,
                        String.format(Locale.ROOT, "Class %s has an F1 of %.3f (precision %.3f, recall %.3f), more than one standard "
                            + "deviation (%.3f) below the classes' mean of %.3f", c.name(), c.f1(), c.precision(), c.recall(), sd, mean),
                        null, c.name(), null,
                        values("f1", c.f1(), "precision", c.precision(), "recall", c.recall(), "mean_f1", mean, "std", sd,
                            "support", c.support())
                    )));
            }
        }

        if (metrics != null && metrics.labelCounts().size() >= 2) {
            Map.Entry<String, Long> smallest = null;
            Map.Entry<String, Long> largest = null;
            for (Map.Entry<String, Long> e : metrics.labelCounts().entrySet()) {
                if (smallest == null || e.getValue() < smallest.getValue()) {
                    smallest = e;
                }
                if (largest == null || e.getValue() > largest.getValue()) {
                    largest = e;
                }
            }
            double ratio = smallest.getValue() == 0 ? Double.POSITIVE_INFINITY : (double) largest.getValue() / smallest.getValue();
            if (ratio >= IMBALANCE_RATIO) {
                alerts.add(new Alert(
                    CLASS_IMBALANCE,
                    String.format(Locale.ROOT, "Classes are imbalanced: %s has %d samples, %.1f times the %d of %s", largest.getKey(),
                        largest.getValue(), ratio, smallest.getValue(), smallest.getKey()),
                    null, smallest.getKey(), null,
                    values("largest_class", largest.getKey(), "largest_count", largest.getValue(), "smallest_class", smallest.getKey(),
                        "smallest_count", smallest.getValue(), "ratio", ratio)
                ));
            }
        }

        if (metrics != null && metrics.topMisclassified().isEmpty() == false) {
            ClassificationMetrics.LabelPair top = metrics.topMisclassified().get(0);
            long support = metrics.classes().stream().filter(c -> c.name().equals(top.label())).mapToLong(ClassificationMetrics.ClassScore::support)
                .findFirst().orElse(0);
            double share = support == 0 ? 0 : (double) top.count() / support;
            alerts.add(new Alert(
                TOP_MISCLASSIFIED_PAIR,
                String.format(Locale.ROOT, "The most frequent confusion: %d samples labeled %s were predicted as %s (%.1f%% of %s)",
                    top.count(), top.label(), top.prediction(), 100 * share, top.label()),
                null, top.label(), top.prediction(),
                values("count", top.count(), "share_of_label", share)
            ));
        }
        return alerts;
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** Population standard deviation. */
    static double std(double[] values) {
        double mean = mean(values);
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return Math.sqrt(sum / values.length);
    }

    private static Map<String, Object> values(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
