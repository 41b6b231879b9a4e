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

    /** From this many anchors on, documents are compared only with the anchors of their nearest {@link Cells}. */
    static final int CELLS_FROM = 500;
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
    /** Null below {@link #CELLS_FROM} anchors: every document is then compared with every anchor. */
    private final Cells cells;
    private final int[] pool;
    private final float[] cellScore;

    /**
     * @param anchors    anchor vectors (copied normalised, so cosine is one dot product)
     * @param anchorXY   their map positions, same order
     * @param neighbours how many nearest anchors to average; 5 placed AG News texts closest to their own UMAP
     *                   position (median error 1.2% of the map's diagonal with 2,000 anchors; 10: 1.8%, 15: 2.2%)
     */
    public Placement(float[][] anchors, float[][] anchorXY, int neighbours) {
        this(anchors, anchorXY, neighbours, true);
    }

    /**
     * @param useCells false: compare every document with every anchor, however many there are (the reference the cells
     *                 are measured against)
     */
    public Placement(float[][] anchors, float[][] anchorXY, int neighbours, boolean useCells) {
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
        this.cells = useCells && this.anchors.length >= CELLS_FROM ? Cells.build(this.anchors) : null;
        this.pool = cells == null ? null : new int[this.anchors.length];
        this.cellScore = cells == null ? null : new float[cells.centroids.length];
    }

    public int dimensions() {
        return anchors[0].length;
    }

    /** Writes the map position of {@code v} into {@code xyOut[0..1]}. */
    public void place(float[] v, float[] xyOut) {
        if (cells != null) {
            placeByCells(v, xyOut);
            return;
        }
        one[0] = v;
        scan(one, 0, 1);
        finish(v, 0, xyOut, null, anchors.length);
        one[0] = null;
    }

    /**
     * Places {@code vectors[0..count)} into {@code xyOut[0..count)}, the same as {@link #place} one by one but about
     * twice as fast with 2,000 anchors (each anchor is read once per {@link #BATCH} documents).
     */
    public void placeAll(float[][] vectors, int count, float[][] xyOut) {
        if (cells != null) {
            for (int i = 0; i < count; i++) {
                placeByCells(vectors[i], xyOut[i]);
            }
            return;
        }
        for (int start = 0; start < count; start += BATCH) {
            int m = Math.min(BATCH, count - start);
            scan(vectors, start, m);
            for (int b = 0; b < m; b++) {
                finish(vectors[start + b], b, xyOut[start + b], null, anchors.length);
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
    private void finish(float[] v, int b, float[] xyOut, int[] candidates, int candidateCount) {
        int[] ids = topId[b];
        double norm = 0;
        for (float f : v) {
            norm += (double) f * f;
        }
        norm = Math.sqrt(norm);
        if (norm == 0) {
            norm = 1; // a zero vector is equally far from everything; it lands at the anchors' weighted centre
        }
        int found = Math.min(keep, candidateCount);
        for (int m = 0; m < found; m++) {
            insertExact(m, exactDistance(v, ids[m], norm), ids[m], ids, found);
        }
        double error = (v.length + 8) * 0x1p-23; // as in KnnGraph: 2x the worst rounding of a float dot product
        double nearestDropped = 1 - topScore[b][keep - 1] / norm - error;
        if (found < candidateCount && (exact[neighbours - 1] < nearestDropped) == false) {
            for (int i = 0; i < candidateCount; i++) {
                int a = candidates == null ? i : candidates[i];
                insertExact(Math.min(i, found), exactDistance(v, a, norm), a, ids, found);
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

    /**
     * Through the cells: the document's nearest cells (exact at the cut, see {@link Cells#nearest}), then the nearest
     * anchors among their members, scored as in the exhaustive path (SIMD, then exact, with the same fallback over the
     * pool), so the position depends on the data alone, never on the CPU.
     */
    private void placeByCells(float[] v, float[] xyOut) {
        if (v.length != anchors[0].length) {
            throw new IllegalArgumentException("vector has " + v.length + " dimensions, anchors have " + anchors[0].length);
        }
        int size = cells.pool(v, keep, cellScore, pool);
        float[] scores = topScore[0];
        int[] ids = topId[0];
        Arrays.fill(scores, Float.NEGATIVE_INFINITY);
        Arrays.fill(ids, -1);
        float worstScore = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            int a = pool[i];
            float score = VectorUtil.dotProduct(v, anchors[a]);
            if (score > worstScore) {
                int p = keep - 1;
                while (p > 0 && scores[p - 1] < score) {
                    scores[p] = scores[p - 1];
                    ids[p] = ids[p - 1];
                    p--;
                }
                scores[p] = score;
                ids[p] = a;
                worstScore = scores[keep - 1];
            }
        }
        worst[0] = worstScore;
        finish(v, 0, xyOut, pool, size);
    }

    /**
     * An inverted file over the anchors: {@code sqrt(n)} cells of similar anchors. A document is compared with the
     * cells' centres, then only with the anchors of its {@link #PROBES_SHARE} nearest cells: with 2,000 anchors about
     * 5 times fewer dot products than comparing it with every anchor, the cost that dominates placing a large index.
     * Written here rather than taken from a library: Lucene's HNSW and k-NN's indices answer approximate queries over
     * an index, not a few thousand in-memory vectors per pass, and the cells must come out bit for bit the same on
     * every shard and CPU (built in sequential double arithmetic from anchors in a fixed order), so that a document's
     * place never depends on where it is stored.
     */
    static final class Cells {
        /** Lloyd rounds building the cells: enough to group similar anchors; the cells need not be optimal. */
        static final int ROUNDS = 5;
        /** Share of the cells probed per document (at least {@link #MIN_PROBES}). */
        static final double PROBES_SHARE = 0.3;
        static final int MIN_PROBES = 3;

        final float[][] centroids;
        final int[][] members;
        final int probes;

        private Cells(float[][] centroids, int[][] members, int probes) {
            this.centroids = centroids;
            this.members = members;
            this.probes = probes;
        }

        /** Spherical k-means of the (unit) anchors into round(sqrt(n)) cells, started from anchors spread over the list. */
        static Cells build(float[][] unit) {
            int n = unit.length;
            int dims = unit[0].length;
            int k = Math.max(1, (int) Math.round(Math.sqrt(n)));
            double[][] centres = new double[k][];
            for (int c = 0; c < k; c++) {
                float[] start = unit[(int) ((long) c * n / k)];
                centres[c] = new double[dims];
                for (int d = 0; d < dims; d++) {
                    centres[c][d] = start[d];
                }
            }
            int[] cell = new int[n];
            for (int round = 0; round < ROUNDS; round++) {
                for (int a = 0; a < n; a++) {
                    cell[a] = nearestExact(unit[a], centres);
                }
                double[][] sums = new double[k][dims];
                int[] counts = new int[k];
                for (int a = 0; a < n; a++) {
                    counts[cell[a]]++;
                    for (int d = 0; d < dims; d++) {
                        sums[cell[a]][d] += unit[a][d];
                    }
                }
                for (int c = 0; c < k; c++) {
                    double norm = 0;
                    for (int d = 0; d < dims; d++) {
                        norm += sums[c][d] * sums[c][d];
                    }
                    if (counts[c] > 0 && norm > 0) { // an empty cell keeps its centre
                        norm = Math.sqrt(norm);
                        for (int d = 0; d < dims; d++) {
                            centres[c][d] = sums[c][d] / norm;
                        }
                    }
                }
            }
            for (int a = 0; a < n; a++) {
                cell[a] = nearestExact(unit[a], centres);
            }
            int[] counts = new int[k];
            for (int c : cell) {
                counts[c]++;
            }
            int[][] members = new int[k][];
            for (int c = 0; c < k; c++) {
                members[c] = new int[counts[c]];
            }
            int[] filled = new int[k];
            for (int a = 0; a < n; a++) {
                members[cell[a]][filled[cell[a]]++] = a;
            }
            float[][] centroids = new float[k][dims];
            for (int c = 0; c < k; c++) {
                for (int d = 0; d < dims; d++) {
                    centroids[c][d] = (float) centres[c][d];
                }
            }
            return new Cells(centroids, members, Math.min(k, Math.max(MIN_PROBES, (int) Math.ceil(PROBES_SHARE * k))));
        }

        /** Highest dot product in double, ties to the lower cell. */
        private static int nearestExact(float[] v, double[][] centres) {
            int best = 0;
            double bestDot = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < centres.length; c++) {
                double dot = 0;
                for (int d = 0; d < v.length; d++) {
                    dot += v[d] * centres[c][d];
                }
                if (dot > bestDot) {
                    bestDot = dot;
                    best = c;
                }
            }
            return best;
        }

        /**
         * The members of v's nearest cells into {@code out}, at least {@code atLeast} anchors (more cells when the
         * nearest are small); returns how many. The cells are ranked by SIMD dot products, and every cell near the
         * cut (within twice the worst float rounding) is ranked again exactly, so the chosen cells are those the exact
         * scores would choose.
         */
        int pool(float[] v, int atLeast, float[] score, int[] out) {
            int k = centroids.length;
            double norm = 0;
            for (float f : v) {
                norm += (double) f * f;
            }
            double error = 2 * (v.length + 8) * 0x1p-23 * Math.sqrt(norm);
            for (int c = 0; c < k; c++) {
                score[c] = VectorUtil.dotProduct(v, centroids[c]);
            }
            int[] order = rank(score, k);
            int wanted = Math.min(k, probes);
            // The cells whose SIMD score is within the rounding of the cut may be on either side of it: only those are
            // ranked again exactly (usually none need it: the band holds just the cells the cut needs).
            double cut = score[order[wanted - 1]];
            int above = 0;
            while (above < k && score[order[above]] > cut + error) {
                above++;
            }
            int bandEnd = above;
            while (bandEnd < k && score[order[bandEnd]] >= cut - error) {
                bandEnd++;
            }
            if (bandEnd - above > wanted - above) {
                exactRanking(v, order, above, bandEnd);
            }
            int size = take(order, 0, out);
            if (size < atLeast) {
                // The nearest cells hold too few anchors (rare: tiny cells): rank every cell exactly and take more.
                exactRanking(v, order, 0, k);
                size = take(order, atLeast, out);
            }
            return size;
        }

        /** Cells by SIMD score, highest first, ties to the lower cell. */
        private static int[] rank(float[] score, int k) {
            int[] order = new int[k];
            for (int c = 0; c < k; c++) {
                int p = c;
                while (p > 0 && (score[order[p - 1]] < score[c] || (score[order[p - 1]] == score[c] && order[p - 1] > c))) {
                    order[p] = order[p - 1];
                    p--;
                }
                order[p] = c;
            }
            return order;
        }

        /** Re-ranks {@code order[from..to)} by exact dot products with v, ties to the lower cell. */
        private void exactRanking(float[] v, int[] order, int from, int to) {
            int count = to - from;
            double[] exact = new double[count];
            int[] head = Arrays.copyOfRange(order, from, to);
            for (int i = 0; i < count; i++) {
                float[] centre = centroids[head[i]];
                double dot = 0;
                for (int d = 0; d < v.length; d++) {
                    dot += (double) v[d] * centre[d];
                }
                exact[i] = dot;
            }
            for (int i = 1; i < count; i++) {
                int c = head[i];
                double e = exact[i];
                int p = i;
                while (p > 0 && (exact[p - 1] < e || (exact[p - 1] == e && head[p - 1] > c))) {
                    head[p] = head[p - 1];
                    exact[p] = exact[p - 1];
                    p--;
                }
                head[p] = c;
                exact[p] = e;
            }
            System.arraycopy(head, 0, order, from, count);
        }

        /** Members of the first {@link #probes} cells of {@code ranked} into out, then more until there are atLeast. */
        private int take(int[] ranked, int atLeast, int[] out) {
            int size = 0;
            for (int i = 0; i < ranked.length && (i < probes || size < atLeast); i++) {
                int[] m = members[ranked[i]];
                System.arraycopy(m, 0, out, size, m.length);
                size += m.length;
            }
            return size;
        }
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
    private void insertExact(int filled, double dist, int id, int[] ids, int capacity) {
        int p = filled;
        if (p == capacity) {
            if (exact[capacity - 1] < dist || (exact[capacity - 1] == dist && ids[capacity - 1] < id)) {
                return;
            }
            p = capacity - 1;
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
