package io.textinsights.math.projection;

import java.util.Arrays;
import org.apache.lucene.util.VectorUtil;

/**
 * Puts any vector on the 2-D map from its nearest anchors (sample points whose map position is known): a weighted
 * mean of the {@code neighbours} most cosine-similar anchors' positions. Runs on shards for every document, so one
 * pass of SIMD dot products over the anchors (anchors x dims multiply-adds) and no allocation per call.
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

    private final float[][] anchors;
    private final float[][] anchorXY;
    private final int neighbours;
    private final int keep;
    private final float[] topScore;
    private final int[] topId;
    private final double[] exact;

    /**
     * @param anchors    anchor vectors (copied normalised, so cosine is one dot product)
     * @param anchorXY   their map positions, same order
     * @param neighbours how many nearest anchors to average; 10-15 (UMAP's own neighbourhood) works well
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
        this.topScore = new float[keep];
        this.topId = new int[keep];
        this.exact = new double[keep];
    }

    public int dimensions() {
        return anchors[0].length;
    }

    /** Writes the map position of {@code v} into {@code xyOut[0..1]}. */
    public void place(float[] v, float[] xyOut) {
        if (v.length != anchors[0].length) {
            throw new IllegalArgumentException("vector has " + v.length + " dimensions, anchors have " + anchors[0].length);
        }
        // Pass 1: the best `keep` anchors by SIMD dot product, kept sorted descending.
        Arrays.fill(topScore, Float.NEGATIVE_INFINITY);
        Arrays.fill(topId, -1);
        float worst = Float.NEGATIVE_INFINITY;
        for (int a = 0; a < anchors.length; a++) {
            float s = VectorUtil.dotProduct(v, anchors[a]);
            if (s > worst) {
                int m = keep - 1;
                while (m > 0 && topScore[m - 1] < s) {
                    topScore[m] = topScore[m - 1];
                    topId[m] = topId[m - 1];
                    m--;
                }
                topScore[m] = s;
                topId[m] = a;
                worst = topScore[keep - 1];
            }
        }
        // Pass 2: exact cosine distances in double, insertion-sorted by (distance, anchor index).
        double norm = 0;
        for (float f : v) {
            norm += (double) f * f;
        }
        norm = Math.sqrt(norm);
        if (norm == 0) {
            norm = 1; // a zero vector is equally far from everything; it lands at the anchors' weighted centre
        }
        for (int m = 0; m < keep; m++) {
            double dot = 0;
            float[] anchor = anchors[topId[m]];
            for (int d = 0; d < v.length; d++) {
                dot += (double) v[d] * anchor[d];
            }
            double dist = 1.0 - dot / norm;
            int id = topId[m];
            int p = m;
            while (p > 0 && (exact[p - 1] > dist || (exact[p - 1] == dist && topId[p - 1] > id))) {
                exact[p] = exact[p - 1];
                topId[p] = topId[p - 1];
                p--;
            }
            exact[p] = dist;
            topId[p] = id;
        }
        if (exact[0] <= DUPLICATE) {
            xyOut[0] = anchorXY[topId[0]][0];
            xyOut[1] = anchorXY[topId[0]][1];
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
            double w = sigma > 0 ? Math.exp(-(exact[m] - exact[0]) / sigma) : 1.0;
            x += w * anchorXY[topId[m]][0];
            y += w * anchorXY[topId[m]][1];
            total += w;
        }
        xyOut[0] = (float) (x / total);
        xyOut[1] = (float) (y / total);
    }
}
