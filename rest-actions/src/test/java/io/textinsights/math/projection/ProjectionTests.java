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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProjectionTests {

    /** {@code blobs} Gaussian blobs of {@code perBlob} points in {@code dims}-d; blob of point i = i / perBlob. */
    static float[][] blobs(int blobs, int perBlob, int dims, double separation, long seed) {
        Random random = new Random(seed);
        float[][] points = new float[blobs * perBlob][dims];
        for (int b = 0; b < blobs; b++) {
            double[] centre = new double[dims];
            for (int d = 0; d < dims; d++) {
                centre[d] = random.nextGaussian() * separation;
            }
            for (int i = 0; i < perBlob; i++) {
                for (int d = 0; d < dims; d++) {
                    points[b * perBlob + i][d] = (float) (centre[d] + random.nextGaussian());
                }
            }
        }
        return points;
    }

    /** Share of points whose nearest blob centre in 2-D (mean of the blob's points there) is their own blob's. */
    static double nearestCentreAccuracy(float[][] xy, int blobs, int perBlob) {
        double[][] centres = new double[blobs][2];
        for (int i = 0; i < xy.length; i++) {
            centres[i / perBlob][0] += xy[i][0] / perBlob;
            centres[i / perBlob][1] += xy[i][1] / perBlob;
        }
        int right = 0;
        for (int i = 0; i < xy.length; i++) {
            int best = 0;
            for (int b = 1; b < blobs; b++) {
                if (Math.hypot(xy[i][0] - centres[b][0], xy[i][1] - centres[b][1])
                    < Math.hypot(xy[i][0] - centres[best][0], xy[i][1] - centres[best][1])) {
                    best = b;
                }
            }
            right += best == i / perBlob ? 1 : 0;
        }
        return right / (double) xy.length;
    }

    @Test
    void keepsSeparatedBlobsSeparated() throws ProjectionException {
        float[][] points = blobs(3, 150, 50, 1.5, 20261122L);
        float[][] xy = Projection.fit(points, new ProjectionOptions(15, 200, 7L));
        assertEquals(450, xy.length);
        double accuracy = nearestCentreAccuracy(xy, 3, 150);
        assertTrue(accuracy > 0.95, "nearest-blob-centre accuracy in 2-D " + accuracy);
    }

    @Test
    void sameSeedSameMapOtherSeedOtherMap() throws ProjectionException {
        float[][] points = blobs(3, 100, 20, 1.0, 99L);
        ProjectionOptions options = new ProjectionOptions(10, 100, 42L);
        float[][] first = Projection.fit(points, options);
        float[][] second = Projection.fit(points, options);
        for (int i = 0; i < points.length; i++) {
            assertArrayEquals(first[i], second[i], 0f, "point " + i);
        }
        float[][] other = Projection.fit(points, new ProjectionOptions(10, 100, 43L));
        assertFalse(Arrays.deepEquals(first, other), "another seed should give another layout");
    }

    @Test
    void reducesToMoreDimensions() throws ProjectionException {
        float[][] points = blobs(2, 60, 12, 2.0, 5L);
        double[][] reduced = Projection.reduce(points, 5, 0.01, new ProjectionOptions(10, 50, 1L));
        assertEquals(120, reduced.length);
        for (double[] row : reduced) {
            assertEquals(5, row.length);
            for (double c : row) {
                assertTrue(Double.isFinite(c));
            }
        }
    }

    @Test
    void tinySamplesStillGetAMap() throws ProjectionException {
        ProjectionOptions options = new ProjectionOptions(15, 50, 1L);
        assertEquals(0, Projection.fit(new float[0][], options).length);
        float[][] three = Projection.fit(blobs(1, 3, 8, 1, 2L), options);
        assertEquals(3, three.length);
        assertFalse(Arrays.equals(three[0], three[1]), "points are spread, not stacked");
        // Fewer points than neighbours: the neighbourhood shrinks to the sample.
        float[][] nine = Projection.fit(blobs(1, 9, 8, 1, 3L), options);
        assertEquals(9, nine.length);
        for (float[] p : nine) {
            assertTrue(Float.isFinite(p[0]) && Float.isFinite(p[1]));
        }
    }

    @Test
    void rejectsNonFiniteAndRaggedInput() {
        float[][] points = blobs(1, 30, 4, 1, 4L);
        points[7][2] = Float.NaN;
        ProjectionOptions options = new ProjectionOptions(5, 50, 1L);
        assertThrows(IllegalArgumentException.class, () -> Projection.fit(points, options));
        float[][] ragged = blobs(1, 30, 4, 1, 4L);
        ragged[3] = new float[5];
        assertThrows(IllegalArgumentException.class, () -> Projection.fit(ragged, options));
        assertThrows(IllegalArgumentException.class, () -> new ProjectionOptions(1, 50, 1L));
        assertThrows(IllegalArgumentException.class, () -> new ProjectionOptions(15, 5, 1L));
    }

    @Test
    void missingNativeLibraryBecomesProjectionExceptionNamingTheFix() {
        ExceptionInInitializerError error = new ExceptionInInitializerError(
            new UnsatisfiedLinkError("Cannot open library: libarpack.so")
        );
        ProjectionException e = assertThrows(ProjectionException.class, () -> Projection.guarded("UMAP", () -> {
            throw error;
        }));
        assertSame(error, e.getCause());
        assertTrue(e.getMessage().contains("libopenblas-dev") && e.getMessage().contains("libarpack2-dev"), e.getMessage());

        // The second use of a class whose initialiser failed.
        e = assertThrows(ProjectionException.class, () -> Projection.guarded("UMAP", () -> {
            throw new NoClassDefFoundError("Could not initialize class smile.tensor.ARPACK");
        }));
        assertTrue(e.getMessage().contains("libopenblas-dev"), e.getMessage());
    }

    @Test
    void otherErrorsAndExceptionsBecomeProjectionExceptions() {
        ProjectionException oom = assertThrows(ProjectionException.class, () -> Projection.guarded("UMAP", () -> {
            throw new OutOfMemoryError("Java heap space");
        }));
        assertTrue(oom.getCause() instanceof OutOfMemoryError);
        assertFalse(oom.getMessage().contains("libopenblas-dev"), "not a native-library problem: " + oom.getMessage());

        ProjectionException arithmetic = assertThrows(ProjectionException.class, () -> Projection.guarded("HDBSCAN", () -> {
            throw new ArithmeticException("ARPACK DSAUPD error code: -9");
        }));
        assertTrue(arithmetic.getMessage().startsWith("HDBSCAN failed"), arithmetic.getMessage());
        assertFalse(arithmetic.getMessage().contains("libopenblas-dev"), "a numeric failure, not a missing library");

        // The caller's own mistakes stay IllegalArgumentException (a 400, not a 500).
        assertThrows(IllegalArgumentException.class, () -> Projection.guarded("UMAP", () -> {
            throw new IllegalArgumentException("bad");
        }));
    }
}
