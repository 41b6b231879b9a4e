/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.shard;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;

/** Matrices on the wire: rows, columns, then the values row by row. */
public final class StreamArrays {

    private StreamArrays() {}

    public static void writeMatrix(StreamOutput out, float[][] matrix) throws IOException {
        out.writeVInt(matrix.length);
        out.writeVInt(matrix.length == 0 ? 0 : matrix[0].length);
        for (float[] row : matrix) {
            for (float v : row) {
                out.writeFloat(v);
            }
        }
    }

    public static float[][] readMatrix(StreamInput in) throws IOException {
        int rows = in.readVInt();
        int columns = in.readVInt();
        float[][] matrix = new float[rows][columns];
        for (float[] row : matrix) {
            for (int c = 0; c < columns; c++) {
                row[c] = in.readFloat();
            }
        }
        return matrix;
    }

    public static void writeOptionalMatrix(StreamOutput out, float[][] matrix) throws IOException {
        out.writeBoolean(matrix != null);
        if (matrix != null) {
            writeMatrix(out, matrix);
        }
    }

    public static float[][] readOptionalMatrix(StreamInput in) throws IOException {
        return in.readBoolean() ? readMatrix(in) : null;
    }
}
