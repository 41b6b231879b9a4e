/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.results;

import org.opensearch.action.ActionType;

/** See {@link TransportGetRunResultsAction}. */
public final class GetRunResultsAction extends ActionType<RunResultsResponse> {

    public static final String NAME = "cluster:admin/text_insights/run/results";
    public static final GetRunResultsAction INSTANCE = new GetRunResultsAction();

    private GetRunResultsAction() {
        super(NAME, RunResultsResponse::new);
    }
}
