/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.math.summary;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What summarising one cluster gave: a title, summary and labels from the model, or an error (its type, one of
 * {@link ErrorType}, and a message that never holds the API key).
 *
 * @param attempts calls made for this cluster (retries included)
 */
public record SummaryResult(
    int clusterId,
    String title,
    String summary,
    List<String> labels,
    String modelName,
    ErrorType errorType,
    String errorMessage,
    int attempts
) {

    /** Why a cluster has no summary. */
    public enum ErrorType {
        /** the answer is not the JSON asked for (not JSON, wrong shape, too long, no choices, empty) */
        MALFORMED_ANSWER,
        /** the model declined to answer */
        REFUSAL,
        /** no answer within plugins.text_insights.llm.timeout */
        TIMEOUT,
        /** still 429 after every retry */
        RATE_LIMITED,
        /** still 5xx after every retry */
        SERVER_ERROR,
        /** 401 or 403: the API key is missing, wrong or lacks access */
        UNAUTHORIZED,
        /** any other 4xx (unknown model, request refused) */
        REJECTED,
        /** the endpoint could not be reached */
        CONNECTION,
        /** the summaries' overall deadline passed (or they were cancelled) before this cluster's turn */
        DEADLINE,
        /** anything else: a bug or an unexpected library error */
        INTERNAL;

        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static SummaryResult ok(int clusterId, SummaryAnswer answer, String modelName, int attempts) {
        return new SummaryResult(clusterId, answer.title(), answer.summary(), answer.labels(), modelName, null, null, attempts);
    }

    public static SummaryResult failed(int clusterId, ErrorType type, String message, String modelName, int attempts) {
        return new SummaryResult(clusterId, null, null, null, modelName, type, message, attempts);
    }

    public boolean succeeded() {
        return errorType == null;
    }

    /** The fields a cluster document gets: title, summary, labels, model_name, or error {type, message}. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("title", title);
        map.put("summary", summary);
        map.put("labels", labels);
        map.put("model_name", modelName);
        map.put("error", succeeded() ? null : Map.of("type", errorType.jsonName(), "message", errorMessage));
        return map;
    }
}
