/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.bench;

import io.textinsights.math.cluster.KMeansPartial;
import io.textinsights.rest.run.shard.ShardCollectors;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The per-shard assignment step of one distributed Lloyd pass: for every vector, the nearest of k centroids (squared
 * Euclidean distance), then add it to that cluster's double sums and count (a {@link KMeansPartial}).
 *
 * <p>Three ways to do the same work, measured in the same run:
 * <ul>
 *   <li>{@code shardCollector}: the plugin's {@link ShardCollectors.KMeans} (what a shard runs per document);</li>
 *   <li>{@code partialAccumulate}: {@link KMeansPartial#accumulate} (the same kernels through the partial's API);</li>
 *   <li>{@code scalarLoop}: a plain scalar Java loop (float distance loop, double sums), no Lucene.</li>
 * </ul>
 * Both plugin paths go through {@code VectorKernels.nearest} -> Lucene {@code VectorUtil.squareDistance}, which uses the
 * Panama Vector API when the JVM runs with {@code --add-modules jdk.incubator.vector} (as the OpenSearch node does).
 *
 * <p>Data: {@code n} seeded random unit vectors of dimension 384 in k blobs (so assignments are not trivially
 * uniform); centroids are k of the vectors. One invocation = one pass over all n vectors.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class KMeansAssignBenchmark {

    @Param({"4", "10", "50"})
    public int k;

    @Param({"20000"})
    public int n;

    @Param({"384"})
    public int dim;

    @Param({"42"})
    public long seed;

    private float[][] vectors;
    private float[][] centroids;

    @Setup(Level.Trial)
    public void setup() {
        SplittableRandom random = new SplittableRandom(seed);
        int blobs = k;
        float[][] centres = new float[blobs][];
        for (int b = 0; b < blobs; b++) {
            centres[b] = unit(gaussian(random, dim, 1.0));
        }
        vectors = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] centre = centres[random.nextInt(blobs)];
            float[] noise = gaussian(random, dim, 0.05);
            float[] v = new float[dim];
            for (int j = 0; j < dim; j++) {
                v[j] = centre[j] + noise[j];
            }
            vectors[i] = unit(v);
        }
        centroids = new float[k][];
        for (int c = 0; c < k; c++) {
            centroids[c] = vectors[random.nextInt(n)].clone();
        }
        // Cross-check: the three variants must agree on the cluster sizes (ties between float orders aside).
        long[] simd = shardCollector().counts();
        long[] scalar = scalarLoop().counts;
        long[] viaPartial = partialAccumulate().counts();
        if (!Arrays.equals(simd, viaPartial)) {
            throw new AssertionError("collector and accumulate disagree: " + Arrays.toString(simd) + " vs " + Arrays.toString(viaPartial));
        }
        long differ = 0;
        for (int c = 0; c < k; c++) {
            differ += Math.abs(simd[c] - scalar[c]);
        }
        if (differ > n / 1000) {
            throw new AssertionError("SIMD and scalar assignments disagree: " + Arrays.toString(simd) + " vs " + Arrays.toString(scalar));
        }
    }

    private static float[] gaussian(SplittableRandom random, int dim, double sigma) {
        float[] v = new float[dim];
        for (int j = 0; j < dim; j++) {
            // Box-Muller
            double u1 = 1.0 - random.nextDouble();
            double u2 = random.nextDouble();
            v[j] = (float) (sigma * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
        }
        return v;
    }

    private static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float inv = (float) (1 / Math.sqrt(norm));
        for (int j = 0; j < v.length; j++) {
            v[j] *= inv;
        }
        return v;
    }

    /** The plugin's per-shard collector, fed one document at a time as the shard reader does. */
    @Benchmark
    public KMeansPartial shardCollector() {
        ShardCollectors.KMeans collector = new ShardCollectors.KMeans(centroids);
        for (float[] v : vectors) {
            collector.accept(null, v);
        }
        return collector.result();
    }

    /** KMeansPartial.accumulate: nearest centroid (VectorKernels) + add. */
    @Benchmark
    public KMeansPartial partialAccumulate() {
        KMeansPartial partial = new KMeansPartial(k, dim);
        for (float[] v : vectors) {
            partial.accumulate(v, centroids);
        }
        return partial;
    }

    /** The same work as a plain scalar Java loop. */
    @Benchmark
    public ScalarPartial scalarLoop() {
        ScalarPartial partial = new ScalarPartial(k, dim);
        for (float[] v : vectors) {
            int best = 0;
            float bestDistance = Float.POSITIVE_INFINITY;
            for (int c = 0; c < centroids.length; c++) {
                float[] centroid = centroids[c];
                float d = 0f;
                for (int j = 0; j < v.length; j++) {
                    float diff = v[j] - centroid[j];
                    d += diff * diff;
                }
                if (d < bestDistance) {
                    bestDistance = d;
                    best = c;
                }
            }
            int offset = best * dim;
            double[] sums = partial.sums;
            for (int j = 0; j < dim; j++) {
                sums[offset + j] += v[j];
            }
            partial.counts[best]++;
            partial.inertia += bestDistance;
        }
        return partial;
    }

    /** Same fields as KMeansPartial, for the scalar peer. */
    public static final class ScalarPartial {
        final double[] sums;
        final long[] counts;
        double inertia;

        ScalarPartial(int k, int dim) {
            sums = new double[k * dim];
            counts = new long[k];
        }
    }
}
