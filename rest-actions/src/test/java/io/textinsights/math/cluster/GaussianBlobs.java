package io.textinsights.math.cluster;

import java.util.SplittableRandom;

/**
 * Seeded Gaussian mixture with known membership, shuffled so that partitions mix the clusters: isotropic and equal
 * ({@link #generate}) or of given sizes, widths and elongations ({@link #shaped}).
 */
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

    /**
     * One cluster of {@link #shaped}: {@code size} points with standard deviation {@code sd}, times {@code stretch}
     * along one random direction (1 = round).
     */
    record Shape(int size, double sd, double stretch) {}

    /**
     * Clusters of the given shapes, centres drawn uniformly in [-separation, separation]^dim (far from the origin
     * compared with the widths, so that they also differ in direction, which is what cosine sees).
     */
    static GaussianBlobs shaped(int dim, double separation, long seed, Shape... shapes) {
        SplittableRandom random = new SplittableRandom(seed);
        int clusters = shapes.length;
        float[][] centres = new float[clusters][dim];
        double[][] axes = new double[clusters][dim];
        int n = 0;
        for (int c = 0; c < clusters; c++) {
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                centres[c][j] = (float) ((random.nextDouble() * 2 - 1) * separation);
                axes[c][j] = gaussian(random);
                norm += axes[c][j] * axes[c][j];
            }
            for (int j = 0; j < dim; j++) {
                axes[c][j] /= Math.sqrt(norm);
            }
            n += shapes[c].size();
        }
        float[][] points = new float[n][];
        int[] truth = new int[n];
        int i = 0;
        for (int c = 0; c < clusters; c++) {
            Shape shape = shapes[c];
            for (int m = 0; m < shape.size(); m++) {
                double[] z = new double[dim];
                double along = 0;
                for (int j = 0; j < dim; j++) {
                    z[j] = gaussian(random) * shape.sd();
                    along += z[j] * axes[c][j];
                }
                float[] p = new float[dim];
                for (int j = 0; j < dim; j++) {
                    p[j] = (float) (centres[c][j] + z[j] + (shape.stretch() - 1) * along * axes[c][j]);
                }
                points[i] = p;
                truth[i++] = c;
            }
        }
        for (i = n - 1; i > 0; i--) {
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

    /** Box-Muller from the seeded generator (SplittableRandom.nextGaussian's algorithm is not pinned down). */
    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * v);
    }
}
