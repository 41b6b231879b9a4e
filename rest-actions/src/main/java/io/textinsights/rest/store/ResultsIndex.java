/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.store;

import io.textinsights.rest.schema.ResultFields;
import io.textinsights.rest.schema.WordsAnalysis;

import org.opensearch.common.hash.MurmurHash3;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Names, mapping and settings of a run's results index: one small document per sample (no vector), one index per run.
 *
 * <p>Why one index per run, behind a per-dataset alias: a run's results are written once and then only read, and they
 * go away whole (the run is deleted, or a newer run pushes it past the number kept per dataset). Dropping an index is
 * instant and leaves nothing behind, where one shared index would need delete-by-query (a scroll plus a re-index of
 * the survivors' segments) and would mix runs of different mappings. The alias {@code text-insights-results-<dataset>}
 * holds exactly the dataset's completed runs (a run joins it only once its results are complete), so a Dashboards
 * index pattern on it, or a {@code _search} split by {@code run_id}, never sees a half-written run.
 */
public final class ResultsIndex {

    public static final String PREFIX = "text-insights-results-";
    /** Index and alias names are limited to 255 bytes. */
    static final int MAX_NAME_BYTES = 255;
    /** Key of the mapping's {@code _meta} that says which run and dataset the index holds. */
    public static final String META_KEY = "text_insights";

    private ResultsIndex() {}

    /** The results index of one run: {@code text-insights-results-<dataset>-<run id>}. */
    public static String name(String dataset, String runId) {
        String suffix = "-" + runId.toLowerCase(Locale.ROOT);
        return PREFIX + fit(dataset, MAX_NAME_BYTES - PREFIX.length() - suffix.length()) + suffix;
    }

    /** The alias over a dataset's completed runs: {@code text-insights-results-<dataset>}. */
    public static String alias(String dataset) {
        return PREFIX + fit(dataset, MAX_NAME_BYTES - PREFIX.length());
    }

    /** The dataset name, or for a name too long to fit, its start and a hash of the whole (still unique, still lowercase). */
    static String fit(String dataset, int maxBytes) {
        byte[] bytes = dataset.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return dataset;
        }
        String hash = Long.toHexString(MurmurHash3.hash128(bytes, 0, bytes.length, 0, new MurmurHash3.Hash128()).h1);
        StringBuilder head = new StringBuilder();
        int budget = maxBytes - hash.length() - 1;
        for (int i = 0; i < dataset.length(); ) {
            int cp = dataset.codePointAt(i);
            String c = new String(Character.toChars(cp));
            budget -= c.getBytes(StandardCharsets.UTF_8).length;
            if (budget < 0) {
                break;
            }
            head.append(c);
            i += Character.charCount(cp);
        }
        return head + "~" + hash;
    }

    /**
     * Explicit and strict: a result document with a field the plugin does not know is a bug and must fail, not grow
     * the mapping.
     */
    public static Map<String, Object> mapping(String dataset, String runId) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(ResultFields.RUN_ID, Map.of("type", "keyword"));
        properties.put(ResultFields.DOC_ID, Map.of("type", "keyword"));
        properties.put(ResultFields.CLUSTER_ID, Map.of("type", "integer"));
        properties.put(ResultFields.CLUSTER_LABEL, Map.of("type", "keyword"));
        properties.put(ResultFields.X, Map.of("type", "float"));
        properties.put(ResultFields.Y, Map.of("type", "float"));
        properties.put(ResultFields.DISTANCE, Map.of("type", "float"));
        properties.put(ResultFields.LABEL, Map.of("type", "keyword"));
        properties.put(ResultFields.PREDICTION, Map.of("type", "keyword"));
        properties.put(ResultFields.CORRECT, Map.of("type", "boolean"));
        properties.put(ResultFields.SPLIT, Map.of("type", "keyword"));
        properties.put(ResultFields.DEP, Map.of("type", "float"));
        properties.put(ResultFields.MARGIN, Map.of("type", "float"));
        properties.put(ResultFields.CONFIDENCE, Map.of("type", "float"));
        properties.put(ResultFields.TEXT, WordsAnalysis.textMapping());
        Map<String, Object> mapping = new LinkedHashMap<>();
        mapping.put("dynamic", "strict");
        mapping.put("_meta", Map.of(META_KEY, Map.of("run_id", runId, "dataset", dataset)));
        mapping.put("properties", properties);
        return mapping;
    }

    /**
     * How the index is written: as many primaries as the dataset, so each dataset shard's node writes its share in
     * parallel. Nobody reads it before it joins the alias, so while the run writes it has no refresh, no replica and an
     * asynchronous translog; {@link #publishedSettings()} then makes it durable and replicated (a replica recovers by
     * copying the finished segments, cheaper than indexing every document twice), and a failed run loses nothing but
     * results it deletes anyway.
     */
    public static Map<String, Object> settings(int primaries) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("index.number_of_shards", Math.max(1, primaries));
        settings.put("index.number_of_replicas", 0);
        settings.put("index.refresh_interval", "-1");
        settings.put("index.translog.durability", "async");
        settings.put("index.analysis", WordsAnalysis.analysis());
        return settings;
    }

    /** Once every result is written (and flushed): default refresh and translog, one replica where there is a second node. */
    public static Map<String, Object> publishedSettings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("index.refresh_interval", null);
        settings.put("index.translog.durability", "request");
        settings.put("index.auto_expand_replicas", "0-1");
        return settings;
    }
}
