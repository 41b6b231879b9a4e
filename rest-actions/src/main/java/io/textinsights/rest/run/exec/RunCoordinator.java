/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.exec;

import io.textinsights.math.cluster.AutoK;
import io.textinsights.math.cluster.DensityClustering;
import io.textinsights.math.cluster.DensityOptions;
import io.textinsights.math.cluster.KMeansOptions;
import io.textinsights.math.cluster.KMeansPartial;
import io.textinsights.math.cluster.KMeansSeeding;
import io.textinsights.math.cluster.LloydIterations;
import io.textinsights.math.projection.Projection;
import io.textinsights.math.projection.ProjectionException;
import io.textinsights.math.projection.ProjectionOptions;
import io.textinsights.rest.run.shard.ClusterModel;
import io.textinsights.rest.run.spec.RunInputException;
import io.textinsights.rest.run.spec.RunParameters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The steps of a run, in order: sample, cluster, map, assign. Every pass over the documents goes through
 * {@link Passes} (in production a broadcast to the shards), so the coordinator holds only the bounded sample and
 * k x dimension numbers, and the whole flow can be tested with in-memory partitions.
 */
public final class RunCoordinator {

    /** Passes over all documents of the run, wherever they are. */
    public interface Passes {
        /** The bottom-{@code size} documents by a seeded hash of their id, in hash order, and the matching document count. */
        Sample sample(long seed, int size) throws Exception;

        KMeansPartial kmeansPass(float[][] centroids) throws Exception;

        /** @param labels the readable label written with each document: cluster c at c + 1, noise at 0; null for none */
        Assignment assign(ClusterModel model, float[][] anchors, float[][] anchorXY, String[] labels) throws Exception;
    }

    /**
     * Names the clusters before any document is written, from the sampled documents (which cluster each falls in), so
     * the single write-back pass also writes each document's cluster label: a second pass would re-index every
     * document (and its vector) a second time.
     */
    public interface Labeler {
        Labeler NONE = (model, ids, clusterOfSample) -> null;

        /**
         * @param ids             the sampled documents' ids, in sample order
         * @param clusterOfSample each sampled document's cluster (-1: noise)
         * @return labels by slot (cluster c at c + 1, noise at 0), or null
         */
        String[] label(ClusterModel model, String[] ids, int[] clusterOfSample) throws Exception;
    }

    /** Reports progress; throws when the run was cancelled. */
    public interface Progress {
        void report(String phase, int percent);
    }

    public record Sample(long docCount, String[] ids, float[][] vectors) {}

    /** Merged assignment statistics: slot 0 is noise, slot c + 1 cluster c. */
    public record Assignment(
        long docCount,
        long[] counts,
        double[] sumX,
        double[] sumY,
        String[][] representativeIds,
        long written,
        long writeFailures,
        String firstWriteFailure
    ) {}

    public record ClusterSummary(int clusterId, long size, Float x, Float y, List<String> representativeIds, float[] centroid) {}

    /** Sampled documents per cluster id (-1: noise), in sample order: what top words are read from. */
    public static Map<Integer, List<String>> idsByCluster(String[] ids, int[] clusterOfSample, int limit) {
        Map<Integer, List<String>> byCluster = new TreeMap<>();
        for (int i = 0; i < Math.min(limit, ids.length); i++) {
            byCluster.computeIfAbsent(clusterOfSample[i], c -> new ArrayList<>()).add(ids[i]);
        }
        return byCluster;
    }

    public record Outcome(
        int clusterCount,
        long docCount,
        long noiseCount,
        List<ClusterSummary> clusters,
        Map<String, Long> tookMs,
        Map<String, Object> details,
        long written,
        long writeFailures,
        String firstWriteFailure
    ) {}

    /** Documents the "auto" rule looks at to pick k; the full k-means then runs on every document. */
    static final int AUTO_SAMPLE = 5_000;
    static final int PLACEMENT_NEIGHBOURS = 5;

    private RunCoordinator() {}

    /**
     * @param sampleSize documents to sample (bounded by the node setting)
     * @param maxAnchors most sampled documents used to place the others on the map
     */
    public static Outcome run(RunParameters params, int sampleSize, int maxAnchors, Passes passes, Progress progress) throws Exception {
        return run(params, sampleSize, maxAnchors, passes, progress, Labeler.NONE, Runnable::run);
    }

