/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.math.projection;

/**
 * UMAP settings for the 2-D map.
 *
 * @param neighbours size of the neighbourhood UMAP preserves (umap-learn's {@code n_neighbors}); larger = more global
 * @param epochs     optimisation epochs; 0 picks Smile's default (500 up to 10,000 points, else 200)
 * @param seed       seeds every random choice, so equal input and options give an identical map
 */
public record ProjectionOptions(int neighbours, int epochs, long seed) {

    public static final int DEFAULT_NEIGHBOURS = 15;
    public static final int DEFAULT_EPOCHS = 200;

    public ProjectionOptions {
        if (neighbours < 2) {
            throw new IllegalArgumentException("neighbours must be at least 2, got " + neighbours);
        }
        if (epochs != 0 && (epochs < 10 || epochs > 5_000)) {
            throw new IllegalArgumentException("epochs must be 0 (automatic) or in [10, 5000], got " + epochs);
        }
    }

    public static ProjectionOptions defaults(long seed) {
        return new ProjectionOptions(DEFAULT_NEIGHBOURS, DEFAULT_EPOCHS, seed);
    }
}
