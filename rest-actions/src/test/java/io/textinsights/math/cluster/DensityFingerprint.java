/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.math.cluster;

import io.textinsights.math.projection.Placement;
import io.textinsights.math.projection.Projection;
import io.textinsights.math.projection.ProjectionException;
import io.textinsights.math.projection.ProjectionOptions;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Everything density clustering and the map compute from one input, as one hash of the bits: the clusters of
 * DensityClusteringTests' blobs (the case that found 3 clusters on one CPU and 4 on another), their centroids and
 * spreads, the shard-side assignment of every point, a 2-D map and the placement of every point on it. Also a main
 * class, so that a child JVM with other settings can compute it too (DensityClusteringTests compares them).
 */
final class DensityFingerprint {

    private DensityFingerprint() {}

    static String compute() throws ProjectionException {
        float[][] points = DensityClusteringTests.blobsAndNoise(20261122L, DensityClusteringTests.NOISE);
        DensityClustering.Result result = DensityClustering.fit(points, new DensityOptions(30, 10, 5, 7L));
        Bits bits = new Bits();
        bits.put("labels", result.sampleLabels());
        for (float[] centroid : result.centroids()) {
            bits.put("centroid", centroid);
        }
        bits.put("spreads", result.spreads());
        int[] assigned = new int[points.length];
        for (int i = 0; i < points.length; i++) {
            assigned[i] = DensityClustering.assign(points[i], result.centroids(), result.spreads());
        }
        bits.put("assigned", assigned);

        float[][] anchors = Arrays.copyOf(points, 300);
        float[][] map = Projection.fit(anchors, new ProjectionOptions(15, 100, 3L));
        for (float[] xy : map) {
            bits.put("map", xy);
        }
        Placement placement = new Placement(anchors, map, 5);
        float[][] placed = new float[points.length][2];
        placement.placeAll(points, points.length, placed);
        for (float[] xy : placed) {
            bits.put("placed", xy);
        }
        return result.clusterCount() + " clusters, " + result.noiseCount() + " noise, " + bits.hex();
    }

    public static void main(String[] args) throws ProjectionException {
        System.out.println(compute());
    }

    private static final class Bits {
        private final MessageDigest sha;

        Bits() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
        }

        void put(String what, int[] values) {
            sha.update(what.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            ByteBuffer buffer = ByteBuffer.allocate(4 * values.length);
            buffer.asIntBuffer().put(values);
            sha.update(buffer.array());
        }

        void put(String what, float[] values) {
            int[] raw = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                raw[i] = Float.floatToRawIntBits(values[i]);
            }
            put(what, raw);
        }

        String hex() {
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        }
    }
}
