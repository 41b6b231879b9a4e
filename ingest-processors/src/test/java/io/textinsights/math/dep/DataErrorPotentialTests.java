/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.math.dep;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataErrorPotentialTests {

    private static final double EPS = 1e-12;

    @Test
    void hand_computed_three_epochs() {
        double[][] p = { { 0.7, 0.2, 0.1 }, { 0.5, 0.4, 0.1 }, { 0.2, 0.6, 0.2 } };
        // margins for gold 0: 0.5, 0.1, -0.4 -> AUM 0.2/3
        DataErrorPotential.Result r = DataErrorPotential.compute(p, 0, false);
        double aum = (0.5 + 0.1 - 0.4) / 3;
        assertEquals(aum, r.aum(), EPS);
        assertEquals((1 - aum) / 2, r.dep(), EPS);
        assertEquals(-0.4, r.margin(), EPS);
        assertEquals(1, r.prediction());
        assertEquals(0.6, r.confidence(), EPS);
    }

    @Test
    void certain_and_certainly_wrong_are_the_extremes() {
        assertEquals(0.0, DataErrorPotential.compute(new double[][] { { 1, 0 } }, 0, false).dep(), EPS);
        assertEquals(1.0, DataErrorPotential.compute(new double[][] { { 1, 0 } }, 1, false).dep(), EPS);
    }

    @Test
    void ties_predict_the_lowest_index() {
        DataErrorPotential.Result r = DataErrorPotential.compute(new double[][] { { 0.25, 0.25, 0.25, 0.25 } }, 2, false);
        assertEquals(0, r.prediction());
        assertEquals(0.5, r.dep(), EPS);
    }

    @Test
    void logits_match_explicit_softmax() {
        double[] logits = { 2.0, -1.0, 0.5 };
        double z = Math.exp(2.0) + Math.exp(-1.0) + Math.exp(0.5);
        double p0 = Math.exp(2.0) / z;
        double p2 = Math.exp(0.5) / z;
        DataErrorPotential.Result r = DataErrorPotential.compute(new double[][] { logits }, 2, true);
        assertEquals(p2 - p0, r.margin(), 1e-12);
        assertEquals(0, r.prediction());
        assertEquals(p0, r.confidence(), 1e-12);
    }

    @Test
    void softmax_is_stable_for_large_logits() {
        DataErrorPotential.Result r = DataErrorPotential.compute(new double[][] { { 1000, 999 } }, 0, true);
        assertTrue(Double.isFinite(r.dep()));
        assertEquals(0, r.prediction());
    }

    @Test
    void dep_stays_in_unit_interval_on_random_inputs() {
        Random random = new Random(42);
        for (int trial = 0; trial < 1000; trial++) {
            int classes = 2 + random.nextInt(6);
            int epochs = 1 + random.nextInt(8);
            double[][] logits = new double[epochs][classes];
            for (double[] row : logits) {
                for (int c = 0; c < classes; c++) {
                    row[c] = random.nextGaussian() * 5;
                }
            }
            DataErrorPotential.Result r = DataErrorPotential.compute(logits, random.nextInt(classes), true);
            assertTrue(r.dep() >= 0 && r.dep() <= 1, "dep " + r.dep());
            assertTrue(r.aum() >= -1 && r.aum() <= 1, "aum " + r.aum());
        }
    }

    @Test
    void rejects_ragged_rows() {
        IllegalArgumentException e = assertThrows(
            IllegalArgumentException.class,
            () -> DataErrorPotential.compute(new double[][] { { 0.5, 0.5 }, { 0.2, 0.3, 0.5 } }, 0, false)
        );
        assertEquals("is ragged: epoch [1] has 3 values but epoch [0] has 2", e.getMessage());
    }

    @Test
    void rejects_rows_that_do_not_sum_to_one() {
        IllegalArgumentException e = assertThrows(
            IllegalArgumentException.class,
            () -> DataErrorPotential.compute(new double[][] { { 0.5, 0.6 } }, 0, false)
        );
        assertTrue(e.getMessage().startsWith("row of epoch [0] sums to [1.1"), e.getMessage());
        assertTrue(e.getMessage().endsWith("or set [logits] to true to apply a softmax"), e.getMessage());
    }

    @Test
    void accepts_rounding_within_tolerance() {
        assertEquals(0, DataErrorPotential.compute(new double[][] { { 0.3334, 0.3333, 0.3334 } }, 0, false).prediction());
    }

    @Test
    void rejects_non_finite_and_out_of_range_values() {
        IllegalArgumentException nan = assertThrows(
            IllegalArgumentException.class,
            () -> DataErrorPotential.compute(new double[][] { { Double.NaN, 1 } }, 0, false)
        );
        assertEquals("has a non-finite value [NaN] at epoch [0], class [0]", nan.getMessage());
        IllegalArgumentException negative = assertThrows(
            IllegalArgumentException.class,
            () -> DataErrorPotential.compute(new double[][] { { -0.5, 1.5 } }, 0, false)
        );
        assertTrue(negative.getMessage().startsWith("has value [-0.5] at epoch [0], class [0], outside [0, 1]"), negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DataErrorPotential.compute(new double[][] { { 1, Double.POSITIVE_INFINITY } }, 0, true));
    }

    @Test
    void rejects_bad_shapes_and_gold() {
        assertEquals(
            "has no epochs: expected at least one row of class probabilities",
            assertThrows(IllegalArgumentException.class, () -> DataErrorPotential.compute(new double[0][], 0, false)).getMessage()
        );
        assertEquals(
            "has 1 class values per row: expected at least 2",
            assertThrows(IllegalArgumentException.class, () -> DataErrorPotential.compute(new double[][] { { 1 } }, 0, false)).getMessage()
        );
        assertEquals(
            "gold class index [2] is out of range [0, 2)",
            assertThrows(IllegalArgumentException.class, () -> DataErrorPotential.compute(new double[][] { { 0.5, 0.5 } }, 2, false))
                .getMessage()
        );
    }
}
