/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.summary;

import io.textinsights.rest.run.spec.RunResponse;

import org.opensearch.action.ActionType;

/** (Re)writes the LLM summaries of a completed run's clusters. The answer is a map like a run's: {@link RunResponse}. */
public final class SummarizeRunAction extends ActionType<RunResponse> {

    public static final String NAME = "cluster:admin/text_insights/run/summarize";
    public static final SummarizeRunAction INSTANCE = new SummarizeRunAction();

    private SummarizeRunAction() {
        super(NAME, RunResponse::new);
    }
}
