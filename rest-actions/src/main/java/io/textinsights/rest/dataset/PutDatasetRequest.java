/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.dataset;

import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.IndicesRequest;
import org.opensearch.action.support.IndicesOptions;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code PUT /_plugins/_text_insights/datasets/{index}}: the index name and the raw body, checked by {@link #validate()}. */
public class PutDatasetRequest extends ActionRequest implements IndicesRequest {

    private static final String INVALID_INDEX_CHARS = "\\/*?\"<>| ,#:";

    private final String index;
    private final Map<String, Object> body;

    public PutDatasetRequest(String index, Map<String, Object> body) {
        this.index = index;
        this.body = body == null ? Map.of() : body;
    }

    public PutDatasetRequest(StreamInput in) throws IOException {
        super(in);
        this.index = in.readString();
        this.body = in.readMap();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(index);
        out.writeMap(body);
    }

    public String index() {
        return index;
    }

    /** The parsed spec; only call after {@link #validate()} returned null. */
    public DatasetSpec spec() {
        List<String> problems = new ArrayList<>();
        DatasetSpec spec = DatasetSpec.fromMap(body, problems);
        if (spec == null) {
            throw new IllegalStateException("spec() called on an invalid request: " + problems);
        }
        return spec;
    }

    @Override
    public ActionRequestValidationException validate() {
        List<String> problems = new ArrayList<>();
        String indexProblem = checkIndexName(index);
        if (indexProblem != null) {
            problems.add(indexProblem);
        }
        DatasetSpec.fromMap(body, problems);
        if (problems.isEmpty()) {
            return null;
        }
        ActionRequestValidationException e = new ActionRequestValidationException();
        e.addValidationErrors(problems);
        return e;
    }

    /** The rules of OpenSearch index names, checked up front so that nothing is created for a name that cannot work. */
    static String checkIndexName(String index) {
        if (index == null || index.isEmpty()) {
            return "index name is required: PUT /_plugins/_text_insights/datasets/{index}";
        }
        if (index.equals(".") || index.equals("..") || index.startsWith("_") || index.startsWith("-") || index.startsWith("+")
            || index.startsWith(".")) {
            return "index name [" + index + "] must not start with '_', '-', '+' or '.'";
        }
        if (index.toLowerCase(Locale.ROOT).equals(index) == false) {
            return "index name [" + index + "] must be lowercase";
        }
        for (char c : INVALID_INDEX_CHARS.toCharArray()) {
            if (index.indexOf(c) >= 0) {
                return "index name [" + index + "] must not contain '" + c + "'";
            }
        }
        if (index.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255 - DatasetIndex.PIPELINE_PREFIX.length()) {
            return "index name [" + index + "] is too long";
        }
        return null;
    }

    /** The dataset's index, so the caller's index permissions on it apply (as for creating or deleting the index). */
    @Override
    public String[] indices() {
        return index == null ? new String[0] : new String[] { index };
    }

    @Override
    public IndicesOptions indicesOptions() {
        return IndicesOptions.strictSingleIndexNoExpandForbidClosed();
    }
}
