/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.shard;

import io.textinsights.math.cluster.KMeansPartial;
import io.textinsights.math.cluster.VectorKernels;
import io.textinsights.math.projection.Placement;

import org.apache.lucene.util.BytesRef;
import org.opensearch.common.hash.MurmurHash3;

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
        public boolean needsId() {
            return true;
        }

        @Override
        public void accept(String id, String routing, float[] vector) {
            if (capacity == 0) {
                return;
            }
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
        public boolean needsId() {
            return false;
        }

        @Override
        public void accept(String id, String routing, float[] vector) {
            int cluster = VectorKernels.nearest(vector, centroids, distance);
            partial.add(vector, cluster, distance[0]);
        }

        public KMeansPartial result() {
            return partial;
        }
    }

    /** Receives each document's assignment, e.g. to write it back. */
    public interface AssignmentSink {
        void accept(String id, String routing, int cluster, float[] xy) throws java.io.IOException;
    }

    /** Final assignment and map placement, with per-cluster statistics and the documents nearest each centre. */
    public static final class Assign implements ShardVectorReader.DocConsumer {
        private final ClusterModel model;
        private final Placement placement;
        private final int representatives;
        private final AssignmentSink sink;
        private final long[] counts;
        private final double[] sumX;
        private final double[] sumY;
        private final List<PriorityQueue<Nearest>> nearest;
        private final float[] distance = new float[1];
        private final float[] xy = new float[2];

        public Assign(ClusterModel model, float[][] anchors, float[][] anchorXY, int neighbours, int representatives, AssignmentSink sink) {
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
        }

        @Override
        public boolean needsId() {
            return true;
        }

        @Override
        public void accept(String id, String routing, float[] vector) throws java.io.IOException {
            int cluster = model.assign(vector, distance);
            int slot = cluster + 1;
            counts[slot]++;
            float[] placed = null;
            if (placement != null) {
                placement.place(vector, xy);
                sumX[slot] += xy[0];
                sumY[slot] += xy[1];
                placed = xy;
            }
            PriorityQueue<Nearest> top = nearest.get(slot);
            if (top.size() < representatives) {
                top.add(new Nearest(id, distance[0]));
            } else if (representatives > 0 && distance[0] < top.peek().distance()) {
                top.poll();
                top.add(new Nearest(id, distance[0]));
            }
            if (sink != null) {
                sink.accept(id, routing, cluster, placed);
            }
        }

        /** The statistics; write-back counts are filled in by the caller. */
        public ShardRunResult.Assignment result(long written, long writeFailures, String firstWriteFailure) {
            int slots = counts.length;
            String[][] ids = new String[slots][];
            float[][] distances = new float[slots][];
            for (int i = 0; i < slots; i++) {
                Nearest[] sorted = nearest.get(i).toArray(Nearest[]::new);
                Arrays.sort(sorted, Comparator.comparingDouble(Nearest::distance).thenComparing(Nearest::id));
                ids[i] = Arrays.stream(sorted).map(Nearest::id).toArray(String[]::new);
                distances[i] = new float[sorted.length];
                for (int j = 0; j < sorted.length; j++) {
                    distances[i][j] = sorted[j].distance();
                }
            }
            return new ShardRunResult.Assignment(counts, sumX, sumY, ids, distances, written, writeFailures, firstWriteFailure);
        }

        private record Nearest(String id, float distance) {}
    }
}
