/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.bench;

import io.textinsights.math.projection.Placement;

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

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Placing documents on the map, what every shard does for every document of a run with a map: the exhaustive
 * comparison with every anchor ({@code everyAnchor}, eight documents at a time, the peer) against the anchors' cells
 * ({@code cells}: the nearest 30% of sqrt(n) cells first). Data: seeded unit vectors in 50 blobs (384-d), the anchors
 * are the first {@code anchors} of them with random map positions; one invocation places {@code n} documents.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class PlacementBenchmark {

    @Param({"2000"})
    public int anchors;

    @Param({"10000"})
    public int n;

    @Param({"384"})
    public int dim;

    private float[][] vectors;
    private float[][] xy;
    private Placement everyAnchor;
    private Placement cells;

    @Setup(Level.Trial)
    public void setup() {
        SplittableRandom random = new SplittableRandom(42);
        float[][] centres = new float[50][dim];
        for (float[] c : centres) {
            for (int j = 0; j < dim; j++) {
                c[j] = (float) random.nextGaussian();
            }
        }
        vectors = new float[anchors + n][dim];
        for (float[] v : vectors) {
            float[] c = centres[random.nextInt(centres.length)];
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                v[j] = c[j] + (float) (0.6 * random.nextGaussian());
                norm += v[j] * v[j];
            }
            for (int j = 0; j < dim; j++) {
                v[j] /= (float) Math.sqrt(norm);
            }
        }
        float[][] anchorVectors = java.util.Arrays.copyOf(vectors, anchors);
        xy = new float[anchors][];
        for (int i = 0; i < anchors; i++) {
            xy[i] = new float[] { (float) random.nextDouble(10), (float) random.nextDouble(10) };
        }
        everyAnchor = new Placement(anchorVectors, xy, 5, false);
        cells = new Placement(anchorVectors, xy, 5, true);
        vectors = java.util.Arrays.copyOfRange(vectors, anchors, anchors + n);
    }

    @Benchmark
    public float[][] everyAnchor() {
        float[][] out = new float[n][2];
        everyAnchor.placeAll(vectors, n, out);
        return out;
    }

    @Benchmark
    public float[][] cells() {
        float[][] out = new float[n][2];
        cells.placeAll(vectors, n, out);
        return out;
    }
}
