/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.shard;

/** What a result copies of its dataset document; any part null when the document (or the dataset) has none. */
public record ResultRow(String text, String label, String prediction, String split, Double dep, Double margin, Double confidence) {

    public static final ResultRow EMPTY = new ResultRow(null, null, null, null, null, null, null);

    /** Whether the model got it right; null when the label or the prediction is missing. */
    public Boolean correct() {
        return label == null || prediction == null ? null : label.equals(prediction);
    }
}
