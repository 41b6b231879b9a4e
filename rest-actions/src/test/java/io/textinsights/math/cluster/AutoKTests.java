package io.textinsights.math.cluster;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutoKTests {

    @Test
    void findsTheNumberOfWellSeparatedBlobs() {
        for (int clusters : new int[] {3, 6}) {
            GaussianBlobs blobs = GaussianBlobs.generate(clusters, 120, 16, 8, 1, 100L + clusters);
            AutoK.Choice choice = AutoK.choose(blobs.points(), 42L, 2, 10);
            assertEquals(clusters, choice.k(), "scores " + choice.scores());
            assertEquals(9, choice.scores().size());
            assertEquals(AutoK.CRITERION, choice.criterion());
        }
    }

    @Test
    void isDeterministicForASeed() {
        float[][] data = GaussianBlobs.generate(5, 80, 12, 2, 1, 77L).points();
        AutoK.Choice first = AutoK.choose(data, 9L, 2, 8);
        AutoK.Choice second = AutoK.choose(data, 9L, 2, 8);
        assertEquals(first, second);
    }

    @Test
    void staysInsideTheRange() {
        // Six clear blobs, but the caller only allows 2..4.
        GaussianBlobs blobs = GaussianBlobs.generate(6, 60, 8, 8, 1, 55L);
        AutoK.Choice choice = AutoK.choose(blobs.points(), 1L, 2, 4);
        assertTrue(choice.k() >= 2 && choice.k() <= 4, "k=" + choice.k());
        assertEquals(3, choice.scores().size());
    }

    @Test
    void tooFewPointsFallsBackWithoutScoring() {
        float[][] three = {{0, 0}, {1, 1}, {2, 2}};
        AutoK.Choice choice = AutoK.choose(three, 0L, 4, 30);
        assertEquals(3, choice.k());
        assertTrue(choice.scores().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> AutoK.choose(three, 0L, 1, 30));
        assertThrows(IllegalArgumentException.class, () -> AutoK.choose(three, 0L, 5, 4));
        assertThrows(IllegalArgumentException.class, () -> AutoK.choose(new float[0][], 0L, 2, 4));
    }

    @Test
    void silhouetteMatchesScikitLearn() {
        // 1-d points, distance |x - y|; reference values from sklearn.metrics.silhouette_score(D, labels, metric="precomputed").
        float[] x = {0, 1, 2, 10, 11, 13};
        float[][] distances = new float[6][6];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                distances[i][j] = Math.abs(x[i] - x[j]);
            }
        }
        assertEquals(0.8382671706675503, AutoK.silhouette(distances, new int[] {0, 0, 0, 1, 1, 1}, 2), 1e-6);
        // A singleton cluster scores 0 for its point.
        assertEquals(-0.00621625461778913, AutoK.silhouette(distances, new int[] {0, 0, 1, 1, 1, 2}, 3), 1e-6);
    }

    @Test
    void cosineDistancesIgnoreLength() {
        SplittableRandom random = new SplittableRandom(3L);
        float[] v = new float[8];
        for (int j = 0; j < 8; j++) {
            v[j] = (float) random.nextGaussian();
        }
        float[] scaled = v.clone();
        for (int j = 0; j < 8; j++) {
            scaled[j] *= 5;
        }
        float[] opposite = v.clone();
        for (int j = 0; j < 8; j++) {
            opposite[j] = -opposite[j];
        }
        float[][] d = AutoK.cosineDistances(new float[][] {v, scaled, opposite}, new int[] {0, 1, 2});
        assertEquals(0, d[0][1], 1e-6);
        assertEquals(2, d[0][2], 1e-6);
        assertEquals(d[2][1], d[1][2]);
    }
}
