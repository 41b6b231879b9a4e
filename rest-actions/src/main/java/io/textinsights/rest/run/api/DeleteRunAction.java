/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.api;

import io.textinsights.rest.run.spec.RunResponse;

import org.opensearch.action.ActionType;

/** See {@link TransportDeleteRunAction}. */
public final class DeleteRunAction extends ActionType<RunResponse> {

    public static final String NAME = "cluster:admin/text_insights/run/delete";
    public static final DeleteRunAction INSTANCE = new DeleteRunAction();

    private DeleteRunAction() {
        super(NAME, RunResponse::new);
    }
}
