/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.math.dep;

/**
 * Data Error Potential (DEP) of one sample from its per-epoch class probabilities.
 *
 * <p>AUM (area under the margin, Pleiss et al. 2020) is the mean over epochs of {@code p(gold) - max p(other)}; it lies
 * in [-1, 1], is high for easy samples and negative for samples the model keeps assigning to another class, the
 * typical sign of a wrong label. {@code dep = (1 - AUM) / 2} maps it onto [0, 1] so that higher means more suspect.
 *
 * <p>No OpenSearch imports: the ingest processor adds field names to the messages thrown here.
 */
public final class DataErrorPotential {

    /** Tolerance on the sum of a probability row, loose enough for values rounded to 4 decimals. */
    public static final double SUM_TOLERANCE = 1e-3;

    private DataErrorPotential() {}

    /**
     * @param dep        (1 - aum) / 2, in [0, 1]
     * @param aum        mean over epochs of p(gold) - max p(other), in [-1, 1]
     * @param margin     the last epoch's p(gold) - max p(other)
     * @param prediction index of the last epoch's most probable class (lowest index on ties)
     * @param confidence the last epoch's probability of {@code prediction}
     */
    public record Result(double dep, double aum, double margin, int prediction, double confidence) {}

    /**
     * Computes DEP for one sample.
     *
     * @param scores one row per epoch (oldest first), one column per class; probabilities, or logits when {@code logits}
     * @param gold   index of the gold label
     * @param logits true to turn each row into probabilities with a softmax first
     * @throws IllegalArgumentException when the matrix is empty or ragged, a value is not finite, a probability row is
     *                                  outside [0, 1] or does not sum to 1 within {@link #SUM_TOLERANCE}, or
     *                                  {@code gold} is out of range
     */
    public static Result compute(double[][] scores, int gold, boolean logits) {
        if (scores.length == 0) {
            throw new IllegalArgumentException("has no epochs: expected at least one row of class probabilities");
        }
        int classes = scores[0].length;
        if (classes < 2) {
            throw new IllegalArgumentException("has " + classes + " class values per row: expected at least 2");
        }
        if (gold < 0 || gold >= classes) {
            throw new IllegalArgumentException("gold class index [" + gold + "] is out of range [0, " + classes + ")");
        }
        double marginSum = 0;
        double lastMargin = 0;
        int prediction = 0;
        double confidence = 0;
        for (int epoch = 0; epoch < scores.length; epoch++) {
            double[] row = scores[epoch];
            if (row.length != classes) {
                throw new IllegalArgumentException(
                    "is ragged: epoch [" + epoch + "] has " + row.length + " values but epoch [0] has " + classes
                );
            }
            double[] p = logits ? softmax(row, epoch) : checkProbabilities(row, epoch);
            double maxOther = Double.NEGATIVE_INFINITY;
            int argmax = 0;
            for (int c = 0; c < classes; c++) {
                if (c != gold && p[c] > maxOther) {
                    maxOther = p[c];
                }
                if (p[c] > p[argmax]) {
                    argmax = c;
                }
            }
            lastMargin = p[gold] - maxOther;
            marginSum += lastMargin;
            prediction = argmax;
            confidence = p[argmax];
        }
        double aum = marginSum / scores.length;
        double dep = Math.clamp((1 - aum) / 2, 0.0, 1.0);
        return new Result(dep, aum, lastMargin, prediction, confidence);
    }

    private static double[] checkProbabilities(double[] row, int epoch) {
        double sum = 0;
        for (int c = 0; c < row.length; c++) {
            double v = row[c];
            if (Double.isFinite(v) == false) {
                throw new IllegalArgumentException("has a non-finite value [" + v + "] at epoch [" + epoch + "], class [" + c + "]");
            }
            if (v < -SUM_TOLERANCE || v > 1 + SUM_TOLERANCE) {
                throw new IllegalArgumentException(
                    "has value [" + v + "] at epoch [" + epoch + "], class [" + c + "], outside [0, 1]: send probabilities, "
                        + "or set [logits] to true to apply a softmax"
                );
            }
            sum += v;
        }
        if (Math.abs(sum - 1) > SUM_TOLERANCE) {
            throw new IllegalArgumentException(
                "row of epoch [" + epoch + "] sums to [" + sum + "], not 1 (tolerance " + SUM_TOLERANCE
                    + "): send probabilities, or set [logits] to true to apply a softmax"
            );
        }
        return row;
    }

    /** Numerically stable softmax (subtracts the row maximum before exponentiating). */
    static double[] softmax(double[] row, int epoch) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < row.length; c++) {
            if (Double.isFinite(row[c]) == false) {
                throw new IllegalArgumentException("has a non-finite value [" + row[c] + "] at epoch [" + epoch + "], class [" + c + "]");
            }
            max = Math.max(max, row[c]);
        }
        double[] p = new double[row.length];
        double sum = 0;
        for (int c = 0; c < row.length; c++) {
            p[c] = Math.exp(row[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < row.length; c++) {
            p[c] /= sum;
        }
        return p;
    }
}
