/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.api;

import org.opensearch.action.ActionType;

/** See {@link TransportListRunsAction}. */
public final class ListRunsAction extends ActionType<ListRunsResponse> {

    public static final String NAME = "cluster:admin/text_insights/run/list";
    public static final ListRunsAction INSTANCE = new ListRunsAction();

    private ListRunsAction() {
        super(NAME, ListRunsResponse::new);
    }
}
