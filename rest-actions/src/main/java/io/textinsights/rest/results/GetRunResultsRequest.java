/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.results;

import static org.opensearch.action.ValidateActions.addValidationError;

import io.textinsights.rest.store.RunDocument;

import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What to read of a finished run: its clusters, samples (of one cluster or all), map points, metrics or alerts.
 * Parameters that do not apply to the view are null.
 */
public class GetRunResultsRequest extends ActionRequest {

    public enum View {
        CLUSTERS,
        SAMPLES,
        POINTS,
        METRICS,
        ALERTS
    }

    public static final List<String> SAMPLE_SORT_FIELDS = List.of("dep", "margin", "confidence");
    public static final int MAX_CLUSTERS_PAGE = 1_001;
    public static final int MAX_SAMPLES_PAGE = 1_000;
    /** Deepest sample a from/size page may reach (OpenSearch's default max_result_window). */
    public static final int MAX_SAMPLES_WINDOW = 10_000;
    public static final int MAX_POINTS = 200_000;
    /** Most ids one samples request may name (e.g. the points a map selection or hover needs the text of). */
    public static final int MAX_IDS = 1_000;
    public static final int DEFAULT_POINTS = 50_000;

    private final String runId;
    private final View view;
    private final String sort;
    private final Integer from;
    private final Integer size;
    private final Integer clusterId;
    private final String label;
    private final String prediction;
    private final Integer max;
    private final List<String> ids;
    /** Parameters the REST layer could not read (e.g. a size that is not a number), reported by {@link #validate()}. */
    private final List<String> parseProblems;

    public GetRunResultsRequest(
        String runId,
        View view,
        String sort,
        Integer from,
        Integer size,
        Integer clusterId,
        String label,
        String prediction,
        Integer max,
        List<String> ids,
        List<String> parseProblems
    ) {
        this.runId = runId;
        this.view = view;
        this.sort = sort;
        this.from = from;
        this.size = size;
        this.clusterId = clusterId;
        this.label = label;
        this.prediction = prediction;
        this.max = max;
        this.ids = ids == null ? null : List.copyOf(ids);
        this.parseProblems = List.copyOf(parseProblems);
    }

    public GetRunResultsRequest(StreamInput in) throws IOException {
        super(in);
        runId = in.readString();
        view = in.readEnum(View.class);
        sort = in.readOptionalString();
        from = in.readOptionalVInt();
        size = in.readOptionalVInt();
        clusterId = in.readBoolean() ? in.readInt() : null;
        label = in.readOptionalString();
        prediction = in.readOptionalString();
        max = in.readOptionalVInt();
        ids = in.readBoolean() ? in.readStringList() : null;
        parseProblems = in.readStringList();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(runId);
        out.writeEnum(view);
        out.writeOptionalString(sort);
        out.writeOptionalVInt(from);
        out.writeOptionalVInt(size);
        out.writeBoolean(clusterId != null);
        if (clusterId != null) {
            out.writeInt(clusterId);
        }
        out.writeOptionalString(label);
        out.writeOptionalString(prediction);
        out.writeOptionalVInt(max);
        out.writeBoolean(ids != null);
        if (ids != null) {
            out.writeStringCollection(ids);
        }
        out.writeStringCollection(parseProblems);
    }

    @Override
    public ActionRequestValidationException validate() {
        List<String> problems = new ArrayList<>(parseProblems);
        if (runId == null || runId.isBlank()) {
            problems.add("[run_id] is required");
        }
        switch (view) {
            case CLUSTERS -> {
                String sortProblem = RunDocument.checkSort(sort);
                if (sortProblem != null) {
                    problems.add(sortProblem);
                }
                checkRange(problems, "from", from, 0, MAX_CLUSTERS_PAGE);
                checkRange(problems, "size", size, 0, MAX_CLUSTERS_PAGE);
            }
            case SAMPLES -> {
                String sortProblem = RunDocument.checkSort(sort, SAMPLE_SORT_FIELDS);
                if (sortProblem != null) {
                    problems.add(sortProblem);
                }
                checkRange(problems, "from", from, 0, MAX_SAMPLES_WINDOW);
                checkRange(problems, "size", size, 0, MAX_SAMPLES_PAGE);
                if (from != null && size != null && from + size > MAX_SAMPLES_WINDOW) {
                    problems.add("[from] + [size] must be at most " + MAX_SAMPLES_WINDOW + ", got " + (from + size)
                        + ": narrow the samples with cluster_id, label or prediction instead of paging deeper");
                }
                if (ids != null && (ids.isEmpty() || ids.size() > MAX_IDS)) {
                    problems.add("[ids] must name 1 to " + MAX_IDS + " document ids, separated by commas, got " + ids.size());
                }
                if (clusterId != null && clusterId < -1) {
                    problems.add("[cluster_id] must be -1 (noise) or a cluster number, got [" + clusterId + "]");
                }
            }
            case POINTS -> checkRange(problems, "max", max, 1, MAX_POINTS);
            case METRICS, ALERTS -> {
            }
        }
        if (problems.isEmpty()) {
            return null;
        }
        ActionRequestValidationException e = null;
        for (String problem : problems) {
            e = addValidationError(problem, e);
        }
        return e;
    }

    private static void checkRange(List<String> problems, String name, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            problems.add("[" + name + "] must be from " + min + " to " + max + ", got [" + value + "]");
        }
    }

    public String runId() {
        return runId;
    }

    public View view() {
        return view;
    }

    public String sort() {
        return sort;
    }

    public Integer from() {
        return from;
    }

    public Integer size() {
        return size;
    }

    public Integer clusterId() {
        return clusterId;
    }

    public String label() {
        return label;
    }

    public String prediction() {
        return prediction;
    }

    public Integer max() {
        return max;
    }

    /** Only these documents (null: any). */
    public List<String> ids() {
        return ids;
    }
}