    /**
     * @param background where the map is fitted while the clusters are found (the two only share the sample): a
     *                   second core does the UMAP while the first runs k-means or HDBSCAN
     */
    public static Outcome run(
        RunParameters params,
        int sampleSize,
        int maxAnchors,
        Passes passes,
        Progress progress,
        Labeler labeler,
        Executor background
    ) throws Exception {
        Map<String, Long> took = new LinkedHashMap<>();
        Map<String, Object> details = new LinkedHashMap<>();
        Sample sample = sample(params, sampleSize, passes, progress, took, details);
        CompletableFuture<MapFit> map = params.hasMap() ? fitMap(params, sample, maxAnchors, background) : CompletableFuture.completedFuture(null);
        ClusterModel model = cluster(params.algorithm(), sample, passes, progress, took, details);
        // Naming needs the clusters, not the map: it runs (its searches, LLM calls) while the map may still be fitted.
        String[] labels = name(model, sample, labeler, progress, took);
        MapFit fit = awaitMap(map, progress, took, details);

        long start = System.nanoTime();
        progress.report("assigning", 75);
        Assignment assignment = passes.assign(model, fit == null ? null : fit.anchors(), fit == null ? null : fit.anchorXY(), labels);
        took.put("assigning", millisSince(start));
        return outcome(model, fit != null, assignment, took, details);
    }

    /** Step 1: the bounded sample, the same whatever the shard count. */
    private static Sample sample(RunParameters params, int sampleSize, Passes passes, Progress progress, Map<String, Long> took,
        Map<String, Object> details) throws Exception {
        long start = System.nanoTime();
        progress.report("sampling", 0);
        Sample sample = passes.sample(params.algorithm().seed(), sampleSize);
        took.put("sampling", millisSince(start));
        details.put("sample_size", sample.vectors().length);
        if (sample.vectors().length == 0) {
            throw new RunInputException("no document of index [" + params.index() + "] matches the query and has a vector");
        }
        return sample;
    }

    /** Step 3: the clusters' names, from the sampled documents each cluster got (null: none). */
    private static String[] name(ClusterModel model, Sample sample, Labeler labeler, Progress progress, Map<String, Long> took)
        throws Exception {
        long start = System.nanoTime();
        progress.report("naming", 70);
        int[] clusterOfSample = new int[sample.ids().length];
        float[] distance = new float[1];
        for (int i = 0; i < clusterOfSample.length; i++) {
            clusterOfSample[i] = model.assign(sample.vectors()[i], distance);
        }
        String[] labels = labeler.label(model, sample.ids(), clusterOfSample);
        if (labels != null) {
            took.put("naming", millisSince(start));
        }
        return labels;
    }

    /** The map's anchors: sampled documents with their map position, what every other document is placed from. */
    private record MapFit(float[][] anchors, float[][] anchorXY, long millis, int sampleSize) {}

