/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.summary;

import org.opensearch.common.settings.Settings;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.common.settings.SecureString;

import java.io.Closeable;
import java.time.Duration;

/**
 * The node's LLM endpoint: its settings, the API key and the one {@link ClusterSummarizer} (HTTP client) built from
 * them on first use. {@code POST _nodes/reload_secure_settings} swaps the key through {@link #reload(Settings)}; the
 * next summary uses a new client with the new key.
 *
 * <p>The key is read from the keystore only where OpenSearch allows it (the plugin's constructor and reload), is held
 * here and in the HTTP client only, and is never part of {@link #toString()} or of any message.
 */
public final class LlmEndpoint implements Closeable {

    /** The 400 when a request asks for summaries on a node without an endpoint. */
    public static final String NOT_CONFIGURED = "summaries need [" + LlmSettings.BASE_URL.getKey() + "] to be set in opensearch.yml";

    private final String baseUrl;
    private final String model;
    private final TimeValue timeout;
    private final int maxConcurrent;
    private final int maxRetries;
    private volatile String apiKey;
    private ClusterSummarizer summarizer;

    public LlmEndpoint(Settings settings) {
        this.baseUrl = LlmSettings.BASE_URL.get(settings);
        this.model = LlmSettings.MODEL.get(settings);
        this.timeout = LlmSettings.TIMEOUT.get(settings);
        this.maxConcurrent = LlmSettings.MAX_CONCURRENT_REQUESTS.get(settings);
        this.maxRetries = LlmSettings.MAX_RETRIES.get(settings);
        this.apiKey = readKey(settings);
    }

    /** The key in {@code settings}' keystore, or "" when there is none. Only works while the keystore is open. */
    public static String readKey(Settings settings) {
        try (SecureString key = LlmSettings.API_KEY.get(settings)) {
            return key == null ? "" : key.toString();
        }
    }

    public boolean configured() {
        return baseUrl.isEmpty() == false;
    }

    public String model() {
        return model;
    }

    public TimeValue timeout() {
        return timeout;
    }

    public int maxConcurrent() {
        return maxConcurrent;
    }

    public int maxRetries() {
        return maxRetries;
    }

    /** Takes the key from the reloaded keystore; the client built for the old key is closed. */
    public void reload(Settings settings) {
        String key = readKey(settings);
        ClusterSummarizer old;
        synchronized (this) {
            if (key.equals(apiKey)) {
                return;
            }
            apiKey = key;
            old = summarizer;
            summarizer = null;
        }
        if (old != null) {
            old.close(); // a call still running on it may fail; that cluster then reports the error
        }
    }

    /** The summarizer for the current key, built on first use. Throws IllegalArgumentException (400) when not configured. */
    public synchronized ClusterSummarizer summarizer() {
        if (configured() == false) {
            throw new IllegalArgumentException(NOT_CONFIGURED);
        }
        if (summarizer == null) {
            summarizer = ClusterSummarizer.create(
                baseUrl,
                apiKey,
                model,
                Duration.ofMillis(timeout.millis()),
                ClusterSummarizer.Limits.of(maxRetries, maxConcurrent)
            );
        }
        return summarizer;
    }

    /**
     * A deadline for summarising {@code clusters} clusters: every call may take the timeout and every retry, plus the
     * longest backoffs, in ceil(clusters / max_concurrent_requests) rounds; at most two hours.
     */
    public long deadlineNanos(int clusters, long nowNanos) {
        long rounds = (Math.max(clusters, 1) + maxConcurrent - 1) / maxConcurrent;
        long perCluster = timeout.nanos() * (maxRetries + 1) + Duration.ofSeconds(8).toNanos() * maxRetries;
        long budget = Math.min(rounds * perCluster, Duration.ofHours(2).toNanos());
        return nowNanos + budget;
    }

    @Override
    public void close() {
        ClusterSummarizer old;
        synchronized (this) {
            old = summarizer;
            summarizer = null;
        }
        if (old != null) {
            old.close();
        }
    }

    @Override
    public String toString() {
        return "LlmEndpoint{base_url="
            + (configured() ? baseUrl : "(not set)")
            + ", model="
            + model
            + ", timeout="
            + timeout
            + ", max_concurrent_requests="
            + maxConcurrent
            + ", max_retries="
            + maxRetries
            + ", api_key "
            + (apiKey.isEmpty() ? "unset" : "set")
            + "}";
    }
}
