/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.shard;

import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.tasks.TaskCancelledException;
import org.opensearch.index.IndexService;
import org.opensearch.index.engine.Engine;
import org.opensearch.index.fieldvisitor.FieldsVisitor;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryShardContext;
import org.opensearch.index.query.Rewriteable;
import org.opensearch.index.shard.IndexShard;
import org.opensearch.tasks.CancellableTask;

import java.io.IOException;

/**
 * Streams the vectors of one shard's live documents that match a query, straight from Lucene's vector values: for 100k
 * x 384 this takes tens of milliseconds, where fetching them from _source takes seconds (k-NN also refuses them as doc
 * values). The vector array passed to the consumer is reused: copy it to keep it.
 */
final class ShardVectorReader {

    /** Receives each document. */
    public interface DocConsumer {
        /** Whether {@link ShardDoc#source()} will be asked for (then it is loaded with the id, in one stored-fields read). */
        default boolean needsSource() {
            return false;
        }

        /** Called before the first document of each segment. */
        default void startLeaf(LeafReaderContext leaf) throws IOException {}

        void accept(ShardDoc doc, float[] vector) throws IOException;

        /** Called after the last document. */
        default void finish() throws IOException {}
    }

    private static final int CANCEL_CHECK_INTERVAL = 4096;

    private ShardVectorReader() {}

    /** Returns how many documents were read. */
    static long read(
        IndexService indexService,
        IndexShard shard,
        String field,
        QueryBuilder query,
        CancellableTask task,
        Progress progress,
        DocConsumer consumer
    ) throws IOException {
        long count = 0;
        try (Engine.Searcher searcher = shard.acquireSearcher("text_insights_run")) {
            Weight filter = null;
            if (query != null) {
                QueryShardContext context = indexService.newQueryShardContext(shard.shardId().id(), searcher, System::currentTimeMillis, null);
                QueryBuilder rewritten = Rewriteable.rewrite(query, context, true);
                Query luceneQuery = searcher.rewrite(context.toQuery(rewritten).query());
                filter = searcher.createWeight(luceneQuery, ScoreMode.COMPLETE_NO_SCORES, 1f);
            }
            if (progress != null) {
                progress.total(searcher.getIndexReader().numDocs());
            }
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                LeafReader reader = leaf.reader();
                FloatVectorValues values = reader.getFloatVectorValues(field);
                if (values == null) {
                    continue;
                }
                DocIdSetIterator matching = null;
                if (filter != null) {
                    Scorer scorer = filter.scorer(leaf);
                    if (scorer == null) {
                        continue;
                    }
                    matching = scorer.iterator();
                }
                consumer.startLeaf(leaf);
                Bits live = reader.getLiveDocs();
                LeafDoc current = new LeafDoc(leaf, reader.storedFields(), consumer.needsSource());
                KnnVectorValues.DocIndexIterator iterator = values.iterator();
                for (int doc = iterator.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = iterator.nextDoc()) {
                    if (live != null && live.get(doc) == false) {
                        continue;
                    }
                    if (matching != null) {
                        if (matching.docID() < doc) {
                            matching.advance(doc);
                        }
                        if (matching.docID() != doc) {
                            continue;
                        }
                    }
                    current.moveTo(doc);
                    consumer.accept(current, values.vectorValue(iterator.index()));
                    if (++count % CANCEL_CHECK_INTERVAL == 0) {
                        if (task != null && task.isCancelled()) {
                            throw new TaskCancelledException("the run was cancelled: " + task.getReasonCancelled());
                        }
                        if (progress != null) {
                            progress.done(count);
                        }
                    }
                }
            }
            consumer.finish();
        }
        if (progress != null) {
            progress.done(count);
        }
        return count;
    }

    /** Where a pass reports how far it got (the shard task's status). */
    interface Progress {
        void total(long documents);

        void done(long documents);
    }

    /** The current document of a segment; its stored fields are read once, on first use. */
    private static final class LeafDoc implements ShardDoc {
        private final LeafReaderContext leaf;
        private final StoredFields storedFields;
        private final boolean withSource;
        private int doc = -1;
        private FieldsVisitor visitor;

        LeafDoc(LeafReaderContext leaf, StoredFields storedFields, boolean withSource) {
            this.leaf = leaf;
            this.storedFields = storedFields;
            this.withSource = withSource;
        }

        void moveTo(int doc) {
            this.doc = doc;
            this.visitor = null;
        }

        private FieldsVisitor loaded() throws IOException {
            if (visitor == null) {
                FieldsVisitor v = new FieldsVisitor(withSource);
                storedFields.document(doc, v);
                visitor = v;
            }
            return visitor;
        }

        @Override
        public String id() throws IOException {
            return loaded().id();
        }

        @Override
        public String routing() throws IOException {
            return loaded().routing();
        }

        @Override
        public BytesReference source() throws IOException {
            return withSource ? loaded().source() : null;
        }

        @Override
        public LeafReaderContext leaf() {
            return leaf;
        }

        @Override
        public int leafDoc() {
            return doc;
        }
    }
}
