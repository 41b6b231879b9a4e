/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.plugin;

import org.opensearch.client.Request;
import org.opensearch.client.ResponseException;
import org.opensearch.plugins.Plugin;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.opensearch.transport.Netty4ModulePlugin;

import java.io.IOException;
import java.util.Collection;
import java.util.List;

/** On nodes without [plugins.text_insights.llm.base_url] nothing can be summarized, and the answer says what to set. */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.SUITE, numDataNodes = 1)
public class SummariesNotConfiguredIT extends HttpIntegTestCase {

    private static final String NOT_CONFIGURED = "summaries need [plugins.text_insights.llm.base_url] to be set in opensearch.yml";

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(TextInsightsPlugin.class, Netty4ModulePlugin.class);
    }

    public void testSummarizeIs400WithoutAnEndpoint() throws IOException {
        ResponseException e = expectFailure(new Request("POST", "/_plugins/_text_insights/runs/any-run/_summarize"));
        assertEquals(400, e.getResponse().getStatusLine().getStatusCode());
        assertTrue(body(e), body(e).contains(NOT_CONFIGURED));
    }

    public void testARunAskingForSummariesIs400WithoutAnEndpoint() throws IOException {
        Request start = new Request("POST", "/_plugins/_text_insights/runs");
        start.setJsonEntity("{\"index\": \"anything\", \"summaries\": {\"enabled\": true}}");
        ResponseException e = expectFailure(start);
        assertEquals(400, e.getResponse().getStatusLine().getStatusCode());
        assertTrue(body(e), body(e).contains(NOT_CONFIGURED + ", or leave [summaries] off"));
    }
}
