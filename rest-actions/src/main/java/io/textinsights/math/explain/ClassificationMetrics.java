/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.math.explain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Precision, recall and F1 per class, macro F1, accuracy and the most frequent confusions, from counts of
 * (gold label, prediction) pairs such as a composite aggregation returns. Pure arithmetic on counts, so the same numbers
 * come out whether the counts were taken from one shard or fifty.
 *
 * <p>Macro F1 averages over the gold classes present (support above zero), like scikit-learn's
 * {@code f1_score(y, p, labels=present, average="macro")}: a class that only appears as a wrong prediction lowers the
 * recall of the true class, but does not add a zero-support class with F1 0 to the average. Within one cluster this is
 * what a person means by "how well does the model do here".
 */
public final class ClassificationMetrics {

    /** How many samples have this gold label and this prediction; either may be null (not logged). */
    public record LabelPair(String label, String prediction, long count) {
        public LabelPair {
            if (count < 0) {
                throw new IllegalArgumentException("count must not be negative, got " + count);
            }
        }

        boolean scored() {
            return label != null && prediction != null;
        }
    }

    /**
     * @param support        samples whose gold label is this class (among samples with both a label and a prediction)
     * @param predicted      samples predicted as this class (same population)
     * @param truePositives  samples with this label predicted correctly
     */
    public record ClassScore(String name, long support, long predicted, long truePositives, double precision, double recall, double f1) {}

    /**
     * @param labelled         samples with a gold label
     * @param scored           samples with both a gold label and a prediction: the population of every score below
     * @param accuracy         correct / scored (NaN when nothing is scored)
     * @param macroF1          mean F1 over the classes with support (NaN when nothing is scored)
     * @param weightedF1       F1 averaged with each class weighted by its support: less moved by a few samples of a
     *                         minority class (NaN when nothing is scored)
     * @param classes          classes with support or predictions, by name
     * @param labelCounts      samples per gold label, over all labelled samples
     * @param topMisclassified (label, prediction) pairs with label != prediction, most frequent first, ties by names
     */
    public record Result(
        long labelled,
        long scored,
        double accuracy,
        double macroF1,
        double weightedF1,
        List<ClassScore> classes,
        Map<String, Long> labelCounts,
        List<LabelPair> topMisclassified
    ) {}

    private ClassificationMetrics() {}

    public static Result of(List<LabelPair> pairs, int topPairs) {
        Map<String, Long> labelCounts = new TreeMap<>();
        Map<String, long[]> perClass = new TreeMap<>(); // support, predicted, true positives
        Map<List<String>, Long> confusions = new TreeMap<>(Comparator.comparing((List<String> l) -> l.get(0)).thenComparing(l -> l.get(1)));
        long labelled = 0;
        long scored = 0;
        long correct = 0;
        for (LabelPair pair : pairs) {
            if (pair.label() != null) {
                labelled += pair.count();
                labelCounts.merge(pair.label(), pair.count(), Long::sum);
            }
            if (pair.scored() == false || pair.count() == 0) {
                continue;
            }
            scored += pair.count();
            perClass.computeIfAbsent(pair.label(), k -> new long[3])[0] += pair.count();
            perClass.computeIfAbsent(pair.prediction(), k -> new long[3])[1] += pair.count();
            if (pair.label().equals(pair.prediction())) {
                correct += pair.count();
                perClass.get(pair.label())[2] += pair.count();
            } else {
                confusions.merge(List.of(pair.label(), pair.prediction()), pair.count(), Long::sum);
            }
        }
        List<ClassScore> classes = new ArrayList<>();
        double f1Sum = 0;
        double weightedSum = 0;
        int withSupport = 0;
        for (Map.Entry<String, long[]> e : perClass.entrySet()) {
            long support = e.getValue()[0];
            long predicted = e.getValue()[1];
            long tp = e.getValue()[2];
            double precision = predicted == 0 ? 0 : (double) tp / predicted;
            double recall = support == 0 ? 0 : (double) tp / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            classes.add(new ClassScore(e.getKey(), support, predicted, tp, precision, recall, f1));
            if (support > 0) {
                f1Sum += f1;
                weightedSum += f1 * support;
                withSupport++;
            }
        }
        List<LabelPair> top = new ArrayList<>();
        confusions.forEach((key, count) -> top.add(new LabelPair(key.get(0), key.get(1), count)));
        // Stable sort: equal counts keep the name order of the TreeMap, so results are reproducible.
        top.sort(Comparator.comparingLong(LabelPair::count).reversed());
        return new Result(
            labelled,
            scored,
            scored == 0 ? Double.NaN : (double) correct / scored,
            withSupport == 0 ? Double.NaN : f1Sum / withSupport,
            scored == 0 ? Double.NaN : weightedSum / scored,
            List.copyOf(classes),
            labelCounts,
            List.copyOf(top.subList(0, Math.min(Math.max(topPairs, 0), top.size())))
        );
    }

    /** Sums pairs with the same label and prediction (e.g. the per-cluster pairs of a whole run). */
    public static List<LabelPair> merge(List<LabelPair> pairs) {
        Map<List<String>, Long> sums = new LinkedHashMap<>();
        for (LabelPair p : pairs) {
            sums.merge(Arrays.asList(p.label(), p.prediction()), p.count(), Long::sum);
        }
        List<LabelPair> merged = new ArrayList<>();
        sums.forEach((k, v) -> merged.add(new LabelPair(k.get(0), k.get(1), v)));
        return merged;
    }

}
