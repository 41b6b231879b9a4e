/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.plugin;

import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.ResponseException;
import org.opensearch.common.network.NetworkModule;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.opensearch.transport.Netty4ModulePlugin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** In-JVM nodes reached over real HTTP (Netty4), as users reach the plugin; subclasses add Netty4ModulePlugin. */
public abstract class HttpIntegTestCase extends OpenSearchIntegTestCase {

    @Override
    protected boolean addMockHttpTransport() {
        return false;
    }

    @Override
    protected Settings nodeSettings(int nodeOrdinal) {
        return Settings.builder()
            .put(super.nodeSettings(nodeOrdinal))
            .put(NetworkModule.HTTP_TYPE_KEY, Netty4ModulePlugin.NETTY_HTTP_TRANSPORT_NAME)
            .build();
    }

    static Map<String, Object> json(Response response) throws IOException {
        try (InputStream in = response.getEntity().getContent()) {
            return XContentHelper.convertToMap(JsonXContent.jsonXContent, in, false);
        }
    }

    static ResponseException expectFailure(Request request) {
        return expectThrows(ResponseException.class, () -> getRestClient().performRequest(request));
    }

    static String body(ResponseException e) throws IOException {
        return new String(e.getResponse().getEntity().getContent().readAllBytes(), StandardCharsets.UTF_8);
    }

    static void assertPipelineMissing(String id) {
        ResponseException missing = expectFailure(new Request("GET", "/_ingest/pipeline/" + id));
        assertEquals(404, missing.getResponse().getStatusLine().getStatusCode());
    }
}
