/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.math.cluster;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * HDBSCAN* (Campello, Moulavi and Sander 2013; as in the Python {@code hdbscan} package and R {@code dbscan}): mutual
 * reachability MST, single-linkage tree, condensed tree with a minimum cluster size, clusters chosen by excess of
 * mass, the root never being a cluster. Euclidean, for the few UMAP dimensions of a sample.
 *
 * <p>Why not Smile's {@code HDBSCAN}: Smile 6.3 skips the condensed tree and scores each single-linkage node by
 * {@code (lambda - parentLambda) * size}, so the root or its two halves nearly always win; on 5,000 AG News texts
 * reduced by UMAP it returned 2 clusters and no noise for every parameter tried (NMI 0.49), and it holds an n x n
 * {@code double} matrix (200 MB at 5,000 points). This one needs O(n) memory and O(n²) time, without the matrix.
 */
final class DensityHdbscan {

    /** See {@link #selectByExcessOfMass}: the stability, relative to its own, that a capped cluster's split must keep. */
    static final double MIN_SPLIT_STABILITY = 0.1;

    private DensityHdbscan() {}

    /**
     * Labels of {@code points}: 0..k-1 by decreasing cluster size, -1 for noise.
     *
     * @param minSamples     core distance = distance to the {@code minSamples}-th nearest point, the point itself
     *                       counted first (the {@code hdbscan} package's {@code min_samples})
     * @param minClusterSize smallest group the condensed tree keeps as a cluster
     */
    static int[] labels(double[][] points, int minSamples, int minClusterSize) {
        return labels(points, minSamples, minClusterSize, Integer.MAX_VALUE);
    }

    /**
     * As {@link #labels(double[][], int, int)}, except that a cluster larger than {@code maxClusterSize} gives way
     * to the clusters beneath it when they amount to a real split (the {@code hdbscan} package's
     * {@code max_cluster_size}, which gives way to any; see {@link #selectByExcessOfMass}).
     */
    static int[] labels(double[][] points, int minSamples, int minClusterSize, int maxClusterSize) {
        int n = points.length;
        if (minClusterSize < 2) {
            throw new IllegalArgumentException("minClusterSize must be at least 2, got " + minClusterSize);
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("minSamples must be at least 1, got " + minSamples);
        }
        int[] labels = new int[n];
        Arrays.fill(labels, -1);
        if (n < 2 || n < minClusterSize) {
            return labels;
        }
        double[] core = coreDistances(points, Math.min(minSamples, n) - 1);
        Mst mst = mutualReachabilityMst(points, core);
        Linkage linkage = singleLinkage(n, mst);
        Condensed condensed = condense(linkage, minClusterSize);
        boolean[] selected = selectByExcessOfMass(condensed, maxClusterSize);
        return label(condensed, selected, n);
    }

