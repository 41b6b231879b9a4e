/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.shard;

import io.textinsights.rest.schema.ResultFields;

import org.apache.lucene.index.LeafReaderContext;
import org.opensearch.action.index.IndexRequest;
import org.opensearch.action.update.UpdateRequest;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** Where an ASSIGN pass writes each document's result. */
final class ResultSinks {

    private ResultSinks() {}

    /** The label of a cluster: labels[cluster + 1], slot 0 is noise; null without labels. */
    static String label(String[] labels, int cluster) {
        int slot = cluster + 1;
        return labels == null || slot < 0 || slot >= labels.length ? null : labels[slot];
    }

    /**
     * One small document per sample in the run's results index ({@link ResultFields}), with the dataset fields panels
     * split and filter by copied in: a plain index request, so nothing of the dataset is re-indexed.
     */
    static final class ToResultsIndex implements ShardCollectors.ResultSink<ResultRow> {
        private final ShardPass.Write write;
        private final ColumnsReader columns;
        private final BulkWriter writer;

        ToResultsIndex(ShardPass.Write write, ColumnsReader columns, BulkWriter writer) {
            this.write = write;
            this.columns = columns;
            this.writer = writer;
        }

        @Override
        public boolean needsSource() {
            return columns.needsSource();
        }

        @Override
        public void startLeaf(LeafReaderContext leaf) {
            columns.startLeaf(leaf);
        }

        @Override
        public ResultRow capture(ShardDoc doc) throws IOException {
            return columns.read(doc);
        }

        @Override
        public void write(String id, String routing, ResultRow row, int cluster, float distance, float[] xy) throws IOException {
            writer.add(new IndexRequest(write.index()).id(id).source(document(write.runId(), id, label(write.labels(), cluster), cluster,
                distance, xy, row)));
        }

        static XContentBuilder document(String runId, String id, String clusterLabel, int cluster, float distance, float[] xy, ResultRow row)
            throws IOException {
            XContentBuilder b = JsonXContent.contentBuilder().startObject();
            b.field(ResultFields.RUN_ID, runId);
            b.field(ResultFields.DOC_ID, id);
            b.field(ResultFields.CLUSTER_ID, cluster);
            optional(b, ResultFields.CLUSTER_LABEL, clusterLabel);
            if (xy != null) {
                b.field(ResultFields.X, xy[0]);
                b.field(ResultFields.Y, xy[1]);
            }
            b.field(ResultFields.DISTANCE, distance);
            optional(b, ResultFields.LABEL, row.label());
            optional(b, ResultFields.PREDICTION, row.prediction());
            optional(b, ResultFields.CORRECT, row.correct());
            optional(b, ResultFields.SPLIT, row.split());
            optional(b, ResultFields.DEP, row.dep());
            optional(b, ResultFields.MARGIN, row.margin());
            optional(b, ResultFields.CONFIDENCE, row.confidence());
            optional(b, ResultFields.TEXT, row.text());
            return b.endObject();
        }

        private static void optional(XContentBuilder b, String field, Object value) throws IOException {
            if (value != null) {
                b.field(field, value);
            }
        }
    }

    /** Opt-in: the run's fields written into the dataset document itself (a partial update: the document is re-indexed). */
    static final class ToDataset implements ShardCollectors.ResultSink<Void> {
        private final ShardPass.Write write;
        private final BulkWriter writer;

        ToDataset(ShardPass.Write write, BulkWriter writer) {
            this.write = write;
            this.writer = writer;
        }

        @Override
        public boolean needsSource() {
            return false;
        }

        @Override
        public Void capture(ShardDoc doc) {
            return null;
        }

        @Override
        public void write(String id, String routing, Void captured, int cluster, float distance, float[] xy) {
            Map<String, Object> fields = new HashMap<>();
            fields.put(ResultFields.RUN_ID, write.runId());
            fields.put(ResultFields.CLUSTER_ID, cluster);
            // Labels belong to a run: never leave another run's label beside this run's cluster id.
            fields.put(ResultFields.CLUSTER_LABEL, label(write.labels(), cluster));
            fields.put(ResultFields.X, xy == null ? null : xy[0]);
            fields.put(ResultFields.Y, xy == null ? null : xy[1]);
            writer.add(update(write.index(), id, routing, fields));
        }
    }

    static UpdateRequest update(String index, String id, String routing, Map<String, Object> fields) {
        return new UpdateRequest(index, id).routing(routing).doc(Map.of(ResultFields.IN_DATASET, fields)).retryOnConflict(3);
    }
}
