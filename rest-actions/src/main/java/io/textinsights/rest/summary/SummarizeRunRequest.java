/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.summary;

import static org.opensearch.action.ValidateActions.addValidationError;

import io.textinsights.rest.run.spec.SummaryOptions;

import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code POST /runs/{run_id}/_summarize}: the run and the summary options (the body; every problem kept for validate()). */
public class SummarizeRunRequest extends ActionRequest {

    private final String runId;
    private final SummaryOptions options;
    private final List<String> problems;

    public SummarizeRunRequest(String runId, SummaryOptions options, List<String> problems) {
        this.runId = runId;
        this.options = options;
        this.problems = List.copyOf(problems);
    }

    /** Reads a body already parsed into a map (null: no body, the defaults). */
    public static SummarizeRunRequest fromMap(String runId, Map<String, ?> body) {
        List<String> problems = new ArrayList<>();
        SummaryOptions options = SummaryOptions.fromMap(body, "", true, problems);
        if (options != null && options.enabled() == false) {
            problems.add("[enabled] must be true here (or left out): _summarize is the request to write summaries");
            options = null;
        }
        return new SummarizeRunRequest(runId, options, problems);
    }

    public SummarizeRunRequest(StreamInput in) throws IOException {
        super(in);
        this.runId = in.readString();
        this.options = in.readBoolean() ? SummaryOptions.readFrom(in) : null;
        this.problems = in.readStringList();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(runId);
        out.writeBoolean(options != null);
        if (options != null) {
            options.writeTo(out);
        }
        out.writeStringCollection(problems);
    }

    public String runId() {
        return runId;
    }

    public SummaryOptions options() {
        return options;
    }

    @Override
    public ActionRequestValidationException validate() {
        ActionRequestValidationException e = null;
        for (String problem : problems) {
            e = addValidationError(problem, e);
        }
        if (e == null && options == null) {
            e = addValidationError("no summary options", null);
        }
        return e;
    }
}
