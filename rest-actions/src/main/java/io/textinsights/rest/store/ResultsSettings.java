/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.store;

import org.opensearch.common.settings.Setting;

import java.util.List;

/** Node settings of runs' results indices. All bounded, all dynamic. */
public final class ResultsSettings {

    /**
     * Completed runs whose per-sample results are kept per dataset. When a run completes beyond this, the oldest
     * completed run's results index is dropped; its run document stays (clusters, metrics, alerts) and says
     * {@code results.state: dropped}. Each kept run costs about the dataset's size without its vectors.
     */
    public static final Setting<Integer> MAX_RUNS_PER_DATASET = Setting.intSetting(
        "plugins.text_insights.results.max_runs_per_dataset",
        10,
        1,
        1_000,
        Setting.Property.NodeScope,
        Setting.Property.Dynamic
    );

    /**
     * Bulk requests of results each shard keeps in flight while it goes on reading: 2 overlaps reading with indexing
     * without queueing more than a couple of batches per shard on the write pool.
     */
    public static final Setting<Integer> WRITE_REQUESTS_IN_FLIGHT = Setting.intSetting(
        "plugins.text_insights.results.write_requests_in_flight",
        2,
        1,
        16,
        Setting.Property.NodeScope,
        Setting.Property.Dynamic
    );

    private ResultsSettings() {}

    public static List<Setting<?>> all() {
        return List.of(MAX_RUNS_PER_DATASET, WRITE_REQUESTS_IN_FLIGHT);
    }
}
