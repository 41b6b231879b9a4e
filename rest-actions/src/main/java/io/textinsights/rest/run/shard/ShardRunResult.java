/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.shard;

import io.textinsights.math.cluster.KMeansPartial;

import org.opensearch.action.support.broadcast.BroadcastShardResponse;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.index.shard.ShardId;

import java.io.IOException;

/**
 * What one shard sends back: only what the pass needs, bounded by the sample size or by k x dimension.
 */
public class ShardRunResult extends BroadcastShardResponse {

    /** SAMPLE: a document picked by hash, with its vector. */
    public record SampledDoc(long hash, String id, float[] vector) {}

    /** ASSIGN: per-cluster statistics; slot 0 is noise, slot c + 1 cluster c. */
    public record Assignment(
        long[] counts,
        double[] sumX,
        double[] sumY,
        String[][] representativeIds,
        float[][] representativeDistances,
        long written,
        long writeFailures,
        String firstWriteFailure
    ) {}

    private final long docCount;
    private final SampledDoc[] sample;
    private final KMeansPartial partial;
    private final Assignment assignment;

    public ShardRunResult(ShardId shardId, long docCount, SampledDoc[] sample, KMeansPartial partial, Assignment assignment) {
        super(shardId);
        this.docCount = docCount;
        this.sample = sample;
        this.partial = partial;
        this.assignment = assignment;
    }

    public ShardRunResult(StreamInput in) throws IOException {
        super(in);
        docCount = in.readVLong();
        if (in.readBoolean()) {
            int n = in.readVInt();
            sample = new SampledDoc[n];
            for (int i = 0; i < n; i++) {
                sample[i] = new SampledDoc(in.readLong(), in.readString(), in.readFloatArray());
            }
        } else {
            sample = null;
        }
        if (in.readBoolean()) {
            int k = in.readVInt();
            int dim = in.readVInt();
            partial = new KMeansPartial(k, dim, in.readDoubleArray(), in.readLongArray(), in.readDouble());
        } else {
            partial = null;
        }
        if (in.readBoolean()) {
            long[] counts = in.readLongArray();
            double[] sumX = in.readDoubleArray();
            double[] sumY = in.readDoubleArray();
            int slots = in.readVInt();
            String[][] ids = new String[slots][];
            float[][] distances = new float[slots][];
            for (int i = 0; i < slots; i++) {
                ids[i] = in.readStringArray();
                distances[i] = in.readFloatArray();
            }
            assignment = new Assignment(counts, sumX, sumY, ids, distances, in.readVLong(), in.readVLong(), in.readOptionalString());
        } else {
            assignment = null;
        }
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeVLong(docCount);
        out.writeBoolean(sample != null);
        if (sample != null) {
            out.writeVInt(sample.length);
            for (SampledDoc doc : sample) {
                out.writeLong(doc.hash());
                out.writeString(doc.id());
                out.writeFloatArray(doc.vector());
            }
        }
        out.writeBoolean(partial != null);
        if (partial != null) {
            out.writeVInt(partial.k());
            out.writeVInt(partial.dim());
            out.writeDoubleArray(partial.sums());
            out.writeLongArray(partial.counts());
            out.writeDouble(partial.inertia());
        }
        out.writeBoolean(assignment != null);
        if (assignment != null) {
            out.writeLongArray(assignment.counts());
            out.writeDoubleArray(assignment.sumX());
            out.writeDoubleArray(assignment.sumY());
            out.writeVInt(assignment.representativeIds().length);
            for (int i = 0; i < assignment.representativeIds().length; i++) {
                out.writeStringArray(assignment.representativeIds()[i]);
                out.writeFloatArray(assignment.representativeDistances()[i]);
            }
            out.writeVLong(assignment.written());
            out.writeVLong(assignment.writeFailures());
            out.writeOptionalString(assignment.firstWriteFailure());
        }
    }

    public long docCount() {
        return docCount;
    }

    public SampledDoc[] sample() {
        return sample;
    }

    public KMeansPartial partial() {
        return partial;
    }

    public Assignment assignment() {
        return assignment;
    }
}
