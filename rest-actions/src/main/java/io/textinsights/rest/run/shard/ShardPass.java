/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.shard;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.index.query.QueryBuilder;

import java.io.IOException;

/**
 * The payload of one pass, the same for every shard.
 *
 * @param op              what to do
 * @param vectorField     the knn_vector field
 * @param query           which documents take part (null: all)
 * @param seed            seed of the sample hash
 * @param sampleSize      SAMPLE: how many documents each shard returns at most
 * @param centroids       KMEANS_PASS: the current centroids
 * @param model           ASSIGN: the clusters to assign to
 * @param anchors         ASSIGN: sample vectors with known map positions (null: no map)
 * @param anchorXY        ASSIGN: their x, y
 * @param neighbours      ASSIGN: anchors averaged per placement
 * @param runId           ASSIGN: written to each document
 * @param writeBack       ASSIGN: whether to write the fields into the documents
 * @param representatives ASSIGN: documents nearest each centre to return per cluster
 * @param writeBatchSize  ASSIGN, LABEL: documents per bulk request
 * @param labels          LABEL: the label of cluster c at c + 1 (slot 0: noise)
 */
public record ShardPass(
    ShardOp op,
    String vectorField,
    QueryBuilder query,
    long seed,
    int sampleSize,
    float[][] centroids,
    ClusterModel model,
    float[][] anchors,
    float[][] anchorXY,
    int neighbours,
    String runId,
    boolean writeBack,
    int representatives,
    int writeBatchSize,
    String[] labels
) implements Writeable {

    public static ShardPass sample(String vectorField, QueryBuilder query, long seed, int sampleSize) {
        return new ShardPass(ShardOp.SAMPLE, vectorField, query, seed, sampleSize, null, null, null, null, 0, null, false, 0, 0, null);
    }

    public static ShardPass kmeans(String vectorField, QueryBuilder query, float[][] centroids) {
        return new ShardPass(ShardOp.KMEANS_PASS, vectorField, query, 0, 0, centroids, null, null, null, 0, null, false, 0, 0, null);
    }

    public static ShardPass assign(
        String vectorField,
        QueryBuilder query,
        ClusterModel model,
        float[][] anchors,
        float[][] anchorXY,
        int neighbours,
        String runId,
        boolean writeBack,
        int representatives,
        int writeBatchSize
    ) {
        return new ShardPass(
            ShardOp.ASSIGN,
            vectorField,
            query,
            0,
            0,
            null,
            model,
            anchors,
            anchorXY,
            neighbours,
            runId,
            writeBack,
            representatives,
            writeBatchSize,
            null
        );
    }

    /** Every document of {@code runId} gets the label of its cluster. */
    public static ShardPass label(String vectorField, String runId, String[] labels, int writeBatchSize) {
        return new ShardPass(ShardOp.LABEL, vectorField, null, 0, 0, null, null, null, null, 0, runId, true, 0, writeBatchSize, labels);
    }

    public static ShardPass readFrom(StreamInput in) throws IOException {
        ShardOp op = in.readEnum(ShardOp.class);
        String vectorField = in.readString();
        QueryBuilder query = in.readOptionalNamedWriteable(QueryBuilder.class);
        long seed = in.readLong();
        int sampleSize = in.readVInt();
        float[][] centroids = StreamArrays.readOptionalMatrix(in);
        ClusterModel model = in.readBoolean() ? ClusterModel.readFrom(in) : null;
        float[][] anchors = StreamArrays.readOptionalMatrix(in);
        float[][] anchorXY = StreamArrays.readOptionalMatrix(in);
        int neighbours = in.readVInt();
        String runId = in.readOptionalString();
        boolean writeBack = in.readBoolean();
        int representatives = in.readVInt();
        int writeBatchSize = in.readVInt();
        String[] labels = in.readBoolean() ? in.readStringArray() : null;
        return new ShardPass(op, vectorField, query, seed, sampleSize, centroids, model, anchors, anchorXY, neighbours, runId, writeBack,
            representatives, writeBatchSize, labels);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeEnum(op);
        out.writeString(vectorField);
        out.writeOptionalNamedWriteable(query);
        out.writeLong(seed);
        out.writeVInt(sampleSize);
        StreamArrays.writeOptionalMatrix(out, centroids);
        out.writeBoolean(model != null);
        if (model != null) {
            model.writeTo(out);
        }
        StreamArrays.writeOptionalMatrix(out, anchors);
        StreamArrays.writeOptionalMatrix(out, anchorXY);
        out.writeVInt(neighbours);
        out.writeOptionalString(runId);
        out.writeBoolean(writeBack);
        out.writeVInt(representatives);
        out.writeVInt(writeBatchSize);
        out.writeBoolean(labels != null);
        if (labels != null) {
            out.writeStringArray(labels);
        }
    }
}
