/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.spec;

import static io.textinsights.rest.common.BodyFields.readBoolean;
import static io.textinsights.rest.common.BodyFields.readInt;
import static io.textinsights.rest.common.BodyFields.readString;
import static io.textinsights.rest.common.BodyFields.rejectUnknown;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code summaries} options of a run (or the body of {@code _summarize}): whether cluster summaries are written by
 * the configured LLM, and what it is shown.
 *
 * @param enabled           opt-in: nothing leaves the cluster unless true
 * @param samplesPerCluster texts sent per cluster, nearest the centre first, near-duplicates skipped
 * @param nLabels           labels asked for per cluster (0: none)
 * @param context           what the data is, sent with every cluster (may be empty)
 * @param defaultLabel      label of noise and of clusters whose summary failed
 * @param maxCharsPerSample each text is cut to this many characters, on a word boundary
 */
public record SummaryOptions(boolean enabled, int samplesPerCluster, int nLabels, String context, String defaultLabel, int maxCharsPerSample)
    implements
        Writeable {

    public static final int DEFAULT_SAMPLES = 10;
    public static final int DEFAULT_LABELS = 3;
    public static final String DEFAULT_LABEL = "Unclassified";
    public static final int DEFAULT_MAX_CHARS = 420;
    public static final int MAX_CONTEXT_CHARS = 2_000;
    public static final int MAX_DEFAULT_LABEL_CHARS = 100;
    static final String KNOWN = "enabled, samples_per_cluster, n_labels, context, default_label, max_chars_per_sample";

    public static final SummaryOptions DISABLED = new SummaryOptions(false, DEFAULT_SAMPLES, DEFAULT_LABELS, "", DEFAULT_LABEL, DEFAULT_MAX_CHARS);

    /**
     * Reads the options object at {@code path} (e.g. {@code summaries}) adding every problem to {@code problems}, each
     * naming the field and the fix. {@code enabledByDefault} is false in a run body (opt-in) and true for
     * {@code _summarize}, whose call is the opt-in. Returns null when there was any problem; absent options read as
     * the defaults.
     */
    public static SummaryOptions fromMap(Map<String, ?> options, String path, boolean enabledByDefault, List<String> problems) {
        Map<String, Object> map = new LinkedHashMap<>(options == null ? Map.of() : options);
        String prefix = path == null || path.isEmpty() ? "" : path + ".";
        int before = problems.size();
        Boolean enabled = readBoolean(map, prefix + "enabled", "enabled", enabledByDefault, problems);
        Integer samples = readInt(map, prefix + "samples_per_cluster", "samples_per_cluster", DEFAULT_SAMPLES, 1, 50, problems);
        Integer nLabels = readInt(map, prefix + "n_labels", "n_labels", DEFAULT_LABELS, 0, 10, problems);
        String context = readString(map, prefix + "context", "context", "", problems);
        if (context != null && context.length() > MAX_CONTEXT_CHARS) {
            problems.add(
                "["
                    + prefix
                    + "context] has "
                    + context.length()
                    + " characters, at most "
                    + MAX_CONTEXT_CHARS
                    + " are allowed: describe the data in a few sentences"
            );
        }
        String defaultLabel = readString(map, prefix + "default_label", "default_label", DEFAULT_LABEL, problems);
        if (defaultLabel != null) {
            defaultLabel = defaultLabel.strip();
            if (defaultLabel.isEmpty()) {
                problems.add("[" + prefix + "default_label] must not be empty: it labels noise and failed clusters, e.g. \"Unclassified\"");
            } else if (defaultLabel.length() > MAX_DEFAULT_LABEL_CHARS) {
                problems.add(
                    "[" + prefix + "default_label] has " + defaultLabel.length() + " characters, at most " + MAX_DEFAULT_LABEL_CHARS + " are allowed"
                );
            }
        }
        Integer maxChars = readInt(map, prefix + "max_chars_per_sample", "max_chars_per_sample", DEFAULT_MAX_CHARS, 50, 4_000, problems);
        rejectUnknown(map, path == null || path.isEmpty() ? null : path, KNOWN, problems);
        if (problems.size() > before) {
            return null;
        }
        return new SummaryOptions(enabled, samples, nLabels, context.strip(), defaultLabel, maxChars);
    }

    /** As stored with a run and shown by GET. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("enabled", enabled);
        map.put("samples_per_cluster", samplesPerCluster);
        map.put("n_labels", nLabels);
        map.put("context", context);
        map.put("default_label", defaultLabel);
        map.put("max_chars_per_sample", maxCharsPerSample);
        return map;
    }

    public static SummaryOptions readFrom(StreamInput in) throws IOException {
        return new SummaryOptions(in.readBoolean(), in.readVInt(), in.readVInt(), in.readString(), in.readString(), in.readVInt());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeBoolean(enabled);
        out.writeVInt(samplesPerCluster);
        out.writeVInt(nLabels);
        out.writeString(context);
        out.writeString(defaultLabel);
        out.writeVInt(maxCharsPerSample);
    }
}
