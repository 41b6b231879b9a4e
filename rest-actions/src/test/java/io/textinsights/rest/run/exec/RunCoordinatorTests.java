/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.textinsights.math.cluster.ClusteringMetrics;
import io.textinsights.math.cluster.KMeansPartial;
import io.textinsights.rest.run.shard.ClusterModel;
import io.textinsights.rest.run.shard.ShardCollectors;
import io.textinsights.rest.run.shard.ShardDoc;
import io.textinsights.rest.run.shard.ShardRunResult;
import io.textinsights.rest.run.spec.RunInputException;
import io.textinsights.rest.run.spec.RunParameters;
import io.textinsights.rest.schema.ResultsTarget;

import org.junit.jupiter.api.Test;
import org.opensearch.core.rest.RestStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The whole run on in-memory "shards" that use the same per-shard code as the real ones. */
class RunCoordinatorTests {

    private record Doc(String id, float[] vector, int truth) {}

    /** Passes over partitions of documents, as the shards would make them. */
    private static final class InMemoryPasses implements RunCoordinator.Passes {
        final List<List<Doc>> partitions;
        final Map<String, Integer> assigned = new HashMap<>();
        final Map<String, float[]> placed = new HashMap<>();
        int kmeansPasses;
        String[] labels;

        InMemoryPasses(List<Doc> docs, int shards) {
            partitions = new ArrayList<>();
            for (int s = 0; s < shards; s++) {
                partitions.add(new ArrayList<>());
            }
            for (Doc doc : docs) {
                partitions.get(Math.floorMod(doc.id().hashCode(), shards)).add(doc);
            }
        }

        /** Records what the assignment pass would write. */
        private final class Recorder implements ShardCollectors.ResultSink<Void> {
            @Override
            public boolean needsSource() {
                return false;
            }

            @Override
            public Void capture(ShardDoc doc) {
                return null;
            }

            @Override
            public void write(String id, String routing, Void captured, int cluster, float distance, float[] xy) {
                assigned.put(id, cluster);
                if (xy != null) {
                    placed.put(id, xy.clone());
                }
            }
        }

        @Override
        public RunCoordinator.Sample sample(long seed, int size) throws Exception {
            List<ShardRunResult.SampledDoc> all = new ArrayList<>();
            long count = 0;
            for (List<Doc> partition : partitions) {
                ShardCollectors.Sample sample = new ShardCollectors.Sample(size, seed);
                for (Doc doc : partition) {
                    sample.accept(ShardDoc.ofId(doc.id()), doc.vector());
                }
                count += partition.size();
                all.addAll(List.of(sample.result()));
            }
            all.sort(ShardCollectors.SAMPLE_ORDER);
            List<ShardRunResult.SampledDoc> kept = all.subList(0, Math.min(size, all.size()));
            return new RunCoordinator.Sample(
                count,
                kept.stream().map(ShardRunResult.SampledDoc::id).toArray(String[]::new),
                kept.stream().map(ShardRunResult.SampledDoc::vector).toArray(float[][]::new)
            );
        }

        @Override
        public KMeansPartial kmeansPass(float[][] centroids) {
            kmeansPasses++;
            KMeansPartial merged = new KMeansPartial(centroids.length, centroids[0].length);
            for (List<Doc> partition : partitions) {
                ShardCollectors.KMeans kmeans = new ShardCollectors.KMeans(centroids);
                for (Doc doc : partition) {
                    kmeans.accept(ShardDoc.ofId(doc.id()), doc.vector());
                }
                merged.merge(kmeans.result());
            }
            return merged;
        }

        @Override
        public RunCoordinator.Assignment assign(ClusterModel model, float[][] anchors, float[][] anchorXY, String[] labels)
            throws Exception {
            this.labels = labels;
            int slots = model.k() + 1;
            long[] counts = new long[slots];
            double[] sumX = new double[slots];
            double[] sumY = new double[slots];
            long docs = 0;
            for (List<Doc> partition : partitions) {
                ShardCollectors.Assign<Void> assign = new ShardCollectors.Assign<>(model, anchors, anchorXY, 5, 3, new Recorder());
                for (Doc doc : partition) {
                    assign.accept(ShardDoc.ofId(doc.id()), doc.vector());
                }
                assign.finish();
                ShardRunResult.Assignment a = assign.result(0, 0, null);
                for (int i = 0; i < slots; i++) {
                    counts[i] += a.counts()[i];
                    sumX[i] += a.sumX()[i];
                    sumY[i] += a.sumY()[i];
                }
                docs += partition.size();
            }
            String[][] ids = new String[slots][0];
            return new RunCoordinator.Assignment(docs, counts, sumX, sumY, ids, 0, 0, null);
        }
    }

