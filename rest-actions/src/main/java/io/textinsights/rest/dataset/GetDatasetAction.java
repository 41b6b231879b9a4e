/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.dataset;

import org.opensearch.action.ActionType;

/** Returns the settings of one dataset, or of every dataset in the cluster. */
public final class GetDatasetAction extends ActionType<GetDatasetResponse> {

    public static final String NAME = "indices:admin/text_insights/dataset/get";
    public static final GetDatasetAction INSTANCE = new GetDatasetAction();

    private GetDatasetAction() {
        super(NAME, GetDatasetResponse::new);
    }
}
