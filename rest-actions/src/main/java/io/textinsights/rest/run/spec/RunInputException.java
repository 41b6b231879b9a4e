/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.spec;

import org.opensearch.OpenSearchStatusException;
import org.opensearch.core.rest.RestStatus;

/**
 * A run that cannot go on because of what it was given (its data or parameters), found only while it runs, e.g. k
 * above the documents that take part, or no density cluster in the sample: the run fails with this status (400 by
 * default) and the reason. Any other exception during a run is the plugin's own failure (500): an
 * {@link IllegalArgumentException} from inside is not taken for the user's mistake.
 */
public class RunInputException extends OpenSearchStatusException {

    public RunInputException(String message) {
        this(message, RestStatus.BAD_REQUEST);
    }

    public RunInputException(String message, RestStatus status) {
        super(message, status);
    }
}
