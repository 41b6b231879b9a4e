/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.math.explain;

import java.util.List;

/** The short readable label of a cluster when no LLM title exists: its top words. */
public final class ClusterLabels {

    public static final String NOISE = "noise";
    public static final int WORDS_IN_LABEL = 3;

    private ClusterLabels() {}

    /** "oil, prices, crude" from the top words; "cluster 3" when there are none; {@value #NOISE} for id -1. */
    public static String fromTopWords(int clusterId, List<String> topWords) {
        if (clusterId < 0) {
            return NOISE;
        }
        if (topWords == null || topWords.isEmpty()) {
            return "cluster " + clusterId;
        }
        return String.join(", ", topWords.subList(0, Math.min(WORDS_IN_LABEL, topWords.size())));
    }
}