    /** Step 2a, in the background: the 2-D map of the sample. */
    private static CompletableFuture<MapFit> fitMap(RunParameters params, Sample sample, int maxAnchors, Executor background) {
        return CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            float[][] mapSample = prefix(sample.vectors(), params.projection().sampleSize());
            try {
                float[][] xy = Projection.fit(mapSample, ProjectionOptions.defaults(params.algorithm().seed()));
                return new MapFit(prefix(mapSample, maxAnchors), prefix(xy, maxAnchors), millisSince(start), mapSample.length);
            } catch (ProjectionException e) {
                throw new CompletionException(e);
            }
        }, background);
    }

    /** Step 2b: the clusters. */
    private static ClusterModel cluster(RunParameters.Algorithm algorithm, Sample sample, Passes passes, Progress progress,
        Map<String, Long> took, Map<String, Object> details) throws Exception {
        long start = System.nanoTime();
        progress.report("clustering", 5);
        ClusterModel model = switch (algorithm.name()) {
            case "kmeans" -> kmeans(algorithm.k(), sample, algorithm, passes, progress, details);
            case "hdbscan" -> density(sample, algorithm, details);
            case "auto" -> {
                AutoK.Choice choice = AutoK.choose(prefix(sample.vectors(), AUTO_SAMPLE), algorithm.seed());
                details.put("auto", Map.of("k", choice.k(), "criterion", choice.criterion()));
                yield kmeans(choice.k(), sample, algorithm, passes, progress, details);
            }
            default -> throw new IllegalStateException("unknown algorithm [" + algorithm.name() + "]");
        };
        took.put("clustering", millisSince(start));
        return model;
    }

    /**
     * Step 4: waits for the map. {@code projection} is the map's own time (it overlapped clustering);
     * {@code projection_wait} what the run waited for it after clustering.
     */
    private static MapFit awaitMap(CompletableFuture<MapFit> map, Progress progress, Map<String, Long> took, Map<String, Object> details)
        throws Exception {
        if (map.isDone() == false) {
            progress.report("projection", 73);
        }
        long start = System.nanoTime();
        MapFit fit;
        try {
            fit = map.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        if (fit != null) {
            took.put("projection", fit.millis());
            took.put("projection_wait", millisSince(start));
            details.put("projection_sample_size", fit.sampleSize());
        }
        return fit;
    }

    private static Outcome outcome(ClusterModel model, boolean mapped, Assignment assignment, Map<String, Long> took, Map<String, Object> details) {
        List<ClusterSummary> clusters = new ArrayList<>();
        for (int c = 0; c < model.k(); c++) {
            long size = assignment.counts()[c + 1];
            Float x = mapped == false || size == 0 ? null : (float) (assignment.sumX()[c + 1] / size);
            Float y = mapped == false || size == 0 ? null : (float) (assignment.sumY()[c + 1] / size);
            clusters.add(new ClusterSummary(c, size, x, y, Arrays.asList(assignment.representativeIds()[c + 1]), model.centroids()[c]));
        }
        return new Outcome(
            model.k(),
            assignment.docCount(),
            assignment.counts()[0],
            clusters,
            took,
            details,
            assignment.written(),
            assignment.writeFailures(),
            assignment.firstWriteFailure()
        );
    }

    private static ClusterModel kmeans(
        int k,
        Sample sample,
        RunParameters.Algorithm algorithm,
        Passes passes,
        Progress progress,
        Map<String, Object> details
    ) throws Exception {
        if (k > sample.docCount()) {
            throw new RunInputException("[algorithm.k] is " + k + " but only " + sample.docCount() + " documents match");
        }
        KMeansOptions options = new KMeansOptions(k, algorithm.maxIterations(), algorithm.tolerance(), algorithm.seed());
        // Best of several k-means++ starts on the sample, then a swap search that splits the cluster gaining most and
        // drops the one costing least while the inertia falls (KMeansSeeding.seeds): one start alone lands in a poor
        // local optimum often enough on real embeddings (AG News k=4: NMI 0.51 instead of 0.59 for half the seeds), and
        // with many clusters k-means++ leaves some groups uncovered (1M x 384, k=50: two components merged).
        float[][] seeds = KMeansSeeding.seeds(sample.vectors(), options);
        LloydIterations lloyd = new LloydIterations(seeds, sample.vectors(), options);
        boolean done = false;
        while (done == false) {
            done = lloyd.update(passes.kmeansPass(lloyd.centroids()));
            progress.report("clustering", 5 + 50 * lloyd.iterations() / options.maxIterations());
        }
        details.put("iterations", lloyd.iterations());
        details.put("converged", lloyd.converged());
        details.put("inertia", lloyd.inertia());
        return new ClusterModel(lloyd.centroids(), null);
    }

    private static ClusterModel density(Sample sample, RunParameters.Algorithm algorithm, Map<String, Object> details) throws Exception {
        // HDBSCAN's cost grows with the square of its input, and 5,000 documents already give the quality of 12,600.
        float[][] vectors = prefix(sample.vectors(), DensityOptions.DEFAULT_SAMPLE_SIZE);
        DensityOptions options = algorithm.minClusterSize() == null
            ? DensityOptions.forSample(vectors.length, algorithm.seed())
            : new DensityOptions(
                algorithm.minClusterSize(),
                Math.min(DensityOptions.DEFAULT_MIN_SAMPLES, algorithm.minClusterSize()),
                DensityOptions.DEFAULT_REDUCED_DIMENSIONS,
                algorithm.seed()
            );
        DensityClustering.Result result = DensityClustering.fit(vectors, options);
        if (result.clusterCount() == 0) {
            throw new RunInputException(
                "hdbscan found no cluster in the sample of " + vectors.length + " documents: lower [algorithm.min_cluster_size]"
                    + " or use kmeans"
            );
        }
        details.put("min_cluster_size", options.minClusterSize());
        details.put("density_sample_size", vectors.length);
        details.put("sample_noise_count", result.noiseCount());
        return new ClusterModel(result.centroids(), result.spreads());
    }

    static float[][] prefix(float[][] rows, int n) {
        return rows.length <= n ? rows : Arrays.copyOf(rows, n);
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
