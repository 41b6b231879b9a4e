/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.math.explain;

import io.textinsights.math.explain.Alerts.Alert;
import io.textinsights.math.explain.Alerts.ClusterFacts;
import io.textinsights.math.explain.ClassificationMetrics.LabelPair;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlertsTests {

    private static List<Alert> ofType(List<Alert> alerts, String type) {
        return alerts.stream().filter(a -> a.type().equals(type)).toList();
    }

    @Test
    void highDepClusterIsAboveTheRunMeanByOneStdOfTheClusterAverages() {
        // Cluster averages 0.1 0.1 0.1 0.5: population std 0.1732; run mean 0.2 -> threshold 0.3732: only cluster 3.
        List<ClusterFacts> clusters = List.of(
            new ClusterFacts(0, "a", 100, 0.1, null),
            new ClusterFacts(1, "b", 100, 0.1, null),
            new ClusterFacts(2, "c", 100, 0.1, null),
            new ClusterFacts(3, "d", 100, 0.5, null),
            new ClusterFacts(-1, "noise", 100, 0.9, null)
        );
        List<Alert> high = ofType(Alerts.find(clusters, 0.2, null), Alerts.HIGH_DEP_CLUSTER);
        assertEquals(1, high.size());
        assertEquals(3, high.get(0).clusterId());
        assertEquals(0.2 + Math.sqrt(0.03), (double) high.get(0).values().get("threshold"), 1e-12);
        assertTrue(high.get(0).message().startsWith("Cluster 3 (d) has an average DEP of 0.500"), high.get(0).message());
    }

    @Test
    void equalClustersRaiseNothing() {
        List<ClusterFacts> clusters = List.of(new ClusterFacts(0, "a", 10, 0.3, 0.8), new ClusterFacts(1, "b", 10, 0.3, 0.8));
        assertTrue(Alerts.find(clusters, 0.3, null).isEmpty());
    }

    @Test
    void lowF1ClustersAndClassesAreOneStdBelowTheirMean() {
        List<ClusterFacts> clusters = List.of(
            new ClusterFacts(0, "a", 10, null, 0.9),
            new ClusterFacts(1, "b", 10, null, 0.9),
            new ClusterFacts(2, "c", 10, null, 0.9),
            new ClusterFacts(3, "d", 10, null, 0.3)
        );
        // Classes: x perfect (F1 1), y perfect, z always predicted as x (F1 0); 12 x, 10 y, 2 z.
        ClassificationMetrics.Result metrics = ClassificationMetrics.of(
            List.of(new LabelPair("x", "x", 12), new LabelPair("y", "y", 10), new LabelPair("z", "x", 2)),
            3
        );
        List<Alert> alerts = Alerts.find(clusters, null, metrics);
        assertEquals(List.of(3), ofType(alerts, Alerts.LOW_F1_CLUSTER).stream().map(Alert::clusterId).toList());
        assertEquals(List.of("z"), ofType(alerts, Alerts.LOW_F1_CLASS).stream().map(Alert::label).toList());
        Alert imbalance = ofType(alerts, Alerts.CLASS_IMBALANCE).get(0);
        assertEquals("z", imbalance.label());
        assertEquals(6.0, (double) imbalance.values().get("ratio"), 1e-12);
        Alert pair = ofType(alerts, Alerts.TOP_MISCLASSIFIED_PAIR).get(0);
        assertEquals("z", pair.label());
        assertEquals("x", pair.prediction());
        assertEquals(1.0, (double) pair.values().get("share_of_label"), 1e-12);
    }

    @Test
    void balancedClassesAndNoConfusionRaiseNoClassAlerts() {
        ClassificationMetrics.Result metrics = ClassificationMetrics.of(List.of(new LabelPair("x", "x", 5), new LabelPair("y", "y", 4)), 3);
        assertTrue(Alerts.find(List.of(), null, metrics).isEmpty());
    }

    @Test
    void labelsComeFromTopWords() {
        assertEquals("oil, prices, crude", ClusterLabels.fromTopWords(2, List.of("oil", "prices", "crude", "opec")));
        assertEquals("oil", ClusterLabels.fromTopWords(2, List.of("oil")));
        assertEquals("cluster 2", ClusterLabels.fromTopWords(2, List.of()));
        assertEquals(ClusterLabels.NOISE, ClusterLabels.fromTopWords(-1, List.of("oil")));
    }
}
