/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.shard;

import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.util.BytesRef;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.fielddata.IndexFieldData;
import org.opensearch.index.fielddata.LeafFieldData;
import org.opensearch.index.fielddata.LeafNumericFieldData;
import org.opensearch.index.fielddata.SortedBinaryDocValues;
import org.opensearch.index.fielddata.SortedNumericDoubleValues;
import org.opensearch.index.mapper.MappedFieldType;
import org.opensearch.index.query.QueryShardContext;

import java.io.IOException;

/**
 * Reads the dataset fields a result copies ({@link ShardPass.Columns}) of each document of a shard: keywords and
 * numbers from doc values, exactly as aggregations over the dataset see them (half_float, scaled_float and the like
 * decoded by their field data), the text from the stored {@code _source}, streamed past everything else (the
 * vector's hundreds of numbers are skipped, never parsed into objects). A column the shard does not map is left out.
 */
final class ColumnsReader {

    private final ShardPass.Columns columns;
    private final IndexFieldData<?> label;
    private final IndexFieldData<?> prediction;
    private final IndexFieldData<?> split;
    private final IndexFieldData<?> dep;
    private final IndexFieldData<?> margin;
    private final IndexFieldData<?> confidence;
    private final String[] textPath;
    private SortedBinaryDocValues labelValues;
    private SortedBinaryDocValues predictionValues;
    private SortedBinaryDocValues splitValues;
    private SortedNumericDoubleValues depValues;
    private SortedNumericDoubleValues marginValues;
    private SortedNumericDoubleValues confidenceValues;

    ColumnsReader(QueryShardContext context, ShardPass.Columns columns) {
        this.columns = columns;
        this.label = fieldData(context, columns.label());
        this.prediction = fieldData(context, columns.prediction());
        this.split = fieldData(context, columns.split());
        this.dep = fieldData(context, columns.dep());
        this.margin = fieldData(context, columns.margin());
        this.confidence = fieldData(context, columns.confidence());
        this.textPath = columns.text() == null ? null : columns.text().split("\\.");
    }

    private static IndexFieldData<?> fieldData(QueryShardContext context, String field) {
        if (field == null) {
            return null;
        }
        MappedFieldType type = context.fieldMapper(field);
        return type == null ? null : context.getForField(type);
    }

    boolean needsSource() {
        return textPath != null;
    }

    void startLeaf(LeafReaderContext leaf) {
        labelValues = bytes(label, leaf);
        predictionValues = bytes(prediction, leaf);
        splitValues = bytes(split, leaf);
        depValues = numbers(dep, leaf);
        marginValues = numbers(margin, leaf);
        confidenceValues = numbers(confidence, leaf);
    }

    private static SortedBinaryDocValues bytes(IndexFieldData<?> fieldData, LeafReaderContext leaf) {
        return fieldData == null ? null : fieldData.load(leaf).getBytesValues();
    }

    private static SortedNumericDoubleValues numbers(IndexFieldData<?> fieldData, LeafReaderContext leaf) {
        if (fieldData == null) {
            return null;
        }
        LeafFieldData data = fieldData.load(leaf);
        return data instanceof LeafNumericFieldData numeric ? numeric.getDoubleValues() : null;
    }

    ResultRow read(ShardDoc doc) throws IOException {
        int d = doc.leafDoc();
        return new ResultRow(
            textPath == null ? null : text(doc.source(), textPath),
            first(labelValues, d),
            first(predictionValues, d),
            first(splitValues, d),
            first(depValues, d),
            first(marginValues, d),
            first(confidenceValues, d)
        );
    }

    private static String first(SortedBinaryDocValues values, int doc) throws IOException {
        if (values == null || values.advanceExact(doc) == false) {
            return null;
        }
        BytesRef value = values.nextValue();
        return value.utf8ToString();
    }

    private static Double first(SortedNumericDoubleValues values, int doc) throws IOException {
        if (values == null || values.advanceExact(doc) == false) {
            return null;
        }
        return values.nextValue();
    }

    /**
     * The first string value at {@code path} (dotted: objects on the way) in a stored source, or null. A list gives
     * its first string; numbers and objects are not text.
     */
    static String text(BytesReference source, String[] path) throws IOException {
        if (source == null) {
            return null;
        }
        try (XContentParser parser = XContentHelper.createParser(NamedXContentRegistry.EMPTY, DeprecationHandler.IGNORE_DEPRECATIONS, source)) {
            return find(parser, path, 0);
        }
    }

    private static String find(XContentParser parser, String[] path, int depth) throws IOException {
        XContentParser.Token token = parser.currentToken() == null ? parser.nextToken() : parser.currentToken();
        if (token != XContentParser.Token.START_OBJECT) {
            return null;
        }
        while ((token = parser.nextToken()) == XContentParser.Token.FIELD_NAME) {
            String name = parser.currentName();
            token = parser.nextToken();
            if (depth < path.length - 1 && name.equals(String.join(".", java.util.Arrays.copyOfRange(path, depth, path.length)))) {
                return value(parser, token); // the rest of the path as one dotted key: {"meta.text": "..."}
            }
            if (name.equals(path[depth])) {
                if (depth == path.length - 1) {
                    return value(parser, token);
                }
                if (token == XContentParser.Token.START_OBJECT) {
                    String found = find(parser, path, depth + 1);
                    if (found != null) {
                        return found;
                    }
                    continue;
                }
            }
            parser.skipChildren();
        }
        return null;
    }

    private static String value(XContentParser parser, XContentParser.Token token) throws IOException {
        if (token == XContentParser.Token.VALUE_STRING) {
            return parser.text();
        }
        if (token == XContentParser.Token.START_ARRAY) {
            while ((token = parser.nextToken()) != XContentParser.Token.END_ARRAY) {
                if (token == XContentParser.Token.VALUE_STRING) {
                    return parser.text();
                }
                parser.skipChildren();
            }
        }
        return null;
    }
}
