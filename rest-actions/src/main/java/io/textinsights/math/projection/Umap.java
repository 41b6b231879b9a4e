/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.math.projection;

import java.util.Arrays;
import smile.graph.NearestNeighborGraph;

/**
 * UMAP's layout (McInnes, Healy and Melville 2018) from a k-nearest-neighbour graph: fuzzy simplicial set, seeded
 * random start, curve fit and SGD. It follows Smile 6.3's {@code smile.manifold.UMAP} (GPL-3.0) step by step, with the
 * options of the Smile call it replaces (learning rate 1, spread 1, 5 negative samples, repulsion 1, local
 * connectivity 1), and differs only where Smile's result depended on the machine:
 * <ul>
 * <li>Smile's SGD, smooth k-NN distances and memberships call {@link Math#pow} and {@link Math#exp}, whose results
 * Java leaves to the JVM. HotSpot on x86-64 runs Intel LIBM stubs for them that differ from the fdlibm results of
 * {@link StrictMath} in about 1 in 10 arguments (measured on 10^6: pow 9.7%, exp 9.6%, log 4.6%). Turning the stub
 * for pow off ({@code -XX:DisableIntrinsic=_dpow}) changed the reduced coordinates of DensityClusteringTests' blobs,
 * and HDBSCAN then found 3 clusters instead of 4. Here: {@link StrictMath}, which Java pins to fdlibm.
 * <li>Smile fits the curve parameters a and b by Levenberg-Marquardt through LAPACK's SVD and BLAS (OpenBLAS, whose
 * kernels are chosen per CPU; the fit came out the same for 6 OPENBLAS_CORETYPE values here, but nothing guarantees
 * that for other CPUs, builds or BLAS libraries). Here: the 2 x 2 normal equations in closed form.
 * <li>Smile's random numbers come from a thread-local generator, its spectral start from ARPACK (which kept its seed
 * between calls) and its PCA start from multi-threaded BLAS. Here: a seeded random start from SplitMix64, written out
 * below.
 * </ul>
 * Everything else is sequential {@code double} arithmetic, which Java defines bit for bit (no FMA contraction, no
 * reassociation), so equal input, options and seed give bit-identical coordinates on any CPU, JIT tier or JVM, and
 * nothing native is loaded. SGD amplifies a difference in the last bit into a different layout, so anything less
 * would not do. Single-threaded: it runs on the coordinator and leaves the node's other cores alone.
 */
final class Umap {

    /** Smile's: the start layout is scaled to [0, 10] per dimension. */
    private static final double START_SCALE = 10;
    private static final int NEGATIVE_SAMPLES = 5;
    private static final double LEARNING_RATE = 1.0;
    private static final double SPREAD = 1.0;
    private static final double REPULSION = 1.0;
    /** Smile's default for a sample up to 10,000 points when epochs is 0. */
    static final int AUTO_EPOCHS_SMALL = 500;
    static final int AUTO_EPOCHS_LARGE = 200;
    static final int LARGE = 10_000;

    private Umap() {}

    /**
     * Coordinates of the graph's points in {@code dimensions}-d.
     *
     * @param epochs 0 for Smile's default (500 up to 10,000 points, else 200)
     */
    static double[][] layout(NearestNeighborGraph graph, int dimensions, int epochs, double minDist, long seed) {
        int n = graph.size();
        if (epochs < 10) {
            epochs = n > LARGE ? AUTO_EPOCHS_LARGE : AUTO_EPOCHS_SMALL;
        }
        Edges edges = fuzzySimplicialSet(graph);
        SplitMix64 random = new SplitMix64(seed);
        double[][] embedding = randomStart(n, dimensions, random);
        double[] ab = fitCurve(SPREAD, minDist);
        optimize(embedding, edges, ab[0], ab[1], epochs, random);
        return embedding;
    }

    /** The symmetric fuzzy graph: rows in CSR form, each row's columns ascending, and the weights. */
    record Edges(int[] rowStart, int[] column, double[] weight) {}

