/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.summary;

import org.junit.jupiter.api.Test;
import org.opensearch.common.settings.MockSecureSettings;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.unit.TimeValue;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LlmSettingsTests {

    static Settings withKey(Settings.Builder builder, String key) {
        MockSecureSettings secure = new MockSecureSettings();
        secure.setString(LlmSettings.API_KEY.getKey(), key);
        return builder.setSecureSettings(secure).build();
    }

    @Test
    void defaults_mean_no_endpoint() {
        LlmEndpoint endpoint = new LlmEndpoint(Settings.EMPTY);
        assertFalse(endpoint.configured());
        assertEquals("gpt-4o-mini", endpoint.model());
        assertEquals(TimeValue.timeValueSeconds(60), endpoint.timeout());
        assertEquals(4, endpoint.maxConcurrent());
        assertEquals(2, endpoint.maxRetries());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, endpoint::summarizer);
        assertEquals("summaries need [plugins.text_insights.llm.base_url] to be set in opensearch.yml", e.getMessage());
        assertEquals(
            List.of(
                "plugins.text_insights.llm.base_url",
                "plugins.text_insights.llm.model",
                "plugins.text_insights.llm.timeout",
                "plugins.text_insights.llm.max_concurrent_requests",
                "plugins.text_insights.llm.max_retries",
                "plugins.text_insights.llm.api_key"
            ),
            LlmSettings.all().stream().map(s -> s.getKey()).toList()
        );
    }

    @Test
    void base_url_must_be_http_with_a_host_and_no_credentials() {
        assertEquals("http://127.0.0.1:8000/v1", LlmSettings.BASE_URL.get(Settings.builder().put(LlmSettings.BASE_URL.getKey(), "http://127.0.0.1:8000/v1").build()));
        String ftp = assertThrows(
            IllegalArgumentException.class,
            () -> LlmSettings.BASE_URL.get(Settings.builder().put(LlmSettings.BASE_URL.getKey(), "ftp://example.com").build())
        ).getMessage();
        assertEquals(
            "[plugins.text_insights.llm.base_url] must be an http or https URL with a host, e.g. https://api.openai.com/v1, got [ftp://example.com]",
            ftp
        );
        String secret = assertThrows(
            IllegalArgumentException.class,
            () -> LlmSettings.BASE_URL.get(Settings.builder().put(LlmSettings.BASE_URL.getKey(), "https://me:hunter2@example.com/v1").build())
        ).getMessage();
        assertEquals(
            "[plugins.text_insights.llm.base_url] must not hold credentials: put the key in the keystore as [plugins.text_insights.llm.api_key]",
            secret
        );
        assertFalse(secret.contains("hunter2"));
        String bad = assertThrows(
            IllegalArgumentException.class,
            () -> LlmSettings.BASE_URL.get(Settings.builder().put(LlmSettings.BASE_URL.getKey(), "http://exa mple.com").build())
        ).getMessage();
        assertEquals("[plugins.text_insights.llm.base_url] is not a URL: Illegal character in authority; use e.g. https://api.openai.com/v1", bad);
    }

    @Test
    void numbers_are_bounded() {
        IllegalArgumentException e = assertThrows(
            IllegalArgumentException.class,
            () -> LlmSettings.MAX_CONCURRENT_REQUESTS.get(Settings.builder().put(LlmSettings.MAX_CONCURRENT_REQUESTS.getKey(), 65).build())
        );
        assertEquals("Failed to parse value [65] for setting [plugins.text_insights.llm.max_concurrent_requests] must be <= 64", e.getMessage());
        e = assertThrows(
            IllegalArgumentException.class,
            () -> LlmSettings.MAX_RETRIES.get(Settings.builder().put(LlmSettings.MAX_RETRIES.getKey(), -1).build())
        );
        assertEquals("Failed to parse value [-1] for setting [plugins.text_insights.llm.max_retries] must be >= 0", e.getMessage());
        e = assertThrows(
            IllegalArgumentException.class,
            () -> LlmSettings.TIMEOUT.get(Settings.builder().put(LlmSettings.TIMEOUT.getKey(), "11m").build())
        );
        assertEquals("failed to parse value [11m] for setting [plugins.text_insights.llm.timeout], must be <= [10m]", e.getMessage());
        e = assertThrows(
            IllegalArgumentException.class,
            () -> LlmSettings.MODEL.get(Settings.builder().put(LlmSettings.MODEL.getKey(), " ").build())
        );
        assertEquals("[plugins.text_insights.llm.model] must not be empty: set the model name, e.g. gpt-4o-mini", e.getMessage());
    }

    @Test
    void the_key_comes_from_the_keystore_and_never_shows() {
        Settings settings = withKey(
            Settings.builder().put(LlmSettings.BASE_URL.getKey(), "http://127.0.0.1:1/v1").put(LlmSettings.MODEL.getKey(), "llama3"),
            "sk-secret-123456"
        );
        LlmEndpoint endpoint = new LlmEndpoint(settings);
        assertTrue(endpoint.configured());
        assertEquals(
            "LlmEndpoint{base_url=http://127.0.0.1:1/v1, model=llama3, timeout=1m, max_concurrent_requests=4, max_retries=2, api_key set}",
            endpoint.toString()
        );
        assertEquals("ClusterSummarizer{model=llama3, key set}", endpoint.summarizer().toString());
        assertEquals("", LlmEndpoint.readKey(Settings.EMPTY));
        endpoint.close();
    }

    @Test
    void deadline_covers_every_round_of_calls_and_retries() {
        Settings settings = Settings.builder()
            .put(LlmSettings.TIMEOUT.getKey(), "10s")
            .put(LlmSettings.MAX_CONCURRENT_REQUESTS.getKey(), 4)
            .put(LlmSettings.MAX_RETRIES.getKey(), 1)
            .build();
        LlmEndpoint endpoint = new LlmEndpoint(settings);
        // 9 clusters / 4 at a time = 3 rounds of (10 s x 2 tries + 8 s backoff)
        assertEquals(3 * 28_000_000_000L, endpoint.deadlineNanos(9, 0));
        assertEquals(7_200_000_000_000L, new LlmEndpoint(Settings.builder().put(LlmSettings.TIMEOUT.getKey(), "10m").build()).deadlineNanos(10_000, 0));
    }
}
