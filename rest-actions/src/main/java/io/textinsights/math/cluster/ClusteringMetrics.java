package io.textinsights.math.cluster;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * External clustering quality, for tests and benchmarks. Labels are arbitrary ints; -1 (noise) is treated as one more
 * label. Both follow scikit-learn's definitions and edge cases ({@code normalized_mutual_info_score} with the
 * arithmetic-mean normaliser, its default, and {@code adjusted_rand_score}).
 */
public final class ClusteringMetrics {

    private ClusteringMetrics() {}

    /** Normalised mutual information, I(a;b) / ((H(a) + H(b)) / 2); 1 for identical partitions, ~0 for independent ones. */
    public static double nmi(int[] a, int[] b) {
        Contingency t = Contingency.of(a, b);
        if (t.rowsTotals.length == 1 && t.columnTotals.length == 1 || a.length == 0) {
            return 1.0; // neither labelling splits the data: a perfect match
        }
        double n = a.length;
        double mi = 0;
        for (int i = 0; i < t.cells.length; i++) {
            double nij = t.cellCounts[i];
            long cell = t.cells[i];
            double ai = t.rowsTotals[(int) (cell >>> 32)];
            double bj = t.columnTotals[(int) cell];
            mi += nij / n * Math.log(n * nij / (ai * bj));
        }
        if (mi <= 0) {
            return 0.0;
        }
        double normaliser = (entropy(t.rowsTotals, n) + entropy(t.columnTotals, n)) / 2;
        return Math.min(1.0, mi / normaliser);
    }

    /** Adjusted Rand index (Hubert and Arabie 1985); 1 for identical partitions, ~0 (can be negative) for independent ones. */
    public static double ari(int[] a, int[] b) {
        Contingency t = Contingency.of(a, b);
        double index = 0;
        for (long count : t.cellCounts) {
            index += pairs(count);
        }
        double sumA = 0;
        for (long count : t.rowsTotals) {
            sumA += pairs(count);
        }
        double sumB = 0;
        for (long count : t.columnTotals) {
            sumB += pairs(count);
        }
        double total = pairs(a.length);
        double expected = total == 0 ? 0 : sumA * sumB / total;
        double max = (sumA + sumB) / 2;
        if (max == expected) {
            return 1.0; // both trivial (one cluster or all singletons) and therefore equal
        }
        return (index - expected) / (max - expected);
    }

    private static double pairs(long n) {
        return n * (n - 1) / 2.0;
    }

    private static double entropy(long[] totals, double n) {
        double h = 0;
        for (long count : totals) {
            if (count > 0) {
                double p = count / n;
                h -= p * Math.log(p);
            }
        }
        return h;
    }

    /** Sparse contingency table: cells as (row << 32 | column), sorted, with counts. */
    private record Contingency(long[] cells, long[] cellCounts, long[] rowsTotals, long[] columnTotals) {

        static Contingency of(int[] a, int[] b) {
            if (a.length != b.length) {
                throw new IllegalArgumentException("labelings have different lengths: " + a.length + " and " + b.length);
            }
            int[] ra = dense(a);
            int[] rb = dense(b);
            long[] rowTotals = new long[max(ra) + 1];
            long[] columnTotals = new long[max(rb) + 1];
            long[] keys = new long[a.length];
            for (int i = 0; i < a.length; i++) {
                keys[i] = ((long) ra[i] << 32) | rb[i];
                rowTotals[ra[i]]++;
                columnTotals[rb[i]]++;
            }
            Arrays.sort(keys);
            int distinct = 0;
            for (int i = 0; i < keys.length; i++) {
                if (i == 0 || keys[i] != keys[i - 1]) {
                    distinct++;
                }
            }
            long[] cells = new long[distinct];
            long[] counts = new long[distinct];
            int c = -1;
            for (int i = 0; i < keys.length; i++) {
                if (i == 0 || keys[i] != keys[i - 1]) {
                    cells[++c] = keys[i];
                }
                counts[c]++;
            }
            return new Contingency(cells, counts, rowTotals, columnTotals);
        }

        private static int[] dense(int[] labels) {
            Map<Integer, Integer> ids = new HashMap<>();
            int[] dense = new int[labels.length];
            for (int i = 0; i < labels.length; i++) {
                dense[i] = ids.computeIfAbsent(labels[i], l -> ids.size());
            }
            return dense;
        }

        private static int max(int[] values) {
            int max = -1;
            for (int v : values) {
                max = Math.max(max, v);
            }
            return max;
        }
    }
}
