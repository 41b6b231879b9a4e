/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.exec;

import io.textinsights.rest.explain.Explanation;
import io.textinsights.rest.run.spec.RunParameters;
import io.textinsights.rest.schema.ClusterFields;
import io.textinsights.rest.store.RunDocument;
import io.textinsights.rest.store.RunStore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a finished run records: its run document's results, and one document per cluster. */
final class RunRecords {

    private RunRecords() {}

    /**
     * Marks the run document completed with everything the run found.
     *
     * @param clusterDocs the cluster documents by id (explained, and summarised when summaries ran): each cluster of the
     *                    run document repeats a few of their fields
     */
    static void completed(Map<String, Object> run, RunCoordinator.Outcome outcome, Map<Integer, Map<String, Object>> clusterDocs,
        Explanation explanation, long finishedAt) {
        run.put(RunDocument.STATE, RunDocument.COMPLETED);
        run.put(RunDocument.FINISHED_AT, finishedAt);
        run.put(RunDocument.PROGRESS, Map.of("phase", "done", "percent", 100));
        run.put("took_ms", outcome.tookMs());
        run.put(RunDocument.DOC_COUNT, outcome.docCount());
        run.put("cluster_count", outcome.clusterCount());
        run.put("noise_count", outcome.noiseCount());
        run.put("details", outcome.details());
        List<Map<String, Object>> clusters = new ArrayList<>();
        for (RunCoordinator.ClusterSummary c : outcome.clusters()) {
            Map<String, Object> cluster = cluster(c);
            if (explanation != null && clusterDocs.get(c.clusterId()) instanceof Map<String, Object> shown) {
                for (String key : RunDocument.CLUSTER_SUMMARY_FIELDS) {
                    if (shown.containsKey(key)) {
                        cluster.put(key, shown.get(key));
                    }
                }
            }
            clusters.add(cluster);
        }
        run.put(RunDocument.CLUSTERS, clusters);
        if (explanation != null) {
            run.put(RunDocument.METRICS, explanation.metrics().toMap());
            run.put(RunDocument.ALERTS, explanation.alertMaps());
        } else {
            run.put("explanation_omitted", "the run wrote no per-sample results (\"write_back\": false), which the aggregations behind"
                + " top words, DEP, F1, metrics and alerts need");
        }
    }

    static Map<String, Object> cluster(RunCoordinator.ClusterSummary c) {
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put(ClusterFields.CLUSTER_ID, c.clusterId());
        cluster.put(ClusterFields.SIZE, c.size());
        cluster.put(ClusterFields.X, c.x());
        cluster.put(ClusterFields.Y, c.y());
        cluster.put(ClusterFields.REPRESENTATIVE_IDS, c.representativeIds());
        return cluster;
    }

    /** The cluster document for {@value RunStore#CLUSTERS_INDEX}, with its explanation when there is one. */
    static Map<String, Object> clusterDocument(String runId, RunParameters params, RunCoordinator.ClusterSummary c, Explanation explanation,
        long createdAt) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put(ClusterFields.RUN_ID, runId);
        doc.put(ClusterFields.INDEX, params.index());
        doc.put(ClusterFields.SPLIT, params.split());
        doc.put(ClusterFields.NOISE, c.clusterId() < 0);
        doc.putAll(cluster(c));
        doc.put(ClusterFields.CENTROID, c.centroid());
        doc.put(ClusterFields.CREATED_AT, createdAt);
        if (explanation != null && explanation.clusters().get(c.clusterId()) instanceof Explanation.Cluster explained) {
            doc.putAll(explained.toMap());
        }
        return doc;
    }
}
