/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.dataset;

import org.opensearch.action.ActionType;

/** Removes a dataset's pipeline and, when asked, its index. */
public final class DeleteDatasetAction extends ActionType<DeleteDatasetResponse> {

    public static final String NAME = "indices:admin/text_insights/dataset/delete";
    public static final DeleteDatasetAction INSTANCE = new DeleteDatasetAction();

    private DeleteDatasetAction() {
        super(NAME, DeleteDatasetResponse::new);
    }
}
