/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.dataset;

import org.opensearch.action.ActionType;

/** Creates a dataset: a k-NN index with the Text Insights mapping and an ingest pipeline as its default pipeline. */
public final class PutDatasetAction extends ActionType<DatasetResponse> {

    public static final String NAME = "indices:admin/text_insights/dataset/put";
    public static final PutDatasetAction INSTANCE = new PutDatasetAction();

    private PutDatasetAction() {
        super(NAME, DatasetResponse::new);
    }
}
