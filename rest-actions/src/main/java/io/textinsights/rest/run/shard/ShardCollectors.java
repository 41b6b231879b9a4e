/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.shard;

import io.textinsights.math.cluster.KMeansPartial;
import io.textinsights.math.cluster.VectorKernels;
import io.textinsights.math.projection.Placement;

import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.util.BytesRef;
import org.opensearch.common.hash.MurmurHash3;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * What a shard computes from its documents in each pass, apart from reading them: kept free of shard plumbing so the
 * same code runs on in-memory partitions in tests.
 */
public final class ShardCollectors {

    /** Orders sampled documents by hash, then id: the same total order on every shard, whatever the shard count. */
    public static final Comparator<ShardRunResult.SampledDoc> SAMPLE_ORDER = Comparator.comparingLong(ShardRunResult.SampledDoc::hash)
        .thenComparing(ShardRunResult.SampledDoc::id);

    private ShardCollectors() {}

    /** Seeded 64-bit hash of a document id. */
    public static long hash(String id, long seed, MurmurHash3.Hash128 scratch) {
        BytesRef bytes = new BytesRef(id);
        return MurmurHash3.hash128(bytes.bytes, bytes.offset, bytes.length, seed, scratch).h1;
    }

    /**
     * Keeps the bottom-n documents by a seeded hash of _id: the union over shards of each shard's bottom-n holds the
     * global bottom-n, so the sample is the same whatever the number of shards.
     */
    public static final class Sample implements ShardVectorReader.DocConsumer {
        private final int capacity;
        private final long seed;
        private final PriorityQueue<ShardRunResult.SampledDoc> heap;
        private final MurmurHash3.Hash128 scratch = new MurmurHash3.Hash128();

        public Sample(int capacity, long seed) {
            this.capacity = capacity;
            this.seed = seed;
            this.heap = new PriorityQueue<>(Math.max(1, capacity), SAMPLE_ORDER.reversed());
        }

        @Override
        public void accept(ShardDoc doc, float[] vector) throws IOException {
            if (capacity == 0) {
                return;
            }
            String id = doc.id();
            long h = hash(id, seed, scratch);
            if (heap.size() < capacity) {
                heap.add(new ShardRunResult.SampledDoc(h, id, vector.clone()));
            } else if (SAMPLE_ORDER.compare(new ShardRunResult.SampledDoc(h, id, null), heap.peek()) < 0) {
                heap.poll();
                heap.add(new ShardRunResult.SampledDoc(h, id, vector.clone()));
            }
        }

        public ShardRunResult.SampledDoc[] result() {
            ShardRunResult.SampledDoc[] sample = heap.toArray(ShardRunResult.SampledDoc[]::new);
            Arrays.sort(sample, SAMPLE_ORDER);
            return sample;
        }
    }

    /** Per-cluster sums and counts of one Lloyd pass. */
    public static final class KMeans implements ShardVectorReader.DocConsumer {
        private final float[][] centroids;
        private final KMeansPartial partial;
        private final float[] distance = new float[1];

        public KMeans(float[][] centroids) {
            this.centroids = centroids;
            this.partial = new KMeansPartial(centroids.length, centroids[0].length);
        }

        @Override
        public void accept(ShardDoc doc, float[] vector) {
            int cluster = VectorKernels.nearest(vector, centroids, distance);
            partial.add(vector, cluster, distance[0]);
        }

        public KMeansPartial result() {
            return partial;
        }
    }

    /**
     * Receives each document's assignment, e.g. to write its result. {@link #capture} runs while the reader is on the
     * document (doc values and the source are read there); {@link #write} may run a few documents later, once the
     * map position is known.
     *
     * @param <R> what is captured of a document
     */
    public interface ResultSink<R> {
        boolean needsSource();

        default void startLeaf(LeafReaderContext leaf) throws IOException {}

        R capture(ShardDoc doc) throws IOException;

        /** Called once per document, in reading order; {@code xy} is null without a map (and reused: copy it to keep it). */
        void write(String id, String routing, R captured, int cluster, float distance, float[] xy) throws IOException;
    }