    private static List<Doc> blobs(int perBlob, int blobs, int dim, long seed) {
        Random random = new Random(seed);
        List<Doc> docs = new ArrayList<>();
        for (int b = 0; b < blobs; b++) {
            float[] centre = new float[dim];
            for (int d = 0; d < dim; d++) {
                centre[d] = (float) (random.nextGaussian() * 4);
            }
            for (int i = 0; i < perBlob; i++) {
                float[] v = new float[dim];
                for (int d = 0; d < dim; d++) {
                    v[d] = centre[d] + (float) random.nextGaussian() * 0.5f;
                }
                docs.add(new Doc("doc-" + b + "-" + i, v, b));
            }
        }
        return docs;
    }

    private static RunParameters params(String algorithm, Integer k, String projection) {
        return new RunParameters(
            "test",
            null,
            "embedding",
            new RunParameters.Algorithm(algorithm, k, null, 42, 50, 1e-6),
            new RunParameters.Projection(projection, 500),
            ResultsTarget.RESULTS,
            null,
            RunParameters.TopWords.DEFAULT,
            io.textinsights.rest.run.spec.SummaryOptions.DISABLED
        );
    }

    private static int[] labels(List<Doc> docs, Map<String, Integer> assigned) {
        return docs.stream().mapToInt(d -> assigned.get(d.id())).toArray();
    }

    private static final RunCoordinator.Progress NO_PROGRESS = (phase, percent) -> {};

    @Test
    void kmeans_gives_the_same_clusters_on_one_and_three_shards_and_finds_the_blobs() throws Exception {
        List<Doc> docs = blobs(200, 4, 16, 1);
        InMemoryPasses one = new InMemoryPasses(docs, 1);
        InMemoryPasses three = new InMemoryPasses(docs, 3);
        RunCoordinator.Outcome a = RunCoordinator.run(params("kmeans", 4, "none"), 300, 100, one, NO_PROGRESS);
        RunCoordinator.Outcome b = RunCoordinator.run(params("kmeans", 4, "none"), 300, 100, three, NO_PROGRESS);
        int[] truth = docs.stream().mapToInt(Doc::truth).toArray();
        assertArrayEquals(labels(docs, one.assigned), labels(docs, three.assigned));
        assertTrue(ClusteringMetrics.ari(truth, labels(docs, three.assigned)) > 0.99);
        assertEquals(4, b.clusterCount());
        assertEquals(800, b.docCount());
        assertEquals(0, b.noiseCount());
        assertEquals(800, b.clusters().stream().mapToLong(RunCoordinator.ClusterSummary::size).sum());
        assertEquals(a.details().get("iterations"), b.details().get("iterations"));
        assertTrue(three.kmeansPasses <= 50);
    }

    @Test
    void clusters_are_named_from_the_sample_before_the_single_write_pass() throws Exception {
        List<Doc> docs = blobs(100, 3, 8, 3);
        InMemoryPasses passes = new InMemoryPasses(docs, 2);
        Map<String, Integer> seen = new HashMap<>();
        RunCoordinator.Labeler labeler = (model, ids, clusterOfSample) -> {
            for (int i = 0; i < ids.length; i++) {
                seen.put(ids[i], clusterOfSample[i]);
            }
            String[] labels = new String[model.k() + 1];
            for (int c = 0; c < model.k(); c++) {
                labels[c + 1] = "cluster-" + c;
            }
            return labels;
        };
        RunCoordinator.Outcome outcome = RunCoordinator.run(params("kmeans", 3, "none"), 120, 100, passes, NO_PROGRESS, labeler, Runnable::run);
        assertEquals(120, seen.size());
        // What the labeler was told about each sampled document is where the write pass put it.
        seen.forEach((id, cluster) -> assertEquals(passes.assigned.get(id), cluster, id));
        assertArrayEquals(new String[] { null, "cluster-0", "cluster-1", "cluster-2" }, passes.labels);
        assertTrue(outcome.tookMs().containsKey("naming"));

        Map<Integer, List<String>> byCluster = RunCoordinator.idsByCluster(new String[] { "a", "b", "c", "d" }, new int[] { 1, -1, 1, 0 }, 3);
        assertEquals(Map.of(-1, List.of("b"), 1, List.of("a", "c")), byCluster);
    }

