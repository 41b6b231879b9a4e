/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest;

/** Paths of the REST API; one place so handlers, tests and docs agree. */
public final class TextInsightsRoutes {

    public static final String BASE = "/_plugins/_text_insights";
    public static final String DATASETS = BASE + "/datasets";
    public static final String DATASET = DATASETS + "/{index}";
    public static final String RUNS = BASE + "/runs";
    public static final String RUN = RUNS + "/{run_id}";

    private TextInsightsRoutes() {}
}
