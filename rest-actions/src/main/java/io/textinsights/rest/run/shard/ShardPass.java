/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.shard;

import io.textinsights.rest.schema.ResultsTarget;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.index.query.QueryBuilder;

import java.io.IOException;

/**
 * The payload of one pass, the same for every shard.
 *
 * @param op          what to do
 * @param vectorField the knn_vector field
 * @param query       which documents take part (null: all)
 * @param seed        SAMPLE: seed of the sample hash
 * @param sampleSize  SAMPLE: how many documents each shard returns at most
 * @param centroids   KMEANS_PASS: the current centroids
 * @param assign      ASSIGN: what to assign to and where the results go
 * @param label       LABEL: the labels an in-place run's documents take
 */
public record ShardPass(
    ShardOp op,
    String vectorField,
    QueryBuilder query,
    long seed,
    int sampleSize,
    float[][] centroids,
    Assign assign,
    Label label
) implements Writeable {

    /**
     * @param model           the clusters to assign to
     * @param anchors         sample vectors with known map positions (null: no map)
     * @param anchorXY        their x, y
     * @param neighbours      anchors averaged per placement
     * @param representatives documents nearest each centre to return per cluster
     * @param write           where each document's result goes (null: nowhere)
     */
    public record Assign(ClusterModel model, float[][] anchors, float[][] anchorXY, int neighbours, int representatives, Write write) {}

    /**
     * Where and how an ASSIGN pass writes each document's result.
     *
     * @param target    the run's results index, or the dataset's own documents
     * @param index     the index written to (the results index, or the dataset)
     * @param runId     the run
     * @param labels    the readable label of cluster c at c + 1 (slot 0: noise); null: none
     * @param columns   the dataset fields copied into each result (results target only)
     * @param batchSize documents per bulk request
     * @param inFlight  bulk requests a shard keeps in flight at most
     */
    public record Write(ResultsTarget target, String index, String runId, String[] labels, Columns columns, int batchSize, int inFlight) {}

    /** The dataset fields a result copies, each null when the dataset does not have it (or does not map it usably). */
    public record Columns(String text, String label, String prediction, String split, String dep, String margin, String confidence) {
        public static final Columns NONE = new Columns(null, null, null, null, null, null, null);
    }

    /** LABEL: every document of an in-place run takes its cluster's label ({@code labels[c + 1]}; slot 0: noise). */
    public record Label(String runId, String[] labels, int batchSize) {}

    public static ShardPass sample(String vectorField, QueryBuilder query, long seed, int sampleSize) {
        return new ShardPass(ShardOp.SAMPLE, vectorField, query, seed, sampleSize, null, null, null);
    }

    public static ShardPass kmeans(String vectorField, QueryBuilder query, float[][] centroids) {
        return new ShardPass(ShardOp.KMEANS_PASS, vectorField, query, 0, 0, centroids, null, null);
    }

    public static ShardPass assign(String vectorField, QueryBuilder query, Assign assign) {
        return new ShardPass(ShardOp.ASSIGN, vectorField, query, 0, 0, null, assign, null);
    }

    public static ShardPass label(String vectorField, Label label) {
        return new ShardPass(ShardOp.LABEL, vectorField, null, 0, 0, null, null, label);
    }

    public static ShardPass readFrom(StreamInput in) throws IOException {
        ShardOp op = in.readEnum(ShardOp.class);
        String vectorField = in.readString();
        QueryBuilder query = in.readOptionalNamedWriteable(QueryBuilder.class);
        long seed = in.readLong();
        int sampleSize = in.readVInt();
        float[][] centroids = StreamArrays.readOptionalMatrix(in);
        Assign assign = in.readBoolean() ? readAssign(in) : null;
        Label label = in.readBoolean() ? new Label(in.readString(), in.readOptionalStringArray(), in.readVInt()) : null;
        return new ShardPass(op, vectorField, query, seed, sampleSize, centroids, assign, label);
    }

    private static Assign readAssign(StreamInput in) throws IOException {
        ClusterModel model = ClusterModel.readFrom(in);
        float[][] anchors = StreamArrays.readOptionalMatrix(in);
        float[][] anchorXY = StreamArrays.readOptionalMatrix(in);
        int neighbours = in.readVInt();
        int representatives = in.readVInt();
        Write write = null;
        if (in.readBoolean()) {
            ResultsTarget target = in.readEnum(ResultsTarget.class);
            String index = in.readString();
            String runId = in.readString();
            String[] labels = in.readOptionalStringArray();
            Columns columns = new Columns(
                in.readOptionalString(),
                in.readOptionalString(),
                in.readOptionalString(),
                in.readOptionalString(),
                in.readOptionalString(),
                in.readOptionalString(),
                in.readOptionalString()
            );
            write = new Write(target, index, runId, labels, columns, in.readVInt(), in.readVInt());
        }
        return new Assign(model, anchors, anchorXY, neighbours, representatives, write);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeEnum(op);
        out.writeString(vectorField);
        out.writeOptionalNamedWriteable(query);
        out.writeLong(seed);
        out.writeVInt(sampleSize);
        StreamArrays.writeOptionalMatrix(out, centroids);
        out.writeBoolean(assign != null);
        if (assign != null) {
            writeAssign(out, assign);
        }
        out.writeBoolean(label != null);
        if (label != null) {
            out.writeString(label.runId());
            out.writeOptionalStringArray(label.labels());
            out.writeVInt(label.batchSize());
        }
    }

    private static void writeAssign(StreamOutput out, Assign assign) throws IOException {
        assign.model().writeTo(out);
        StreamArrays.writeOptionalMatrix(out, assign.anchors());
        StreamArrays.writeOptionalMatrix(out, assign.anchorXY());
        out.writeVInt(assign.neighbours());
        out.writeVInt(assign.representatives());
        Write write = assign.write();
        out.writeBoolean(write != null);
        if (write != null) {
            out.writeEnum(write.target());
            out.writeString(write.index());
            out.writeString(write.runId());
            out.writeOptionalStringArray(write.labels());
            Columns c = write.columns();
            for (String field : new String[] { c.text(), c.label(), c.prediction(), c.split(), c.dep(), c.margin(), c.confidence() }) {
                out.writeOptionalString(field);
            }
            out.writeVInt(write.batchSize());
            out.writeVInt(write.inFlight());
        }
    }
}
