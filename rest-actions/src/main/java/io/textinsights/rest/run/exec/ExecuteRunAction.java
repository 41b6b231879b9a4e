/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.exec;

import io.textinsights.rest.run.spec.RunResponse;

import org.opensearch.action.ActionType;

/** See {@link TransportExecuteRunAction}. */
public final class ExecuteRunAction extends ActionType<RunResponse> {

    public static final String NAME = "indices:data/read/text_insights/run/execute";
    public static final ExecuteRunAction INSTANCE = new ExecuteRunAction();

    private ExecuteRunAction() {
        super(NAME, RunResponse::new);
    }
}
