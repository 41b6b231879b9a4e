/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.common;

/** Paths of the REST API; one place so handlers, tests and docs agree. */
public final class TextInsightsRoutes {

    public static final String BASE = "/_plugins/_text_insights";
    public static final String DATASETS = BASE + "/datasets";
    public static final String DATASET = DATASETS + "/{index}";
    public static final String RUNS = BASE + "/runs";
    public static final String RUN = RUNS + "/{run_id}";
    public static final String RUN_CLUSTERS = RUN + "/clusters";
    public static final String RUN_CLUSTER_SAMPLES = RUN_CLUSTERS + "/{cluster_id}/samples";
    public static final String RUN_SAMPLES = RUN + "/samples";
    public static final String RUN_POINTS = RUN + "/points";
    public static final String RUN_METRICS = RUN + "/metrics";
    public static final String RUN_ALERTS = RUN + "/alerts";
    public static final String RUN_SUMMARIZE = RUN + "/_summarize";

    private TextInsightsRoutes() {}
}
