package io.textinsights.math.cluster;

import java.util.SplittableRandom;

/**
 * The mixture of bench/cluster-scale, seeded: component centres ~ N(0, I), each point a uniformly drawn component's
 * centre plus N(0, spread² I) noise, every row L2-normalised (as sentence embeddings are). Rows come in random order,
 * so any prefix is a uniform sample and contiguous partitions mix the components.
 */
record UnitMixture(float[][] points, int[] truth, int components) {

    static UnitMixture generate(int n, int components, int dim, double spread, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] centres = new float[components][dim];
        for (float[] centre : centres) {
            for (int j = 0; j < dim; j++) {
                centre[j] = (float) random.nextGaussian();
            }
        }
        float[][] points = new float[n][dim];
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            int c = random.nextInt(components);
            truth[i] = c;
            float[] p = points[i];
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                p[j] = (float) (centres[c][j] + random.nextGaussian() * spread);
                norm += (double) p[j] * p[j];
            }
            float inverse = (float) (1 / Math.sqrt(norm));
            for (int j = 0; j < dim; j++) {
                p[j] *= inverse;
            }
        }
        return new UnitMixture(points, truth, components);
    }

    /** Mean of the points of every component: the centroids a perfect k-means ends at. */
    float[][] componentMeans() {
        int dim = points[0].length;
        double[][] sums = new double[components][dim];
        long[] counts = new long[components];
        for (int i = 0; i < points.length; i++) {
            counts[truth[i]]++;
            for (int j = 0; j < dim; j++) {
                sums[truth[i]][j] += points[i][j];
            }
        }
        float[][] means = new float[components][dim];
        for (int c = 0; c < components; c++) {
            for (int j = 0; j < dim; j++) {
                means[c][j] = (float) (sums[c][j] / counts[c]);
            }
        }
        return means;
    }

    /** Components whose points mostly fall in a cluster that is the majority cluster of no other component. */
    int recovered(int[] labels, int k) {
        long[][] table = new long[components][k];
        for (int i = 0; i < labels.length; i++) {
            table[truth[i]][labels[i]]++;
        }
        int[] majority = new int[components];
        int[] claims = new int[k];
        for (int c = 0; c < components; c++) {
            int best = 0;
            for (int l = 1; l < k; l++) {
                if (table[c][l] > table[c][best]) {
                    best = l;
                }
            }
            majority[c] = best;
            claims[best]++;
        }
        int recovered = 0;
        for (int c = 0; c < components; c++) {
            if (claims[majority[c]] == 1) {
                recovered++;
            }
        }
        return recovered;
    }
}
