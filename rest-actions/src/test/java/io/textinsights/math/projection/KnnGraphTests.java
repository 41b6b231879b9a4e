/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.math.projection;

import org.junit.jupiter.api.Test;
import smile.graph.NearestNeighborGraph;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KnnGraphTests {

    static float[][] gaussian(int n, int dims, long seed) {
        Random random = new Random(seed);
        float[][] points = new float[n][dims];
        for (float[] p : points) {
            for (int d = 0; d < dims; d++) {
                p[d] = (float) random.nextGaussian();
            }
        }
        return points;
    }

    /** Scalar reference: every other point, distance in double, ranked by (distance, index). */
    private static int[][] bruteForce(float[][] points, int k, boolean cosine, double[][] distancesOut) {
        int n = points.length;
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            double[] dist = new double[n];
            for (int j = 0; j < n; j++) {
                double dot = 0;
                double na = 0;
                double nb = 0;
                double sq = 0;
                for (int d = 0; d < points[i].length; d++) {
                    dot += (double) points[i][d] * points[j][d];
                    na += (double) points[i][d] * points[i][d];
                    nb += (double) points[j][d] * points[j][d];
                    double t = (double) points[i][d] - points[j][d];
                    sq += t * t;
                }
                dist[j] = cosine ? 1 - dot / Math.sqrt(na * nb) : Math.sqrt(sq);
            }
            final int self = i;
            Integer[] order = new Integer[n];
            for (int j = 0; j < n; j++) {
                order[j] = j;
            }
            Arrays.sort(order, Comparator.<Integer>comparingDouble(j -> dist[j]).thenComparingInt(j -> j));
            out[i] = Arrays.stream(order).filter(j -> j != self).limit(k).mapToInt(Integer::intValue).toArray();
            distancesOut[i] = Arrays.stream(out[i]).mapToDouble(j -> dist[j]).toArray();
        }
        return out;
    }

    @Test
    void euclideanMatchesScalarBruteForceExactly() {
        float[][] points = gaussian(400, 24, 20261122L);
        double[][] expectedDistances = new double[400][];
        int[][] expected = bruteForce(points, 7, false, expectedDistances);
        NearestNeighborGraph graph = KnnGraph.build(points, 7, KnnGraph.Metric.EUCLIDEAN);
        assertEquals(7, graph.k());
        for (int i = 0; i < points.length; i++) {
            assertArrayEquals(expected[i], graph.neighbors()[i], "neighbours of " + i);
            assertArrayEquals(expectedDistances[i], graph.distances()[i], 1e-12, "distances of " + i);
        }
    }

    @Test
    void cosineMatchesScalarBruteForce() {
        float[][] points = gaussian(400, 24, 7L);
        for (int i = 0; i < points.length; i += 3) {
            for (int d = 0; d < points[i].length; d++) {
                points[i][d] *= 5f; // cosine must ignore length
            }
        }
        double[][] expectedDistances = new double[400][];
        int[][] expected = bruteForce(points, 10, true, expectedDistances);
        NearestNeighborGraph graph = KnnGraph.build(points, 10);
        for (int i = 0; i < points.length; i++) {
            assertArrayEquals(expected[i], graph.neighbors()[i], "neighbours of " + i);
            assertArrayEquals(expectedDistances[i], graph.distances()[i], 1e-6, "distances of " + i);
        }
    }

    @Test
    void sameGraphAsSmilesExactSearch() {
        float[][] points = gaussian(300, 16, 11L);
        double[][] asDouble = new double[points.length][];
        for (int i = 0; i < points.length; i++) {
            asDouble[i] = new double[16];
            for (int d = 0; d < 16; d++) {
                asDouble[i][d] = points[i][d];
            }
        }
        NearestNeighborGraph smile = NearestNeighborGraph.of(asDouble, 15);
        NearestNeighborGraph ours = KnnGraph.build(points, 15, KnnGraph.Metric.EUCLIDEAN);
        for (int i = 0; i < points.length; i++) {
            assertArrayEquals(smile.neighbors()[i], ours.neighbors()[i], "neighbours of " + i);
            assertArrayEquals(smile.distances()[i], ours.distances()[i], 1e-12, "distances of " + i);
        }
    }

    @Test
    void duplicatesAreEachOthersNearestAtDistanceZero() {
        float[][] points = gaussian(50, 8, 3L);
        points[17] = points[4].clone();
        NearestNeighborGraph graph = KnnGraph.build(points, 5);
        assertEquals(17, graph.neighbors()[4][0]);
        assertEquals(4, graph.neighbors()[17][0]);
        assertEquals(0.0, graph.distances()[4][0]);
        for (int i = 0; i < points.length; i++) {
            for (int m = 0; m < 5; m++) {
                assertTrue(graph.neighbors()[i][m] != i, "a point is not its own neighbour");
                assertTrue(m == 0 || graph.distances()[i][m - 1] <= graph.distances()[i][m], "sorted ascending");
            }
        }
    }

    /**
     * More tied candidates than pass 1 keeps (k + 8): 30 copies of one point and 10 near-copies. The fast pass cannot
     * rank them, so the exactness check must send those points to the exact scan, which ranks by (distance, index).
     */
    @Test
    void tiesBeyondTheMarginGetTheExactRanking() {
        float[][] points = gaussian(300, 24, 21L);
        Random random = new Random(4);
        for (int i = 1; i <= 30; i++) {
            points[i * 7] = points[0].clone();
        }
        for (int i = 0; i < 10; i++) {
            float[] near = points[0].clone();
            near[random.nextInt(24)] += 1e-6f;
            points[250 + i] = near;
        }
        for (boolean cosine : new boolean[] { false, true }) {
            double[][] expectedDistances = new double[points.length][];
            int[][] expected = bruteForce(points, 15, cosine, expectedDistances);
            NearestNeighborGraph graph = KnnGraph.build(points, 15, cosine ? KnnGraph.Metric.COSINE : KnnGraph.Metric.EUCLIDEAN);
            for (int i = 0; i < points.length; i++) {
                // Cosine: the reference's distances of near-copies differ from ours (normalised float copies) in the
                // last bits, so only the exact copies have a reference ranking to match.
                if (cosine == false || (i % 7 == 0 && i <= 210)) {
                    assertArrayEquals(expected[i], graph.neighbors()[i], (cosine ? "cosine" : "euclidean") + " neighbours of " + i);
                }
                assertArrayEquals(expectedDistances[i], graph.distances()[i], cosine ? 1e-6 : 1e-12, "distances of " + i);
            }
        }
    }

    @Test
    void repeatedCallsGiveIdenticalGraphs() {
        float[][] points = gaussian(700, 64, 5L);
        NearestNeighborGraph first = KnnGraph.build(points, 15);
        NearestNeighborGraph second = KnnGraph.build(points, 15);
        for (int i = 0; i < points.length; i++) {
            assertArrayEquals(first.neighbors()[i], second.neighbors()[i]);
            assertArrayEquals(first.distances()[i], second.distances()[i], 0.0);
        }
    }

    @Test
    void rejectsKOutsideTheSample() {
        float[][] points = gaussian(5, 4, 1L);
        assertThrows(IllegalArgumentException.class, () -> KnnGraph.build(points, 5));
        assertThrows(IllegalArgumentException.class, () -> KnnGraph.build(points, 0));
        float[][] ragged = { new float[4], new float[3], new float[4] };
        assertThrows(IllegalArgumentException.class, () -> KnnGraph.build(ragged, 1));
    }
}
