package io.textinsights.math.cluster;

import java.util.SplittableRandom;

/** Seeded isotropic Gaussian mixture with known membership, shuffled so that partitions mix the clusters. */
record GaussianBlobs(float[][] points, int[] truth, float[][] centres) {

    /**
     * @param separation distance scale of the cluster centres (drawn uniformly in [-separation, separation]^dim)
     * @param spread     standard deviation of each coordinate around its centre
     */
    static GaussianBlobs generate(int clusters, int perCluster, int dim, double separation, double spread, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] centres = new float[clusters][dim];
        for (float[] centre : centres) {
            for (int j = 0; j < dim; j++) {
                centre[j] = (float) ((random.nextDouble() * 2 - 1) * separation);
            }
        }
        int n = clusters * perCluster;
        float[][] points = new float[n][];
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % clusters;
            float[] p = new float[dim];
            for (int j = 0; j < dim; j++) {
                p[j] = (float) (centres[c][j] + random.nextGaussian() * spread);
            }
            points[i] = p;
            truth[i] = c;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            float[] p = points[i];
            points[i] = points[j];
            points[j] = p;
            int t = truth[i];
            truth[i] = truth[j];
            truth[j] = t;
        }
        return new GaussianBlobs(points, truth, centres);
    }
}
