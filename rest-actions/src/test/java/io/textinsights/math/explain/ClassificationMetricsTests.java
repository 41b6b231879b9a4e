/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.math.explain;

import io.textinsights.math.explain.ClassificationMetrics.LabelPair;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassificationMetricsTests {

    /** y = a a a a a b b b c c, p = a a a b c b b a c b; scikit-learn 1.2.1 gives the expected numbers. */
    private static List<LabelPair> example() {
        return List.of(
            new LabelPair("a", "a", 3),
            new LabelPair("a", "b", 1),
            new LabelPair("a", "c", 1),
            new LabelPair("b", "b", 2),
            new LabelPair("b", "a", 1),
            new LabelPair("c", "c", 1),
            new LabelPair("c", "b", 1)
        );
    }

    @Test
    void matchesScikitLearnOnAHandExample() {
        ClassificationMetrics.Result r = ClassificationMetrics.of(example(), 10);
        assertEquals(10, r.scored());
        assertEquals(0.6, r.accuracy(), 1e-12);
        assertEquals(0.5793650793650794, r.macroF1(), 1e-12);
        // f1_score(y, p, average="weighted")
        assertEquals(0.6047619047619047, r.weightedF1(), 1e-12);
        assertEquals(List.of("a", "b", "c"), r.classes().stream().map(ClassificationMetrics.ClassScore::name).toList());
        assertEquals(0.75, r.classes().get(0).precision(), 1e-12);
        assertEquals(0.6, r.classes().get(0).recall(), 1e-12);
        assertEquals(0.5, r.classes().get(1).precision(), 1e-12);
        assertEquals(2.0 / 3, r.classes().get(1).recall(), 1e-12);
        assertEquals(0.5, r.classes().get(2).f1(), 1e-12);
        assertEquals(Map.of("a", 5L, "b", 3L, "c", 2L), r.labelCounts());
        assertEquals(4, r.classes().get(1).predicted());
    }

    @Test
    void topMisclassifiedIsByCountThenByName() {
        List<LabelPair> pairs = new ArrayList<>(example());
        pairs.add(new LabelPair("c", "a", 1));
        ClassificationMetrics.Result r = ClassificationMetrics.of(pairs, 2);
        // Every confusion has count 1: name order decides, and only two are kept.
        assertEquals(List.of(new LabelPair("a", "b", 1), new LabelPair("a", "c", 1)), r.topMisclassified());
        pairs.add(new LabelPair("c", "b", 5));
        assertEquals(new LabelPair("c", "b", 6), ClassificationMetrics.of(ClassificationMetrics.merge(pairs), 1).topMisclassified().get(0));
    }

    @Test
    void macroF1CountsOnlyGoldClassesPresent() {
        // In a cluster of a a a b predicted a c a b, class c appears only as a wrong prediction: scikit-learn with
        // labels=[a, b] gives 0.9; averaging a zero for c would give 0.6.
        ClassificationMetrics.Result r = ClassificationMetrics.of(
            List.of(new LabelPair("a", "a", 2), new LabelPair("a", "c", 1), new LabelPair("b", "b", 1)),
            5
        );
        assertEquals(0.9, r.macroF1(), 1e-12);
        assertEquals(0.75, r.accuracy(), 1e-12);
    }

    @Test
    void samplesWithoutLabelOrPredictionCountOnlyWhereTheyCan() {
        ClassificationMetrics.Result r = ClassificationMetrics.of(
            List.of(new LabelPair("a", null, 4), new LabelPair(null, "a", 3), new LabelPair("a", "a", 1)),
            5
        );
        assertEquals(5, r.labelled());
        assertEquals(1, r.scored());
        assertEquals(Map.of("a", 5L), r.labelCounts());
        assertEquals(1.0, r.accuracy(), 1e-12);

        ClassificationMetrics.Result none = ClassificationMetrics.of(List.of(new LabelPair("a", null, 4)), 5);
        assertEquals(0, none.scored());
        assertTrue(Double.isNaN(none.macroF1()));
        assertTrue(Double.isNaN(none.accuracy()));
        assertTrue(none.topMisclassified().isEmpty());
    }

    @Test
    void negativeCountsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new LabelPair("a", "a", -1));
    }
}