    /** Smile's computeFuzzySimplicialSet: smooth k-NN distances, memberships, probabilistic t-conorm a + b - ab. */
    static Edges fuzzySimplicialSet(NearestNeighborGraph graph) {
        int n = graph.size();
        int[][] neighbours = graph.neighbors();
        double[][] distances = graph.distances();
        double target = StrictMath.log(graph.k()) / StrictMath.log(2); // log2(k), as Smile's MathEx.log2
        double mean = 0;
        long count = 0;
        for (double[] row : distances) {
            for (double d : row) {
                mean += d;
            }
            count += row.length;
        }
        double globalMean = mean / count;

        // Directed memberships, each row sorted by neighbour index for the reverse look-up.
        int[][] cols = new int[n][];
        double[][] strength = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] dist = distances[i];
            double rho = 0; // distance to the nearest neighbour that is not a duplicate (local connectivity 1)
            for (double d : dist) {
                if (d > 0) {
                    rho = d;
                    break;
                }
            }
            double sigma = smoothKnnDistance(dist, rho, target);
            double rowMean = 0;
            for (double d : dist) {
                rowMean += d;
            }
            rowMean /= dist.length;
            double floor = 1e-3 * (rho > 0 ? rowMean : globalMean); // Smile's MIN_K_DIST_SCALE
            if (sigma < floor) {
                sigma = floor;
            }
            int k = neighbours[i].length;
            Integer[] order = new Integer[k];
            for (int m = 0; m < k; m++) {
                order[m] = m;
            }
            int[] nb = neighbours[i];
            Arrays.sort(order, (x, y) -> Integer.compare(nb[x], nb[y]));
            cols[i] = new int[k];
            strength[i] = new double[k];
            for (int m = 0; m < k; m++) {
                double d = dist[order[m]] - rho;
                cols[i][m] = nb[order[m]];
                strength[i][m] = d <= 0 ? 1.0 : StrictMath.exp(-d / sigma);
            }
        }

        // Union: every directed edge u -> v gives the pair both ways the weight a + b - ab, b being v -> u's (or 0).
        int directed = 0;
        for (int[] c : cols) {
            directed += c.length;
        }
        long[] keys = new long[2 * directed];
        double[] values = new double[2 * directed];
        int e = 0;
        for (int u = 0; u < n; u++) {
            for (int m = 0; m < cols[u].length; m++) {
                int v = cols[u][m];
                double a = strength[u][m];
                int back = Arrays.binarySearch(cols[v], u);
                double b = back >= 0 ? strength[v][back] : 0.0;
                double w = a + b - a * b;
                keys[e] = (long) u * n + v;
                values[e++] = w;
                keys[e] = (long) v * n + u;
                values[e++] = w;
            }
        }
        // Sort the (row, column) keys with their values; pairs that appear twice carry the same weight.
        Integer[] order = new Integer[e];
        for (int i = 0; i < e; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Long.compare(keys[x], keys[y]));
        int[] rowStart = new int[n + 1];
        int[] column = new int[e];
        double[] weight = new double[e];
        int m = 0;
        long last = -1;
        for (int i = 0; i < e; i++) {
            long key = keys[order[i]];
            if (key == last) {
                continue;
            }
            last = key;
            int row = (int) (key / n);
            column[m] = (int) (key % n);
            weight[m++] = values[order[i]];
            rowStart[row + 1]++;
        }
        for (int i = 0; i < n; i++) {
            rowStart[i + 1] += rowStart[i];
        }
        return new Edges(rowStart, Arrays.copyOf(column, m), Arrays.copyOf(weight, m));
    }

    /**
     * The sigma with sum over neighbours 2..k of exp(-(d - rho) / sigma) = log2(k), by bisection (Smile's smoothKnnDist:
     * 64 steps, tolerance 1e-5; like Smile it skips the first neighbour, whose term is 1 in any case).
     */
    private static double smoothKnnDistance(double[] dist, double rho, double target) {
        double lo = 0;
        double hi = Double.POSITIVE_INFINITY;
        double mid = 1;
        for (int iter = 0; iter < 64; iter++) {
            double psum = 0;
            for (int j = 1; j < dist.length; j++) {
                double d = dist[j] - rho;
                psum += d > 0 ? StrictMath.exp(-d / mid) : 1;
            }
            if (Math.abs(psum - target) < 1e-5) {
                break;
            }
            if (psum > target) {
                hi = mid;
                mid = (lo + hi) / 2.0;
            } else {
                lo = mid;
                mid = Double.isInfinite(hi) ? mid * 2 : (lo + hi) / 2.0;
            }
        }
        return mid;
    }

    /**
     * Uniform in [-10, 10) then scaled to [0, 10] per dimension, as Smile's random start. Why random and not spectral
     * (ARPACK) or PCA (BLAS): see the class comment; on 5,000 AG News texts (with Smile's UMAP) the 10-NN label
     * accuracy of the 2-D map was 0.878 from a spectral or PCA start and 0.874 from a random one.
     */
    private static double[][] randomStart(int n, int d, SplitMix64 random) {
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = -10 + 20 * random.nextDouble();
            }
        }
        for (int j = 0; j < d; j++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double[] row : x) {
                min = Math.min(min, row[j]);
                max = Math.max(max, row[j]);
            }
            double length = max - min;
            for (double[] row : x) {
                row[j] = length == 0 ? 0 : START_SCALE * (row[j] - min) / length;
            }
        }
        return x;
    }

    /**
     * a and b of the low-dimensional similarity 1 / (1 + a d^(2b)), least squares against the target curve (1 below
     * minDist, exp(-(d - minDist) / spread) above) at 300 points of (0, 3 spread], as umap-learn and Smile fit them.
     * Smile runs Levenberg-Marquardt through LAPACK's SVD; with two parameters the damped normal equations are a 2 x 2
     * system solved here in closed form, so the fit is plain arithmetic. It converges to the same optimum (minDist 0.1:
     * a = 1.577, b = 0.895, umap-learn's values); Smile stopped a little earlier (relative SSE gain below 1e-4).
     */
    static double[] fitCurve(double spread, double minDist) {
        int size = 300;
        double[] x = new double[size];
        double[] logX = new double[size];
        double[] y = new double[size];
        double interval = 3 * spread / size;
        for (int i = 0; i < size; i++) {
            x[i] = (i + 1) * interval;
            logX[i] = StrictMath.log(x[i]);
            y[i] = x[i] < minDist ? 1 : StrictMath.exp(-(x[i] - minDist) / spread);
        }
        double a = 1;
        double b = 1; // scipy's curve_fit default start, as umap-learn uses
        double sse = sse(a, b, logX, y);
        double lambda = 1e-3;
        for (int iter = 0; iter < 500 && lambda < 1e12; iter++) {
            // Jacobian of f = 1 / (1 + a t), t = x^(2b): df/da = -t f^2, df/db = -2 a t ln(x) f^2.
            double jaa = 0;
            double jab = 0;
            double jbb = 0;
            double ga = 0;
            double gb = 0;
            for (int i = 0; i < size; i++) {
                double t = StrictMath.exp(2 * b * logX[i]);
                double f = 1 / (1 + a * t);
                double da = -t * f * f;
                double db = -2 * a * t * logX[i] * f * f;
                double r = y[i] - f;
                jaa += da * da;
                jab += da * db;
                jbb += db * db;
                ga += da * r;
                gb += db * r;
            }
            boolean improved = false;
            while (lambda < 1e12) {
                double haa = jaa * (1 + lambda);
                double hbb = jbb * (1 + lambda);
                double det = haa * hbb - jab * jab;
                double stepA = (hbb * ga - jab * gb) / det;
                double stepB = (haa * gb - jab * ga) / det;
                double candidate = sse(a + stepA, b + stepB, logX, y);
                if (candidate < sse) {
                    boolean done = sse - candidate <= 1e-15 * sse;
                    a += stepA;
                    b += stepB;
                    sse = candidate;
                    lambda = Math.max(lambda / 10, 1e-12);
                    improved = done == false;
                    break;
                }
                lambda *= 10;
            }
            if (improved == false) {
                break;
            }
        }
        return new double[] { a, b };
    }

    private static double sse(double a, double b, double[] logX, double[] y) {
        double s = 0;
        for (int i = 0; i < logX.length; i++) {
            double r = y[i] - 1 / (1 + a * StrictMath.exp(2 * b * logX[i]));
            s += r * r;
        }
        return s;
    }

    /**
     * Smile's optimizeLayout: each edge is sampled every max(w) / w epochs (never when w < max(w) / epochs), pulls its
     * two ends together and pushes its first end away from 5 random points per sample; gradients clipped to [-4, 4];
     * the learning rate falls linearly to 0.
     */
    private static void optimize(double[][] embedding, Edges edges, double a, double b, int epochs, SplitMix64 random) {
        int n = embedding.length;
        int d = embedding[0].length;
        int[] rowStart = edges.rowStart();
        int[] column = edges.column();
        double[] weight = edges.weight();
        int m = weight.length;
        double max = 0;
        for (double w : weight) {
            max = Math.max(max, w);
        }
        double[] perSample = new double[m];
        for (int e = 0; e < m; e++) {
            perSample[e] = weight[e] < max / epochs ? 0 : max / weight[e];
        }
        double[] nextSample = perSample.clone();
        double[] perNegative = new double[m];
        for (int e = 0; e < m; e++) {
            perNegative[e] = perSample[e] / NEGATIVE_SAMPLES;
        }
        double[] nextNegative = perNegative.clone();

        double alpha = LEARNING_RATE;
        for (int iter = 1; iter <= epochs; iter++) {
            for (int row = 0; row < n; row++) {
                double[] other = embedding[row];
                for (int e = rowStart[row]; e < rowStart[row + 1]; e++) {
                    if ((nextSample[e] > 0 && nextSample[e] <= iter) == false) {
                        continue;
                    }
                    int j = column[e];
                    double[] current = embedding[j];
                    double dist2 = squaredDistance(current, other);
                    if (dist2 > 0) {
                        double powBm1 = pow(dist2, b - 1);
                        double coefficient = -2 * a * b * powBm1 / (a * powBm1 * dist2 + 1);
                        for (int i = 0; i < d; i++) {
                            double grad = clip(coefficient * (current[i] - other[i]));
                            current[i] += grad * alpha;
                            other[i] -= grad * alpha;
                        }
                    }
                    nextSample[e] += perSample[e];

                    int negatives = (int) ((iter - nextNegative[e]) / perNegative[e]);
                    for (int p = 0; p < negatives; p++) {
                        int k = random.nextInt(n);
                        if (k == j) {
                            continue;
                        }
                        double[] far = embedding[k];
                        double far2 = squaredDistance(current, far);
                        double coefficient = 0;
                        if (far2 > 0) {
                            coefficient = 2 * REPULSION * b / ((0.001 + far2) * (a * pow(far2, b) + 1));
                        }
                        for (int i = 0; i < d; i++) {
                            double grad = coefficient > 0 ? clip(coefficient * (current[i] - far[i])) : 4.0;
                            current[i] += grad * alpha;
                        }
                    }
                    nextNegative[e] += perNegative[e] * negatives;
                }
            }
            alpha = LEARNING_RATE * (1.0 - (double) iter / epochs);
        }
    }

    /**
     * x^y for x > 0 as exp(y ln x) in {@link StrictMath}: as reproducible as {@link StrictMath#pow} and 4-5 times
     * faster here (16 against 75 ns a call, measured on JDK 25), with ~1e-15 relative error, plenty for SGD steps.
     */
    static double pow(double x, double y) {
        return StrictMath.exp(y * StrictMath.log(x));
    }

    private static double squaredDistance(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double t = x[i] - y[i];
            s += t * t;
        }
        return s;
    }

    private static double clip(double v) {
        return Math.min(4.0, Math.max(v, -4.0));
    }

    /**
     * SplitMix64 (Steele, Lea and Flood 2014), written out so that the sequence is fixed by this code and not by a
     * library's implementation.
     */
    static final class SplitMix64 {
        private long state;

        SplitMix64(long seed) {
            this.state = seed;
        }

        long nextLong() {
            long z = (state += 0x9E3779B97F4A7C15L);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        /** Uniform in [0, 1) on the 2^-53 grid. */
        double nextDouble() {
            return (nextLong() >>> 11) * 0x1.0p-53;
        }

        /** Uniform in [0, bound) by multiply-shift of the top 32 bits (bias below 2^-32 / bound, irrelevant here). */
        int nextInt(int bound) {
            return (int) (((nextLong() >>> 32) * bound) >>> 32);
        }
    }
}
