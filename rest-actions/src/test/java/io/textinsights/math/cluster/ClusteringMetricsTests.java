package io.textinsights.math.cluster;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusteringMetricsTests {

    @Test
    void identicalPartitionsScoreOneWhateverTheLabelNames() {
        int[] a = {0, 0, 1, 1, 2, 2, 2};
        int[] renamed = {7, 7, -1, -1, 3, 3, 3};
        assertEquals(1.0, ClusteringMetrics.nmi(a, a), 1e-12);
        assertEquals(1.0, ClusteringMetrics.ari(a, a), 1e-12);
        assertEquals(1.0, ClusteringMetrics.nmi(a, renamed), 1e-12);
        assertEquals(1.0, ClusteringMetrics.ari(a, renamed), 1e-12);
    }

    @Test
    void independentLabelingsScoreNearZero() {
        SplittableRandom random = new SplittableRandom(1234L);
        int n = 20_000;
        int[] a = new int[n];
        int[] b = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextInt(4);
            b[i] = random.nextInt(5);
        }
        assertEquals(0.0, ClusteringMetrics.ari(a, b), 0.005);
        assertEquals(0.0, ClusteringMetrics.nmi(a, b), 0.005);
    }

    @Test
    void smallExampleByHand() {
        // Contingency [[2,1,0],[0,1,2]] of n=6.
        int[] a = {0, 0, 0, 1, 1, 1};
        int[] b = {0, 0, 1, 1, 2, 2};
        // ARI: index 2, expected 6*3/15 = 1.2, max (6+3)/2 = 4.5 -> 0.8/3.3 = 8/33.
        assertEquals(8.0 / 33.0, ClusteringMetrics.ari(a, b), 1e-12);
        // MI = 2 * (2/6) ln 2; H(a) = ln 2, H(b) = ln 3; arithmetic-mean normaliser.
        double expectedNmi = (2.0 / 3.0 * Math.log(2)) / ((Math.log(2) + Math.log(3)) / 2);
        assertEquals(expectedNmi, ClusteringMetrics.nmi(a, b), 1e-12);
        // The same values from scikit-learn 1.2.1 (normalized_mutual_info_score, adjusted_rand_score).
        assertEquals(0.5158037429793888, ClusteringMetrics.nmi(a, b), 1e-12);
        assertEquals(0.24242424242424243, ClusteringMetrics.ari(a, b), 1e-12);
    }

    @Test
    void noiseLabelIsOneMoreLabelAsInScikitLearn() {
        int[] a = {-1, -1, 0, 0, 0, 1, 1, 1, 2, 2};
        int[] b = {0, 0, 0, 1, 1, 1, 1, 2, 2, -1};
        // scikit-learn 1.2.1 on the same arrays.
        assertEquals(0.5739323787756516, ClusteringMetrics.nmi(a, b), 1e-12);
        assertEquals(0.16923076923076924, ClusteringMetrics.ari(a, b), 1e-12);
    }

    @Test
    void crossedPartitionsAndEdgeCases() {
        // Two balanced splits that cut across each other: no shared information, ARI below chance (sklearn: 0.0, -0.5).
        assertEquals(0.0, ClusteringMetrics.nmi(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}), 1e-12);
        assertEquals(-0.5, ClusteringMetrics.ari(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}), 1e-12);
        // Neither labelling splits the data: a perfect match, as in scikit-learn.
        assertEquals(1.0, ClusteringMetrics.nmi(new int[] {3, 3, 3}, new int[] {5, 5, 5}));
        assertEquals(1.0, ClusteringMetrics.ari(new int[] {3, 3, 3}, new int[] {5, 5, 5}));
        // One cluster against a real split carries no information.
        assertEquals(0.0, ClusteringMetrics.nmi(new int[] {1, 1, 1, 1}, new int[] {0, 0, 1, 1}));
        assertThrows(IllegalArgumentException.class, () -> ClusteringMetrics.nmi(new int[] {1}, new int[] {1, 2}));
    }

    @Test
    void moreClustersThanClassesLowersNmi() {
        int[] truth = new int[400];
        int[] fine = new int[400];
        for (int i = 0; i < 400; i++) {
            truth[i] = i / 100;
            fine[i] = i / 50; // every class split in two
        }
        double nmi = ClusteringMetrics.nmi(truth, fine);
        // I = H(truth) = ln 4, H(fine) = ln 8: 2 ln 4 / (ln 4 + ln 8) = 0.8.
        assertEquals(0.8, nmi, 1e-12);
        assertTrue(ClusteringMetrics.ari(truth, fine) < 1);
    }
}
