/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.math.projection;

import org.apache.lucene.util.VectorUtil;

import java.util.Arrays;

/**
 * Puts any vector on the 2-D map from its nearest anchors (sample points whose map position is known): a weighted
 * mean of the {@code neighbours} most cosine-similar anchors' positions. Runs on shards for every document, so one
 * pass of SIMD dot products over the anchors (anchors x dims multiply-adds) and no allocation per call. Measured
 * (384-d, one core): 2,000 anchors ~100 us per document with {@link #place}, less with {@link #placeAll}.
 *
 * <p>Weights follow UMAP's own membership kernel, {@code exp(-(d - d_nearest) / sigma)} with {@code d = 1 - cos} and
 * {@code sigma} the mean gap to the nearest over the neighbours: the nearest anchor weighs 1, the others by how much
 * farther they are relative to this neighbourhood, so the result adapts to dense and sparse regions alike. A
 * document equal to an anchor (cosine ~1) lands exactly on that anchor.
 *
 * <p>Not thread-safe (scratch buffers are reused): one instance per thread; the arrays it reads can be shared.
 */
public final class Placement {

    /** Extra candidates re-scored exactly so that the output does not depend on JIT state (see {@link KnnGraph}). */
    private static final int MARGIN = 4;
    private static final double DUPLICATE = 1e-6;
    /**
     * Documents scored together per anchor in {@link #placeAll}: 2,000 anchors x 384 floats (3 MB) do not fit a
     * 2 MB L2, so one document at a time streams them from L3; 8 at a time reuse each anchor from L1.
     */
    public static final int BATCH = 8;

    private final float[][] anchors;
    private final float[][] anchorXY;
    private final int neighbours;
    private final int keep;
    private final float[][] topScore;
    private final int[][] topId;
    private final float[] worst;
    private final double[] exact;
    private final float[][] one = new float[1][];

    /**
     * @param anchors    anchor vectors (copied normalised, so cosine is one dot product)
     * @param anchorXY   their map positions, same order
     * @param neighbours how many nearest anchors to average; 5 placed AG News texts closest to their own UMAP
     *                   position (median error 1.2% of the map's diagonal with 2,000 anchors; 10: 1.8%, 15: 2.2%)
     */
    public Placement(float[][] anchors, float[][] anchorXY, int neighbours) {
        if (anchors.length == 0 || anchors.length != anchorXY.length) {
            throw new IllegalArgumentException(
                "need at least one anchor and one position per anchor, got " + anchors.length + " and " + anchorXY.length
            );
        }
        if (neighbours < 1) {
            throw new IllegalArgumentException("neighbours must be at least 1, got " + neighbours);
        }
        int dims = anchors[0].length;
        this.anchors = new float[anchors.length][];
        for (int i = 0; i < anchors.length; i++) {
            if (anchors[i].length != dims || anchorXY[i].length != 2) {
                throw new IllegalArgumentException("anchor " + i + " has the wrong number of dimensions or coordinates");
            }
            this.anchors[i] = KnnGraph.normalisedCopy(anchors[i]);
        }
        this.anchorXY = anchorXY;
        this.neighbours = Math.min(neighbours, anchors.length);
        this.keep = Math.min(anchors.length, this.neighbours + MARGIN);
        this.topScore = new float[BATCH][keep];
        this.topId = new int[BATCH][keep];
        this.worst = new float[BATCH];
        this.exact = new double[keep];
    }

    public int dimensions() {
        return anchors[0].length;
    }

    /** Writes the map position of {@code v} into {@code xyOut[0..1]}. */
    public void place(float[] v, float[] xyOut) {
        one[0] = v;
        scan(one, 0, 1);
        finish(v, 0, xyOut);
        one[0] = null;
    }

    /**
     * Places {@code vectors[0..count)} into {@code xyOut[0..count)}, the same as {@link #place} one by one but about
     * twice as fast with 2,000 anchors (each anchor is read once per {@link #BATCH} documents).
     */
    public void placeAll(float[][] vectors, int count, float[][] xyOut) {
        for (int start = 0; start < count; start += BATCH) {
            int m = Math.min(BATCH, count - start);
            scan(vectors, start, m);
            for (int b = 0; b < m; b++) {
                finish(vectors[start + b], b, xyOut[start + b]);
            }
        }
    }