    /** Distance to the m-th nearest other point (0 when m == 0); brute force, fine for a few dimensions. */
    private static double[] coreDistances(double[][] x, int m) {
        int n = x.length;
        double[] core = new double[n];
        if (m == 0) {
            return core;
        }
        double[] best = new double[m];
        for (int i = 0; i < n; i++) {
            Arrays.fill(best, Double.POSITIVE_INFINITY);
            double[] xi = x[i];
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double d = squaredDistance(xi, x[j]);
                if (d < best[m - 1]) {
                    int p = m - 1;
                    while (p > 0 && best[p - 1] > d) {
                        best[p] = best[p - 1];
                        p--;
                    }
                    best[p] = d;
                }
            }
            core[i] = Math.sqrt(best[m - 1]);
        }
        return core;
    }

    private record Mst(int[] from, int[] to, double[] weight) {}

    /** Prim's algorithm on the dense mutual reachability graph, distances computed on the fly. */
    private static Mst mutualReachabilityMst(double[][] x, double[] core) {
        int n = x.length;
        boolean[] inTree = new boolean[n];
        double[] best = new double[n];
        int[] parent = new int[n];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        int[] from = new int[n - 1];
        int[] to = new int[n - 1];
        double[] weight = new double[n - 1];
        int u = 0;
        inTree[0] = true;
        for (int e = 0; e < n - 1; e++) {
            double[] xu = x[u];
            int next = -1;
            double nextBest = Double.POSITIVE_INFINITY;
            for (int v = 0; v < n; v++) {
                if (inTree[v]) {
                    continue;
                }
                double mr = Math.max(Math.sqrt(squaredDistance(xu, x[v])), Math.max(core[u], core[v]));
                if (mr < best[v]) {
                    best[v] = mr;
                    parent[v] = u;
                }
                if (best[v] < nextBest) {
                    nextBest = best[v];
                    next = v;
                }
            }
            inTree[next] = true;
            from[e] = parent[next];
            to[e] = next;
            weight[e] = nextBest;
            u = next;
        }
        return new Mst(from, to, weight);
    }

    /** Single-linkage dendrogram: node ids 0..n-1 are points, n..2n-2 merges in order of distance. */
    private record Linkage(int[] left, int[] right, double[] distance, int[] size, int n) {
        int root() {
            return 2 * n - 2;
        }
    }

    private static Linkage singleLinkage(int n, Mst mst) {
        Integer[] order = new Integer[n - 1];
        for (int e = 0; e < n - 1; e++) {
            order[e] = e;
        }
        Arrays.sort(order, (a, b) -> Double.compare(mst.weight[a], mst.weight[b])); // stable: ties keep MST order
        int total = 2 * n - 1;
        int[] left = new int[total];
        int[] right = new int[total];
        double[] distance = new double[total];
        int[] size = new int[total];
        Arrays.fill(left, -1);
        Arrays.fill(right, -1);
        Arrays.fill(size, 0, n, 1);
        int[] uf = new int[total];
        for (int i = 0; i < total; i++) {
            uf[i] = i;
        }
        int next = n;
        for (int e : order) {
            int a = find(uf, mst.from[e]);
            int b = find(uf, mst.to[e]);
            left[next] = a;
            right[next] = b;
            distance[next] = mst.weight[e];
            size[next] = size[a] + size[b];
            uf[a] = next;
            uf[b] = next;
            next++;
        }
        return new Linkage(left, right, distance, size, n);
    }

    private static int find(int[] uf, int x) {
        int root = x;
        while (uf[root] != root) {
            root = uf[root];
        }
        while (uf[x] != root) {
            int up = uf[x];
            uf[x] = root;
            x = up;
        }
        return root;
    }

    /**
     * Condensed tree: cluster ids 0..clusters-1 (0 = root; a child's id is larger than its parent's), each cluster's
     * parent, birth lambda and stability, and the cluster each point fell out of.
     */
    private record Condensed(int clusters, int[] clusterParent, double[] birth, double[] stability, int[] pointCluster, int[] size) {}

    private static Condensed condense(Linkage t, int minClusterSize) {
        int n = t.n;
        int total = 2 * n - 1;
        int[] clusterOf = new int[total]; // condensed cluster that a dendrogram node belongs to
        int[] clusterParent = new int[n];
        double[] birth = new double[n];
        double[] stability = new double[n]; // sum over departures of (lambda - birth) * size
        int[] pointCluster = new int[n];
        int[] clusterSize = new int[n];
        int clusters = 1;
        clusterOf[t.root()] = 0;
        clusterSize[0] = n;
        clusterParent[0] = -1;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(t.root());
        ArrayDeque<Integer> stack = new ArrayDeque<>();
        while (queue.isEmpty() == false) {
            int node = queue.poll();
            int c = clusterOf[node];
            double lambda = lambda(t.distance[node]);
            int l = t.left[node];
            int r = t.right[node];
            boolean bigL = t.size[l] >= minClusterSize;
            boolean bigR = t.size[r] >= minClusterSize;
            if (bigL && bigR) {
                for (int child : new int[] { l, r }) {
                    int id = clusters++;
                    clusterOf[child] = id;
                    clusterParent[id] = c;
                    birth[id] = lambda;
                    clusterSize[id] = t.size[child];
                    stability[c] += (lambda - birth[c]) * t.size[child];
                    queue.add(child);
                }
            } else {
                for (int child : new int[] { l, r }) {
                    boolean big = child == l ? bigL : bigR;
                    if (big) {
                        clusterOf[child] = c; // the cluster just shed some points and carries on
                        queue.add(child);
                        continue;
                    }
                    // Every point under a small child falls out of c at this lambda.
                    stack.push(child);
                    while (stack.isEmpty() == false) {
                        int m = stack.pop();
                        if (m < n) {
                            pointCluster[m] = c;
                            stability[c] += lambda - birth[c];
                        } else {
                            stack.push(t.left[m]);
                            stack.push(t.right[m]);
                        }
                    }
                }
            }
        }
        return new Condensed(clusters, clusterParent, birth, stability, pointCluster, clusterSize);
    }

    /** 1/distance, finite for duplicates so that stabilities stay comparable sums. */
    private static double lambda(double distance) {
        return 1.0 / Math.max(distance, 1e-12);
    }

    /**
     * Excess of mass, bottom-up (children have larger ids); the root is never selected. A cluster over
     * {@code maxClusterSize} gives way to the clusters chosen beneath it even when it is more stable, provided those
     * keep at least {@link #MIN_SPLIT_STABILITY} of its stability. Why: the cap is there to break up topics that touch
     * and merge, and such sub-clusters are nearly as persistent as the merger (AG News, 6 runs each: stability ratio
     * 0.21-0.96 on all 12,600 texts, 0.26-0.99 on the bundled 5,000). Giving way to any sub-clusters also broke up
     * clusters that are one group, into density ripples of a few percent of its stability: a round blob of 400 of 610
     * points (16-d, after UMAP) had ratios 0.009-0.030 and came apart, 4-5 clusters for 3 blobs and 38-49% of the
     * sample as noise, for 6 of 6 UMAP seeds. It still splits a blob that sheds a real sub-cluster, such as stray points
     * UMAP glued together (ratio 0.16 in DensityClusteringTests' data for 1 of 12 seeds).
     */
    private static boolean[] selectByExcessOfMass(Condensed tree, int maxClusterSize) {
        int k = tree.clusters;
        double[] best = Arrays.copyOf(tree.stability, k);
        double[] childSum = new double[k];
        boolean[] hasChild = new boolean[k];
        for (int c = 1; c < k; c++) {
            hasChild[tree.clusterParent[c]] = true;
        }
        boolean[] selected = new boolean[k];
        for (int c = k - 1; c >= 1; c--) {
            boolean capped = tree.size[c] > maxClusterSize && childSum[c] >= MIN_SPLIT_STABILITY * best[c];
            if ((childSum[c] > best[c] || capped) && hasChild[c]) {
                best[c] = childSum[c];
            } else {
                selected[c] = true;
            }
            childSum[tree.clusterParent[c]] += best[c];
        }
        // A selected cluster wins over everything beneath it.
        for (int c = 1; c < k; c++) {
            for (int p = tree.clusterParent[c]; p > 0; p = tree.clusterParent[p]) {
                if (selected[p]) {
                    selected[c] = false;
                    break;
                }
            }
        }
        return selected;
    }

    private static int[] label(Condensed tree, boolean[] selected, int n) {
        int k = tree.clusters;
        int[] owner = new int[k]; // selected cluster at or above each condensed cluster, else -1
        owner[0] = selected[0] ? 0 : -1;
        for (int c = 1; c < k; c++) {
            owner[c] = selected[c] ? c : owner[tree.clusterParent[c]];
        }
        int[] size = new int[k];
        for (int p = 0; p < n; p++) {
            int o = owner[tree.pointCluster[p]];
            if (o >= 0) {
                size[o]++;
            }
        }
        // Number clusters by decreasing size, ties by id, so labels are stable and the biggest group is 0.
        Integer[] ids = new Integer[k];
        int count = 0;
        for (int c = 0; c < k; c++) {
            if (selected[c]) {
                ids[count++] = c;
            }
        }
        Integer[] order = Arrays.copyOf(ids, count);
        Arrays.sort(order, (a, b) -> size[a] != size[b] ? Integer.compare(size[b], size[a]) : Integer.compare(a, b));
        int[] number = new int[k];
        for (int i = 0; i < count; i++) {
            number[order[i]] = i;
        }
        int[] labels = new int[n];
        for (int p = 0; p < n; p++) {
            int o = owner[tree.pointCluster[p]];
            labels[p] = o >= 0 ? number[o] : -1;
        }
        return labels;
    }

    private static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            double t = a[d] - b[d];
            s += t * t;
        }
        return s;
    }
}
