/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.spec;

import org.opensearch.common.settings.Setting;
import org.opensearch.common.unit.TimeValue;

import java.util.List;

/** Node settings of clustering runs. All bounded, all dynamic. */
public final class RunSettings {

    /**
     * Most documents the coordinating node samples (for seeding, density clustering and the map). The coordinator keeps
     * this many vectors in memory: 20,000 x 384 floats is 30 MB.
     */
    public static final Setting<Integer> MAX_SAMPLE_SIZE = Setting.intSetting(
        "plugins.text_insights.run.max_sample_size",
        20_000,
        100,
        200_000,
        Setting.Property.NodeScope,
        Setting.Property.Dynamic
    );

    /** Documents per bulk request when a run writes its results (into its results index, or into the dataset). */
    public static final Setting<Integer> WRITE_BATCH_SIZE = Setting.intSetting(
        "plugins.text_insights.run.write_batch_size",
        500,
        1,
        10_000,
        Setting.Property.NodeScope,
        Setting.Property.Dynamic
    );

    /**
     * Sampled documents with a map position that every other document is placed from. Placement costs anchors x
     * dimension multiply-adds per document: 2,000 x 384 is about 0.8 M.
     */
    public static final Setting<Integer> PLACEMENT_ANCHORS = Setting.intSetting(
        "plugins.text_insights.run.placement_anchors",
        2_000,
        10,
        20_000,
        Setting.Property.NodeScope,
        Setting.Property.Dynamic
    );

    /** Documents nearest each cluster centre kept as its representatives. */
    public static final Setting<Integer> REPRESENTATIVES = Setting.intSetting(
        "plugins.text_insights.run.representatives",
        10,
        0,
        100,
        Setting.Property.NodeScope,
        Setting.Property.Dynamic
    );

    /**
     * Most sampled documents whose text the top-words aggregation (significant_text, which re-reads and re-analyzes
     * each text) takes as the clusters' foreground; the background is every document of the run. A run takes 250 per
     * cluster, at least 2,000 (see TopWordsFinder#sampleSize), up to this; the run samples at least this many (within
     * max_sample_size). 10,000 gives stable words for 40 clusters and keeps the ids filters small.
     */
    public static final Setting<Integer> TOP_WORDS_SAMPLE_SIZE = Setting.intSetting(
        "plugins.text_insights.run.top_words_sample_size",
        10_000,
        100,
        50_000,
        Setting.Property.NodeScope,
        Setting.Property.Dynamic
    );

    /**
     * How often the elected cluster manager looks for runs whose coordinating node left or restarted, and records them
     * as failed (their results index deleted, their dataset freed).
     */
    public static final Setting<TimeValue> STALE_CHECK_INTERVAL = Setting.timeSetting(
        "plugins.text_insights.run.stale_check_interval",
        TimeValue.timeValueSeconds(30),
        TimeValue.timeValueSeconds(1),
        TimeValue.timeValueHours(1),
        Setting.Property.NodeScope,
        Setting.Property.Dynamic
    );

    private RunSettings() {}

    public static List<Setting<?>> all() {
        return List.of(MAX_SAMPLE_SIZE, WRITE_BATCH_SIZE, PLACEMENT_ANCHORS, REPRESENTATIVES, TOP_WORDS_SAMPLE_SIZE, STALE_CHECK_INTERVAL);
    }
}
