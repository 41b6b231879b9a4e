/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.summary;

import org.opensearch.common.settings.SecureSetting;
import org.opensearch.common.settings.Setting;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.common.settings.SecureString;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Node settings of the OpenAI-compatible endpoint that writes cluster summaries. They live in opensearch.yml (static):
 * where summaries go is the operator's decision, never a request's. The API key lives in the keystore and is reloaded
 * by {@code POST _nodes/reload_secure_settings}.
 */
public final class LlmSettings {

    public static final String PREFIX = "plugins.text_insights.llm.";

    /**
     * Base URL of the chat-completions API, e.g. {@code https://api.openai.com/v1} or {@code http://127.0.0.1:8000/v1}
     * (vLLM, Ollama, llama.cpp). Empty (the default): no summaries, nothing leaves the cluster.
     */
    public static final Setting<String> BASE_URL = Setting.simpleString(PREFIX + "base_url", "", LlmSettings::validateBaseUrl, Setting.Property.NodeScope);

    /** Model name sent with every request. */
    public static final Setting<String> MODEL = Setting.simpleString(PREFIX + "model", "gpt-4o-mini", value -> {
        if (value.isBlank()) {
            throw new IllegalArgumentException("[" + PREFIX + "model] must not be empty: set the model name, e.g. gpt-4o-mini");
        }
    }, Setting.Property.NodeScope);

    /** Longest wait for one answer (connecting, sending and reading); a call that takes longer fails as a timeout. */
    public static final Setting<TimeValue> TIMEOUT = Setting.timeSetting(
        PREFIX + "timeout",
        TimeValue.timeValueSeconds(60),
        TimeValue.timeValueMillis(100),
        TimeValue.timeValueMinutes(10),
        Setting.Property.NodeScope
    );

    /** Calls in flight at once per summarising run (local servers often serve one or two at a time). */
    public static final Setting<Integer> MAX_CONCURRENT_REQUESTS = Setting.intSetting(
        PREFIX + "max_concurrent_requests",
        4,
        1,
        64,
        Setting.Property.NodeScope
    );

    /** Retries of a call answered 429 or 5xx or whose connection failed (refused, reset, closed), with exponential backoff. */
    public static final Setting<Integer> MAX_RETRIES = Setting.intSetting(PREFIX + "max_retries", 2, 0, 10, Setting.Property.NodeScope);

    /** The API key (keystore only). Without it requests carry no usable key, which local servers accept. */
    public static final Setting<SecureString> API_KEY = SecureSetting.secureString(PREFIX + "api_key", null);

    private LlmSettings() {}

    public static List<Setting<?>> all() {
        return List.of(BASE_URL, MODEL, TIMEOUT, MAX_CONCURRENT_REQUESTS, MAX_RETRIES, API_KEY);
    }

    static void validateBaseUrl(String value) {
        if (value.isEmpty()) {
            return;
        }
        String name = "[" + PREFIX + "base_url]";
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(name + " is not a URL: " + e.getReason() + "; use e.g. https://api.openai.com/v1");
        }
        if (uri.getRawUserInfo() != null) {
            // the URL shows in settings APIs and logs: a password in it would leak (so it is not echoed either)
            throw new IllegalArgumentException(name + " must not hold credentials: put the key in the keystore as [" + PREFIX + "api_key" + "]");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((scheme.equals("http") || scheme.equals("https")) == false || uri.getHost() == null) {
            throw new IllegalArgumentException(name + " must be an http or https URL with a host, e.g. https://api.openai.com/v1, got [" + value + "]");
        }
    }
}
