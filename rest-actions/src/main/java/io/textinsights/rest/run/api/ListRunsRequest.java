/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.api;

import static org.opensearch.action.ValidateActions.addValidationError;

import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;

/** Runs of one index (or all), newest first, at most {@code size}. */
public class ListRunsRequest extends ActionRequest {

    public static final int MAX_SIZE = 100;

    private final String index;
    private final int size;

    public ListRunsRequest(String index, int size) {
        this.index = index;
        this.size = size;
    }

    public ListRunsRequest(StreamInput in) throws IOException {
        super(in);
        this.index = in.readOptionalString();
        this.size = in.readVInt();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeOptionalString(index);
        out.writeVInt(size);
    }

    public String index() {
        return index;
    }

    public int size() {
        return size;
    }

    @Override
    public ActionRequestValidationException validate() {
        if (size < 1 || size > MAX_SIZE) {
            return addValidationError("[size] must be from 1 to " + MAX_SIZE + ", got [" + size + "]", null);
        }
        return null;
    }
}