    /** Pass 1: for each of the m documents, the best {@code keep} anchors by SIMD dot product, sorted descending. */
    private void scan(float[][] vectors, int start, int m) {
        int dims = anchors[0].length;
        for (int b = 0; b < m; b++) {
            if (vectors[start + b].length != dims) {
                throw new IllegalArgumentException("vector has " + vectors[start + b].length + " dimensions, anchors have " + dims);
            }
            Arrays.fill(topScore[b], Float.NEGATIVE_INFINITY);
            Arrays.fill(topId[b], -1);
            worst[b] = Float.NEGATIVE_INFINITY;
        }
        for (int a = 0; a < anchors.length; a++) {
            float[] anchor = anchors[a];
            for (int b = 0; b < m; b++) {
                float s = VectorUtil.dotProduct(vectors[start + b], anchor);
                if (s > worst[b]) {
                    float[] scores = topScore[b];
                    int[] ids = topId[b];
                    int p = keep - 1;
                    while (p > 0 && scores[p - 1] < s) {
                        scores[p] = scores[p - 1];
                        ids[p] = ids[p - 1];
                        p--;
                    }
                    scores[p] = s;
                    ids[p] = a;
                    worst[b] = scores[keep - 1];
                }
            }
        }
    }

    /**
     * Pass 2: exact cosine distances in double, sorted by (distance, anchor index), then the weighted mean. As in
     * {@link KnnGraph}, the SIMD scores of pass 1 are off by at most {@code error * |v|}; when an anchor pass 1 dropped
     * could be as near as the last one used, all anchors are scored exactly, so the position never depends on the CPU.
     */
    private void finish(float[] v, int b, float[] xyOut) {
        int[] ids = topId[b];
        double norm = 0;
        for (float f : v) {
            norm += (double) f * f;
        }
        norm = Math.sqrt(norm);
        if (norm == 0) {
            norm = 1; // a zero vector is equally far from everything; it lands at the anchors' weighted centre
        }
        for (int m = 0; m < keep; m++) {
            insertExact(m, exactDistance(v, ids[m], norm), ids[m], ids);
        }
        double error = (v.length + 8) * 0x1p-23; // as in KnnGraph: 2x the worst rounding of a float dot product
        double nearestDropped = 1 - topScore[b][keep - 1] / norm - error;
        if (keep < anchors.length && (exact[neighbours - 1] < nearestDropped) == false) {
            for (int a = 0; a < anchors.length; a++) {
                insertExact(Math.min(a, keep), exactDistance(v, a, norm), a, ids);
            }
        }
        if (exact[0] <= DUPLICATE) {
            xyOut[0] = anchorXY[ids[0]][0];
            xyOut[1] = anchorXY[ids[0]][1];
            return;
        }
        double sigma = 0;
        for (int m = 0; m < neighbours; m++) {
            sigma += exact[m] - exact[0];
        }
        sigma /= neighbours;
        double x = 0;
        double y = 0;
        double total = 0;
        for (int m = 0; m < neighbours; m++) {
            double w = sigma > 0 ? StrictMath.exp(-(exact[m] - exact[0]) / sigma) : 1.0; // Math.exp varies by JVM
            x += w * anchorXY[ids[m]][0];
            y += w * anchorXY[ids[m]][1];
            total += w;
        }
        xyOut[0] = (float) (x / total);
        xyOut[1] = (float) (y / total);
    }

    /** 1 - cos(v, anchor a), summed in index order in double. */
    private double exactDistance(float[] v, int a, double norm) {
        double dot = 0;
        float[] anchor = anchors[a];
        for (int d = 0; d < v.length; d++) {
            dot += (double) v[d] * anchor[d];
        }
        return 1.0 - dot / norm;
    }

    /**
     * Puts (dist, id) into the list exact/ids, sorted by (distance, index), whose first {@code filled} entries are
     * taken; the list holds {@code keep}, so a full one drops its last entry (or the newcomer if it ranks last).
     */
    private void insertExact(int filled, double dist, int id, int[] ids) {
        int p = filled;
        if (p == keep) {
            if (exact[keep - 1] < dist || (exact[keep - 1] == dist && ids[keep - 1] < id)) {
                return;
            }
            p = keep - 1;
        }
        while (p > 0 && (exact[p - 1] > dist || (exact[p - 1] == dist && ids[p - 1] > id))) {
            exact[p] = exact[p - 1];
            ids[p] = ids[p - 1];
            p--;
        }
        exact[p] = dist;
        ids[p] = id;
    }
}