    /**
     * Final assignment and map placement, with per-cluster statistics and the documents nearest each centre. Documents
     * are placed on the map {@link Placement#BATCH} at a time ({@link Placement#placeAll}: each anchor is read once per
     * batch instead of once per document, about twice as fast with 2,000 anchors).
     */
    public static final class Assign<R> implements ShardVectorReader.DocConsumer {
        private final ClusterModel model;
        private final Placement placement;
        private final int representatives;
        private final ResultSink<R> sink;
        private final long[] counts;
        private final double[] sumX;
        private final double[] sumY;
        private final List<PriorityQueue<Nearest>> nearest;
        private final float[] distance = new float[1];
        // The documents waiting for their map positions.
        private final int batchSize;
        private final float[][] vectors;
        private final float[][] xy;
        private final String[] ids;
        private final String[] routings;
        private final int[] clusters;
        private final float[] distances;
        private final List<R> captured;
        private int pending;

        public Assign(ClusterModel model, float[][] anchors, float[][] anchorXY, int neighbours, int representatives, ResultSink<R> sink) {
            this.model = model;
            this.placement = anchors == null ? null : new Placement(anchors, anchorXY, neighbours);
            this.representatives = representatives;
            this.sink = sink;
            int slots = model.k() + 1;
            counts = new long[slots];
            sumX = new double[slots];
            sumY = new double[slots];
            nearest = new ArrayList<>(slots);
            for (int i = 0; i < slots; i++) {
                nearest.add(new PriorityQueue<>(Comparator.comparingDouble(Nearest::distance).reversed()));
            }
            batchSize = placement == null ? 1 : Placement.BATCH;
            vectors = new float[batchSize][];
            xy = new float[batchSize][2];
            ids = new String[batchSize];
            routings = new String[batchSize];
            clusters = new int[batchSize];
            distances = new float[batchSize];
            captured = new ArrayList<>(batchSize);
        }

        @Override
        public boolean needsSource() {
            return sink != null && sink.needsSource();
        }

        @Override
        public void startLeaf(LeafReaderContext leaf) throws IOException {
            if (sink != null) {
                sink.startLeaf(leaf);
            }
        }

        @Override
        public void accept(ShardDoc doc, float[] vector) throws IOException {
            int cluster = model.assign(vector, distance);
            String id = doc.id();
            PriorityQueue<Nearest> top = nearest.get(cluster + 1);
            if (top.size() < representatives) {
                top.add(new Nearest(id, distance[0]));
            } else if (representatives > 0 && distance[0] < top.peek().distance()) {
                top.poll();
                top.add(new Nearest(id, distance[0]));
            }
            if (placement != null) {
                if (vectors[pending] == null || vectors[pending].length != vector.length) {
                    vectors[pending] = new float[vector.length];
                }
                System.arraycopy(vector, 0, vectors[pending], 0, vector.length);
            }
            ids[pending] = id;
            routings[pending] = sink == null ? null : doc.routing();
            clusters[pending] = cluster;
            distances[pending] = distance[0];
            captured.add(sink == null ? null : sink.capture(doc));
            if (++pending == batchSize) {
                flushBatch();
            }
        }

        @Override
        public void finish() throws IOException {
            flushBatch();
        }

        private void flushBatch() throws IOException {
            if (pending == 0) {
                return;
            }
            if (placement != null) {
                placement.placeAll(vectors, pending, xy);
            }
            for (int b = 0; b < pending; b++) {
                int slot = clusters[b] + 1;
                counts[slot]++;
                float[] placed = placement == null ? null : xy[b];
                if (placed != null) {
                    sumX[slot] += placed[0];
                    sumY[slot] += placed[1];
                }
                if (sink != null) {
                    sink.write(ids[b], routings[b], captured.get(b), clusters[b], distances[b], placed);
                }
            }
            captured.clear();
            pending = 0;
        }

        /** The statistics; write counts are filled in by the caller. */
        public ShardRunResult.Assignment result(long written, long writeFailures, String firstWriteFailure) {
            int slots = counts.length;
            String[][] representativeIds = new String[slots][];
            float[][] representativeDistances = new float[slots][];
            for (int i = 0; i < slots; i++) {
                Nearest[] sorted = nearest.get(i).toArray(Nearest[]::new);
                Arrays.sort(sorted, Comparator.comparingDouble(Nearest::distance).thenComparing(Nearest::id));
                representativeIds[i] = Arrays.stream(sorted).map(Nearest::id).toArray(String[]::new);
                representativeDistances[i] = new float[sorted.length];
                for (int j = 0; j < sorted.length; j++) {
                    representativeDistances[i][j] = sorted[j].distance();
                }
            }
            return new ShardRunResult.Assignment(counts, sumX, sumY, representativeIds, representativeDistances, written, writeFailures,
                firstWriteFailure);
        }

        private record Nearest(String id, float distance) {}
    }
}