    @Test
    void auto_picks_the_number_of_blobs() throws Exception {
        List<Doc> docs = blobs(150, 5, 16, 2);
        InMemoryPasses passes = new InMemoryPasses(docs, 2);
        RunCoordinator.Outcome outcome = RunCoordinator.run(params("auto", null, "none"), 750, 100, passes, NO_PROGRESS);
        assertEquals(5, outcome.clusterCount());
        int[] truth = docs.stream().mapToInt(Doc::truth).toArray();
        assertTrue(ClusteringMetrics.ari(truth, labels(docs, passes.assigned)) > 0.95);
    }

    @Test
    void the_map_places_every_document_and_keeps_blobs_apart() throws Exception {
        List<Doc> docs = blobs(100, 3, 16, 3);
        InMemoryPasses passes = new InMemoryPasses(docs, 3);
        RunCoordinator.Outcome outcome = RunCoordinator.run(params("kmeans", 3, "umap"), 300, 150, passes, NO_PROGRESS);
        assertEquals(300, passes.placed.size());
        for (RunCoordinator.ClusterSummary cluster : outcome.clusters()) {
            assertTrue(cluster.x() != null && Float.isFinite(cluster.x()) && Float.isFinite(cluster.y()));
        }
        // Cluster centres on the map are farther apart than documents are from their own cluster's centre, on average.
        double within = 0;
        for (Doc doc : docs) {
            RunCoordinator.ClusterSummary c = outcome.clusters().get(passes.assigned.get(doc.id()));
            float[] xy = passes.placed.get(doc.id());
            within += Math.hypot(xy[0] - c.x(), xy[1] - c.y());
        }
        within /= docs.size();
        double between = Double.MAX_VALUE;
        for (RunCoordinator.ClusterSummary p : outcome.clusters()) {
            for (RunCoordinator.ClusterSummary q : outcome.clusters()) {
                if (p != q) {
                    between = Math.min(between, Math.hypot(p.x() - q.x(), p.y() - q.y()));
                }
            }
        }
        assertTrue(between > 2 * within, "between " + between + " within " + within);
    }

    @Test
    void the_map_fitted_beside_the_clustering_is_the_map_fitted_after_it() throws Exception {
        List<Doc> docs = blobs(80, 3, 16, 5);
        InMemoryPasses inline = new InMemoryPasses(docs, 2);
        RunCoordinator.run(params("kmeans", 3, "umap"), 240, 100, inline, NO_PROGRESS, RunCoordinator.Labeler.NONE, Runnable::run);
        InMemoryPasses beside = new InMemoryPasses(docs, 2);
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            RunCoordinator.Outcome outcome = RunCoordinator.run(params("kmeans", 3, "umap"), 240, 100, beside, NO_PROGRESS,
                RunCoordinator.Labeler.NONE, background);
            assertTrue(outcome.tookMs().containsKey("projection_wait"));
        } finally {
            background.shutdownNow();
        }
        assertEquals(inline.placed.keySet(), beside.placed.keySet());
        for (String id : inline.placed.keySet()) {
            assertArrayEquals(inline.placed.get(id), beside.placed.get(id), id);
        }
    }

    @Test
    void cancellation_stops_the_run() {
        List<Doc> docs = blobs(50, 2, 8, 4);
        RunCoordinator.Progress cancelled = (phase, percent) -> {
            if (phase.equals("clustering")) {
                throw new IllegalStateException("cancelled");
            }
        };
        assertThrows(IllegalStateException.class, () -> RunCoordinator.run(params("kmeans", 2, "none"), 100, 10, new InMemoryPasses(docs, 2), cancelled));
    }

    @Test
    void k_above_the_document_count_is_refused() {
        List<Doc> docs = blobs(2, 2, 4, 5);
        RunInputException e = assertThrows(
            RunInputException.class,
            () -> RunCoordinator.run(params("kmeans", 5, "none"), 100, 10, new InMemoryPasses(docs, 2), NO_PROGRESS)
        );
        assertEquals("[algorithm.k] is 5 but only 4 documents match", e.getMessage());
        assertEquals(RestStatus.BAD_REQUEST, e.status());
    }
}
