/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.math.cluster;

import io.textinsights.math.projection.ProjectionException;
import org.apache.lucene.util.VectorUtil;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DensityClusteringTests {

    private static final int BLOBS = 3;
    private static final int PER_BLOB = 200;
    static final int NOISE = 60;
    private static final int DIMS = 32;

    /** Blob b's points are rows b*PER_BLOB.. of {@code points}; then {@code noise} points in random directions, far out. */
    static float[][] blobsAndNoise(long seed, int noise) {
        Random random = new Random(seed);
        float[][] points = new float[BLOBS * PER_BLOB + noise][DIMS];
        for (int b = 0; b < BLOBS; b++) {
            double[] centre = new double[DIMS];
            for (int d = 0; d < DIMS; d++) {
                centre[d] = 3 * random.nextGaussian();
            }
            for (int i = 0; i < PER_BLOB; i++) {
                for (int d = 0; d < DIMS; d++) {
                    points[b * PER_BLOB + i][d] = (float) (centre[d] + random.nextGaussian());
                }
            }
        }
        for (int i = BLOBS * PER_BLOB; i < points.length; i++) {
            points[i] = farPoint(random);
        }
        return points;
    }

    private static float[] farPoint(Random random) {
        float[] p = new float[DIMS];
        for (int d = 0; d < DIMS; d++) {
            p[d] = (float) (20 * random.nextGaussian());
        }
        return p;
    }

    @Test
    void findsTheBlobsAndLeavesFarPointsAsNoise() throws ProjectionException {
        float[][] points = blobsAndNoise(20261122L, NOISE);
        DensityClustering.Result result = DensityClustering.fit(points, new DensityOptions(30, 10, 5, 7L));
        assertEquals(3, result.clusterCount());
        assertEquals(3, result.centroids().length);
        assertEquals(3, result.spreads().length);

        int[] blobCluster = new int[BLOBS];
        for (int b = 0; b < BLOBS; b++) {
            int[] votes = new int[result.clusterCount()];
            for (int i = b * PER_BLOB; i < (b + 1) * PER_BLOB; i++) {
                if (result.sampleLabels()[i] >= 0) {
                    votes[result.sampleLabels()[i]]++;
                }
            }
            int best = 0;
            for (int c = 1; c < votes.length; c++) {
                best = votes[c] > votes[best] ? c : best;
            }
            blobCluster[b] = best;
            assertTrue(votes[best] >= 0.95 * PER_BLOB, "blob " + b + " mostly in one cluster: " + votes[best]);
        }
        assertNotEquals(blobCluster[0], blobCluster[1]);
        assertNotEquals(blobCluster[1], blobCluster[2]);
        assertNotEquals(blobCluster[0], blobCluster[2]);

        int noise = 0;
        for (int label : result.sampleLabels()) {
            noise += label < 0 ? 1 : 0;
        }
        assertEquals(noise, result.noiseCount());

        // Shard-side: blob members go to their blob's cluster (about 5% sit beyond the 95th-percentile spread),
        // never to another blob's; far points become noise.
        for (int b = 0; b < BLOBS; b++) {
            int right = 0;
            for (int i = b * PER_BLOB; i < (b + 1) * PER_BLOB; i++) {
                int assigned = DensityClustering.assign(points[i], result.centroids(), result.spreads());
                assertTrue(assigned == blobCluster[b] || assigned == -1, "point " + i + " went to cluster " + assigned);
                right += assigned == blobCluster[b] ? 1 : 0;
            }
            assertTrue(right >= 0.9 * PER_BLOB, "blob " + b + ": " + right + " assigned");
        }
        Random random = new Random(99L);
        int farNoise = 0;
        for (int i = 0; i < 200; i++) {
            farNoise += DensityClustering.assign(farPoint(random), result.centroids(), result.spreads()) == -1 ? 1 : 0;
        }
        assertEquals(200, farNoise, "far points are noise");
        for (int i = BLOBS * PER_BLOB; i < points.length; i++) {
            assertEquals(-1, DensityClustering.assign(points[i], result.centroids(), result.spreads()), "sample noise " + i);
        }
    }

    /**
     * Fits {@code blobs} with the defaults for its size and checks the partition: one cluster per blob holding at
     * least 95% of it, clusters at least 99% pure, at most 5% noise. (Measured over UMAP seeds 1-6 for every shape
     * below: all points in their blob's cluster, no noise.)
     */
    private static void assertFindsTheBlobs(GaussianBlobs blobs) throws ProjectionException {
        int n = blobs.points().length;
        int t = blobs.centres().length;
        DensityClustering.Result result = DensityClustering.fit(blobs.points(), DensityOptions.forSample(n, 1L));
        assertEquals(t, result.clusterCount(), "clusters");
        int k = result.clusterCount();
        int[][] table = new int[k][t];
        int[] blobSize = new int[t];
        int noise = 0;
        for (int i = 0; i < n; i++) {
            blobSize[blobs.truth()[i]]++;
            int label = result.sampleLabels()[i];
            if (label < 0) {
                noise++;
            } else {
                table[label][blobs.truth()[i]]++;
            }
        }
        boolean[] taken = new boolean[k];
        for (int b = 0; b < t; b++) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                best = table[c][b] > table[best][b] ? c : best;
            }
            assertTrue(taken[best] == false, "blob " + b + " shares cluster " + best + " with another blob");
            taken[best] = true;
            assertTrue(table[best][b] >= 0.95 * blobSize[b], "blob " + b + ": " + table[best][b] + " of " + blobSize[b]);
        }
        for (int c = 0; c < k; c++) {
            int size = Arrays.stream(table[c]).sum();
            int most = Arrays.stream(table[c]).max().getAsInt();
            assertTrue(most >= 0.99 * size, "cluster " + c + " mixes blobs: " + Arrays.toString(table[c]));
        }
        assertTrue(noise <= 0.05 * n, "noise " + noise + " of " + n);
    }

    /** 400, 150 and 60 points: the big blob is 2/3 of the sample, over the 1/3 cap, and must not be broken up. */
    @Test
    void findsBlobsOfVeryDifferentSizes() throws ProjectionException {
        assertFindsTheBlobs(
            GaussianBlobs.shaped(16, 10, 1L, new GaussianBlobs.Shape(400, 1, 1), new GaussianBlobs.Shape(150, 1, 1), new GaussianBlobs.Shape(60, 1, 1))
        );
    }

    @Test
    void findsBlobsOfDifferentDensities() throws ProjectionException {
        assertFindsTheBlobs(
            GaussianBlobs.shaped(16, 12, 2L, new GaussianBlobs.Shape(200, 0.5, 1), new GaussianBlobs.Shape(200, 1, 1), new GaussianBlobs.Shape(200, 2, 1))
        );
    }

    /** Two blobs 5 times as long along one direction as across. */
    @Test
    void findsElongatedBlobs() throws ProjectionException {
        assertFindsTheBlobs(
            GaussianBlobs.shaped(16, 15, 3L, new GaussianBlobs.Shape(200, 1, 5), new GaussianBlobs.Shape(200, 1, 5), new GaussianBlobs.Shape(200, 1, 1))
        );
    }

    @Test
    void findsBlobsInFewAndInManyDimensions() throws ProjectionException {
        GaussianBlobs.Shape few = new GaussianBlobs.Shape(150, 0.5, 1);
        assertFindsTheBlobs(GaussianBlobs.shaped(4, 10, 4L, few, few, few));
        GaussianBlobs.Shape many = new GaussianBlobs.Shape(150, 1, 1);
        assertFindsTheBlobs(GaussianBlobs.shaped(128, 5, 5L, many, many, many, many));
    }

    @Test
    void spreadIsTheNinetyFifthPercentileOfMembersSquaredDistances() throws ProjectionException {
        float[][] points = blobsAndNoise(5L, 0);
        DensityClustering.Result result = DensityClustering.fit(points, new DensityOptions(30, 10, 5, 1L));
        assertEquals(3, result.clusterCount());
        for (int c = 0; c < result.clusterCount(); c++) {
            int members = 0;
            int within = 0;
            double[] mean = new double[DIMS];
            for (int i = 0; i < points.length; i++) {
                if (result.sampleLabels()[i] == c) {
                    members++;
                    float d = VectorUtil.squareDistance(points[i], result.centroids()[c]);
                    within += d <= result.spreads()[c] * (1 + 1e-6f) ? 1 : 0;
                    for (int d2 = 0; d2 < DIMS; d2++) {
                        mean[d2] += points[i][d2];
                    }
                }
            }
            double share = within / (double) members;
            assertTrue(share >= 0.95 && share < 0.97, "cluster " + c + ": " + share + " of members within the spread");
            for (int d = 0; d < DIMS; d++) {
                assertEquals(mean[d] / members, result.centroids()[c][d], 1e-4, "centroid is the members' mean");
            }
        }
    }

    @Test
    void outlyingMembersDoNotStretchTheSpread() throws ProjectionException {
        // UMAP glues the scattered points onto the blobs, so HDBSCAN counts them as members: the fence must hold.
        float[][] points = blobsAndNoise(20261122L, NOISE);
        DensityClustering.Result result = DensityClustering.fit(points, new DensityOptions(30, 10, 5, 7L));
        double blobRadius = 0;
        for (int c = 0; c < result.clusterCount(); c++) {
            for (int i = 0; i < BLOBS * PER_BLOB; i++) {
                if (result.sampleLabels()[i] == c) {
                    blobRadius = Math.max(blobRadius, VectorUtil.squareDistance(points[i], result.centroids()[c]));
                }
            }
        }
        for (int c = 0; c < result.clusterCount(); c++) {
            assertTrue(result.spreads()[c] <= 2 * blobRadius, "cluster " + c + " spread " + result.spreads()[c] + " vs blob " + blobRadius);
        }
    }

    @Test
    void sameSeedSameResult() throws ProjectionException {
        float[][] points = blobsAndNoise(11L, NOISE);
        DensityOptions options = new DensityOptions(30, 10, 5, 3L);
        DensityClustering.Result first = DensityClustering.fit(points, options);
        DensityClustering.Result second = DensityClustering.fit(points, options);
        assertArrayEquals(first.sampleLabels(), second.sampleLabels());
        assertArrayEquals(first.spreads(), second.spreads(), 0f);
        for (int c = 0; c < first.clusterCount(); c++) {
            assertArrayEquals(first.centroids()[c], second.centroids()[c], 0f);
        }
    }

    /**
     * What made these clusters differ between machines, switched in child JVMs: Math's pow/exp/log (HotSpot's LIBM
     * stubs off: fdlibm results instead), the JIT (C1 only), the SIMD kernels (no Vector API, so Lucene's scalar code;
     * or 128-bit SSE lanes instead of this machine's AVX-512) and OpenBLAS's kernels (OPENBLAS_CORETYPE=Prescott;
     * nothing calls BLAS any more, this keeps it so). Every setting must give the same bits, and the same as recorded
     * here on an AMD EPYC: never update {@link #RECORDED} because a machine disagrees, that is the bug this catches.
     */
    @Test
    void sameResultWhateverTheJvmsMathSimdAndJit() throws Exception {
        String here = DensityFingerprint.compute();
        assertEquals(RECORDED, here);
        boolean x86 = List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
        List<List<String>> settings = List.of(
            List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:-UseLibmIntrinsic", "-XX:TieredStopAtLevel=1"),
            List.of("--add-modules=jdk.incubator.vector", x86 ? "-XX:UseAVX=0" : "-XX:MaxVectorSize=16")
        );
        for (List<String> flags : settings) {
            assertEquals(here, inChildJvm(flags), "with " + flags);
        }
    }

    static final String RECORDED = "3 clusters, 0 noise, 4359959556683139";

    private static String inChildJvm(List<String> flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.addAll(flags);
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(DensityFingerprint.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("OPENBLAS_CORETYPE", "Prescott");
        Path errors = Files.createTempFile("fingerprint", ".err");
        builder.redirectError(errors.toFile());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "child JVM timed out");
        String err = Files.readString(errors);
        Files.delete(errors);
        assertEquals(0, process.exitValue(), "child JVM with " + flags + " failed: " + err);
        return out.substring(out.lastIndexOf('\n') + 1);
    }

    @Test
    void assignTakesTheNearestCentroidWithinItsSpread() {
        float[][] centroids = { { 0, 0 }, { 10, 0 } };
        float[] spreads = { 4, 1 };
        assertEquals(0, DensityClustering.assign(new float[] { 1, 0 }, centroids, spreads));
        assertEquals(0, DensityClustering.assign(new float[] { 0, 2 }, centroids, spreads)); // exactly on the spread
        assertEquals(-1, DensityClustering.assign(new float[] { 3, 0 }, centroids, spreads)); // 9 > 4
        assertEquals(1, DensityClustering.assign(new float[] { 9.5f, 0 }, centroids, spreads));
        assertEquals(-1, DensityClustering.assign(new float[] { 8, 0 }, centroids, spreads)); // nearest 1, 4 > 1
        // Only the nearest cluster counts: inside cluster 0's wide spread (49 <= 100), but nearer 1 and beyond its spread.
        assertEquals(-1, DensityClustering.assign(new float[] { 7, 0 }, centroids, new float[] { 100, 1 }));
        assertEquals(-1, DensityClustering.assign(new float[] { 1, 0 }, new float[0][], new float[0]));
    }

    /** assign's documented answer, in exact (double, index order) arithmetic. */
    private static int exactAssignment(float[] v, float[][] centroids, float[] spreads) {
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centroids.length; c++) {
            double s = 0;
            for (int d = 0; d < v.length; d++) {
                double t = (double) v[d] - centroids[c][d];
                s += t * t;
            }
            if (s < bestDistance) {
                bestDistance = s;
                best = c;
            }
        }
        return best >= 0 && bestDistance <= spreads[best] ? best : -1;
    }

    /**
     * Documents halfway between two centroids and on a spread's edge, where SIMD rounding could tip the answer: it
     * must be the exact one, whatever the CPU's vector width (Placement- and KnnGraph-style margin, then double).
     */
    @Test
    void assignIsExactAtTiesAndOnTheSpread() {
        Random random = new Random(17);
        int dims = 384;
        float[][] centroids = new float[6][dims];
        for (float[] c : centroids) {
            for (int d = 0; d < dims; d++) {
                c[d] = (float) (random.nextGaussian() * 0.05);
            }
        }
        centroids[5] = centroids[2].clone(); // a duplicate centroid: the lower index wins
        float[] spreads = new float[6];
        Arrays.fill(spreads, 1.5f);
        int checked = 0;
        for (int t = 0; t < 3000; t++) {
            float[] v = new float[dims];
            int a = random.nextInt(6);
            int b = random.nextInt(6);
            double w = t % 3 == 0 ? 0.5 : random.nextDouble();
            for (int d = 0; d < dims; d++) {
                v[d] = (float) (w * centroids[a][d] + (1 - w) * centroids[b][d] + random.nextGaussian() * 0.05);
            }
            if (t % 5 == 0) {
                // Put the nearest centroid's spread right on this document's distance to it.
                int near = exactAssignment(v, centroids, new float[] { 9, 9, 9, 9, 9, 9 });
                double s = 0;
                for (int d = 0; d < dims; d++) {
                    double diff = (double) v[d] - centroids[near][d];
                    s += diff * diff;
                }
                spreads[near] = t % 10 == 0 ? (float) s : Math.nextDown((float) s);
            }
            assertEquals(exactAssignment(v, centroids, spreads), DensityClustering.assign(v, centroids, spreads), "document " + t);
            checked++;
        }
        assertEquals(3000, checked);
        assertEquals(2, DensityClustering.assign(centroids[2], centroids, spreads), "tie between 2 and its copy 5");
    }

    @Test
    void emptyAndTinySamples() throws ProjectionException {
        DensityClustering.Result empty = DensityClustering.fit(new float[0][], new DensityOptions(5, 5, 5, 1L));
        assertEquals(0, empty.clusterCount());
        float[][] few = { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };
        DensityClustering.Result tiny = DensityClustering.fit(few, new DensityOptions(5, 5, 5, 1L));
        assertEquals(0, tiny.clusterCount(), "fewer points than minClusterSize: no cluster");
        assertEquals(3, tiny.noiseCount());
    }

    @Test
    void optionsValidateAndScaleWithTheSample() {
        assertThrows(IllegalArgumentException.class, () -> new DensityOptions(1, 5, 5, 1L));
        assertThrows(IllegalArgumentException.class, () -> new DensityOptions(10, 0, 5, 1L));
        assertThrows(IllegalArgumentException.class, () -> new DensityOptions(10, 5, 1, 1L));
        assertThrows(IllegalArgumentException.class, () -> new DensityOptions(10, 5, 5, 1L, 15, 200, 0));
        DensityOptions defaults = DensityOptions.forSample(5_000, 9L);
        assertEquals(150, defaults.minClusterSize());
        assertEquals(25, defaults.minSamples());
        assertEquals(5, defaults.reducedDimensions());
        assertEquals(10, DensityOptions.forSample(100, 9L).minClusterSize());
        assertEquals(10, DensityOptions.forSample(100, 9L).minSamples());
    }
}
