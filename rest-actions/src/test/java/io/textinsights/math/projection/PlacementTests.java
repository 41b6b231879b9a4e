/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.math.projection;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlacementTests {

    @Test
    void anAnchorLandsExactlyOnItsOwnPosition() {
        float[][] anchors = KnnGraphTests.gaussian(200, 32, 20261122L);
        Random random = new Random(1);
        float[][] xy = new float[200][];
        for (int i = 0; i < 200; i++) {
            xy[i] = new float[] { random.nextFloat() * 10, random.nextFloat() * 10 };
        }
        Placement placement = new Placement(anchors, xy, 10);
        float[] out = new float[2];
        for (int i = 0; i < 200; i++) {
            placement.place(anchors[i], out);
            assertArrayEquals(xy[i], out, 0f, "anchor " + i);
            float[] longer = anchors[i].clone();
            for (int d = 0; d < longer.length; d++) {
                longer[d] *= 3f;
            }
            placement.place(longer, out); // cosine: only the direction counts
            assertArrayEquals(xy[i], out, 0f, "scaled anchor " + i);
        }
    }

    @Test
    void equallySimilarAnchorsWeighEqually() {
        float[][] anchors = { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };
        float[][] xy = { { 0, 0 }, { 10, 0 }, { 0, 30 } };
        Placement placement = new Placement(anchors, xy, 2);
        float[] out = new float[2];
        placement.place(new float[] { 1, 1, 0 }, out);
        assertArrayEquals(new float[] { 5, 0 }, out, 1e-5f);
        // Nearer the first anchor: pulled towards it, and the third anchor (not among the 2 nearest) has no say.
        placement.place(new float[] { 1, 0.6f, 0.1f }, out);
        assertTrue(out[0] > 0 && out[0] < 5, "x " + out[0]);
        assertEquals(0f, out[1], 1e-6f);
    }

    @Test
    void heldOutPointsLandNearTheirOwnMapPosition() throws ProjectionException {
        int perBlob = 150;
        float[][] sample = ProjectionTests.blobs(3, perBlob, 50, 1.5, 77L);
        float[][] map = Projection.fit(sample, new ProjectionOptions(15, 200, 3L));
        // Every third point is held out; the others are anchors.
        int anchorsCount = 0;
        float[][] anchors = new float[sample.length][];
        float[][] anchorXY = new float[sample.length][];
        for (int i = 0; i < sample.length; i++) {
            if (i % 3 != 0) {
                anchors[anchorsCount] = sample[i];
                anchorXY[anchorsCount++] = map[i];
            }
        }
        Placement placement = new Placement(Arrays.copyOf(anchors, anchorsCount), Arrays.copyOf(anchorXY, anchorsCount), 10);
        float[][] placedMap = map.clone();
        double[] errors = new double[sample.length / 3];
        float[] out = new float[2];
        for (int i = 0; i < sample.length; i += 3) {
            placement.place(sample[i], out);
            errors[i / 3] = Math.hypot(out[0] - map[i][0], out[1] - map[i][1]);
            placedMap[i] = out.clone();
        }
        float minX = Float.MAX_VALUE, maxX = -Float.MAX_VALUE, minY = Float.MAX_VALUE, maxY = -Float.MAX_VALUE;
        for (float[] p : map) {
            minX = Math.min(minX, p[0]);
            maxX = Math.max(maxX, p[0]);
            minY = Math.min(minY, p[1]);
            maxY = Math.max(maxY, p[1]);
        }
        double diagonal = Math.hypot(maxX - minX, maxY - minY);
        Arrays.sort(errors);
        double median = errors[errors.length / 2] / diagonal;
        assertTrue(median < 0.05, "median placement error " + median + " of the map's diagonal");
        // And every held-out point still sits with its own blob.
        assertTrue(ProjectionTests.nearestCentreAccuracy(placedMap, 3, perBlob) > 0.98);
    }

    @Test
    void placeAllEqualsPlacingOneByOne() {
        float[][] anchors = KnnGraphTests.gaussian(300, 48, 12L);
        Random random = new Random(2);
        float[][] xy = new float[300][];
        for (int i = 0; i < 300; i++) {
            xy[i] = new float[] { random.nextFloat(), random.nextFloat() };
        }
        float[][] docs = KnnGraphTests.gaussian(45, 48, 13L); // not a multiple of the batch
        docs[20] = anchors[7].clone();
        Placement placement = new Placement(anchors, xy, 5);
        float[][] batched = new float[45][2];
        placement.placeAll(docs, 45, batched);
        float[] single = new float[2];
        for (int i = 0; i < 45; i++) {
            placement.place(docs[i], single);
            assertArrayEquals(single, batched[i], 0f, "document " + i);
        }
        assertArrayEquals(xy[7], batched[20], 0f);
    }

    /** The documented result in exact arithmetic: all anchors by (1 - cos, index), the weighted mean of the best. */
    private static float[] reference(float[][] anchors, float[][] xy, int neighbours, float[] v) {
        int n = anchors.length;
        double[] dist = new double[n];
        double norm = 0;
        for (float f : v) {
            norm += (double) f * f;
        }
        norm = Math.sqrt(norm);
        Integer[] order = new Integer[n];
        for (int a = 0; a < n; a++) {
            float[] unit = KnnGraph.normalisedCopy(anchors[a]);
            double dot = 0;
            for (int d = 0; d < v.length; d++) {
                dot += (double) v[d] * unit[d];
            }
            dist[a] = 1 - dot / norm;
            order[a] = a;
        }
        Arrays.sort(order, (x, y) -> dist[x] != dist[y] ? Double.compare(dist[x], dist[y]) : Integer.compare(x, y));
        if (dist[order[0]] <= 1e-6) {
            return xy[order[0]].clone();
        }
        double sigma = 0;
        for (int m = 0; m < neighbours; m++) {
            sigma += dist[order[m]] - dist[order[0]];
        }
        sigma /= neighbours;
        double x = 0;
        double y = 0;
        double total = 0;
        for (int m = 0; m < neighbours; m++) {
            double w = sigma > 0 ? StrictMath.exp(-(dist[order[m]] - dist[order[0]]) / sigma) : 1.0;
            x += w * xy[order[m]][0];
            y += w * xy[order[m]][1];
            total += w;
        }
        return new float[] { (float) (x / total), (float) (y / total) };
    }

    /**
     * 20 copies of one anchor (and 12 near-copies), more than pass 1 keeps (neighbours + 4): the exactness check must
     * rescore all anchors, so that the result is the exact one and not whatever order the SIMD scores gave the ties.
     */
    @Test
    void tiedAnchorsGetTheExactResult() {
        float[][] anchors = KnnGraphTests.gaussian(400, 32, 31L);
        Random random = new Random(3);
        for (int i = 1; i <= 20; i++) {
            anchors[i * 11] = anchors[5].clone();
        }
        for (int i = 0; i < 12; i++) {
            float[] near = anchors[5].clone();
            near[random.nextInt(32)] += 1e-2f;
            anchors[300 + i] = near;
        }
        float[][] xy = new float[400][];
        for (int i = 0; i < 400; i++) {
            xy[i] = new float[] { random.nextFloat() * 10, random.nextFloat() * 10 };
        }
        Placement placement = new Placement(anchors, xy, 5);
        float[] out = new float[2];
        placement.place(anchors[5], out);
        assertArrayEquals(xy[5], out, 0f, "a copy of anchor 5 lands on the first of its copies");
        assertArrayEquals(reference(anchors, xy, 5, anchors[5]), out, 0f);
        float[][] docs = KnnGraphTests.gaussian(40, 32, 32L);
        for (int i = 0; i < 20; i++) {
            docs[i] = anchors[5].clone();
            docs[i][random.nextInt(32)] += (float) (random.nextGaussian() * 1e-2);
        }
        for (float[] doc : docs) {
            placement.place(doc, out);
            assertArrayEquals(reference(anchors, xy, 5, doc), out, 0f);
        }
        for (int i = 300; i < 312; i++) {
            placement.place(anchors[i], out);
            assertArrayEquals(reference(anchors, xy, 5, anchors[i]), out, 0f, "near-copy " + i);
        }
    }

    @Test
    void rejectsMismatchedInput() {
        float[][] anchors = { { 1, 0 }, { 0, 1 } };
        assertThrows(IllegalArgumentException.class, () -> new Placement(anchors, new float[][] { { 0, 0 } }, 1));
        assertThrows(IllegalArgumentException.class, () -> new Placement(new float[0][], new float[0][], 1));
        assertThrows(IllegalArgumentException.class, () -> new Placement(anchors, new float[][] { { 0, 0 }, { 1, 1 } }, 0));
        Placement placement = new Placement(anchors, new float[][] { { 0, 0 }, { 1, 1 } }, 5);
        assertThrows(IllegalArgumentException.class, () -> placement.place(new float[3], new float[2]));
        float[] out = new float[2];
        placement.place(new float[2], out); // a zero vector is equally far from all: the anchors' centre
        assertArrayEquals(new float[] { 0.5f, 0.5f }, out, 1e-6f);
    }
}
