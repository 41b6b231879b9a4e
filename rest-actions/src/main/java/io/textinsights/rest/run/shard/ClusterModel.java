/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.shard;

import io.textinsights.math.cluster.VectorKernels;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;

import java.io.IOException;

/**
 * What a shard needs to assign a document to a cluster: the centroids and, for density clustering, each cluster's
 * spread (squared distance beyond which a document is noise, -1). Small: k x dimension floats.
 */
public record ClusterModel(float[][] centroids, float[] spreads) implements Writeable {

    /** Cluster id of documents no cluster claims. */
    public static final int NOISE = -1;

    public static ClusterModel readFrom(StreamInput in) throws IOException {
        float[][] centroids = StreamArrays.readMatrix(in);
        float[] spreads = in.readBoolean() ? in.readFloatArray() : null;
        return new ClusterModel(centroids, spreads);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        StreamArrays.writeMatrix(out, centroids);
        out.writeBoolean(spreads != null);
        if (spreads != null) {
            out.writeFloatArray(spreads);
        }
    }

    public int k() {
        return centroids.length;
    }

    /** Cluster index of v, or -1 for noise; its squared distance to that centroid in distanceOut[0]. */
    public int assign(float[] v, float[] distanceOut) {
        int nearest = VectorKernels.nearest(v, centroids, distanceOut);
        if (spreads != null && distanceOut[0] > spreads[nearest]) {
            return NOISE;
        }
        return nearest;
    }
}
