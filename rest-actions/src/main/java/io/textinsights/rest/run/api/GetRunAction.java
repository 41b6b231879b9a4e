/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.api;

import io.textinsights.rest.run.spec.RunResponse;

import org.opensearch.action.ActionType;

/** See {@link TransportGetRunAction}. */
public final class GetRunAction extends ActionType<RunResponse> {

    public static final String NAME = "cluster:admin/text_insights/run/get";
    public static final GetRunAction INSTANCE = new GetRunAction();

    private GetRunAction() {
        super(NAME, RunResponse::new);
    }
}
