/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.schema;

import java.util.Locale;

/** Where a run writes its per-sample results: the request's {@code write_back}. */
public enum ResultsTarget {
    /** Nothing is written (clusters only: no per-sample results, no explanations). */
    NONE,
    /** One small document per sample in the run's own results index (the default): the dataset is never touched. */
    RESULTS,
    /** Opt-in: the fields are written into the dataset's own documents (each is re-indexed, its vector included). */
    DATASET;

    /** The name used in requests and stored run documents. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The target of a stored name, or null when it is unknown. */
    public static ResultsTarget fromJson(Object name) {
        for (ResultsTarget t : values()) {
            if (t.jsonName().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
