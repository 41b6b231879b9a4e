/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.yaml;

import com.carrotsearch.randomizedtesting.annotations.Name;
import com.carrotsearch.randomizedtesting.annotations.ParametersFactory;

import org.opensearch.test.rest.yaml.ClientYamlTestCandidate;
import org.opensearch.test.rest.yaml.OpenSearchClientYamlSuiteTestCase;

/**
 * Runs every {@code rest-api-spec/test/**.yml} against the node named by {@code -Dtests.rest.cluster}. The framework
 * deletes every index on that node between tests: point it at a throwaway node only (scripts/test does).
 */
public class TextInsightsClientYamlTestSuiteIT extends OpenSearchClientYamlSuiteTestCase {

    public TextInsightsClientYamlTestSuiteIT(@Name("yaml") ClientYamlTestCandidate testCandidate) {
        super(testCandidate);
    }

    /**
     * Bodies go as JSON. The k-NN plugin's derived-source writer (on by default in 3.5.0) parses a stored {@code _source}
     * as JSON and fails documents sent as YAML, CBOR or SMILE, which the framework would otherwise pick at random.
     */
    @Override
    protected boolean randomizeContentType() {
        return false;
    }

    @ParametersFactory
    public static Iterable<Object[]> parameters() throws Exception {
        return createParameters();
    }
}
