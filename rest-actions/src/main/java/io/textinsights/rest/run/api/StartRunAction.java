/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.api;

import io.textinsights.rest.run.spec.RunResponse;

import org.opensearch.action.ActionType;

/** See {@link TransportStartRunAction}. */
public final class StartRunAction extends ActionType<RunResponse> {

    public static final String NAME = "indices:data/read/text_insights/run/start";
    public static final StartRunAction INSTANCE = new StartRunAction();

    private StartRunAction() {
        super(NAME, RunResponse::new);
    }
}
