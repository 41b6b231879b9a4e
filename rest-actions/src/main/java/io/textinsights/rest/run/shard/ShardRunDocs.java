/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.shard;

import io.textinsights.rest.schema.ResultFields;

import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.opensearch.core.tasks.TaskCancelledException;
import org.opensearch.index.IndexService;
import org.opensearch.index.engine.Engine;
import org.opensearch.index.fieldvisitor.FieldsVisitor;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.index.query.QueryShardContext;
import org.opensearch.index.shard.IndexShard;
import org.opensearch.tasks.CancellableTask;

import java.io.IOException;

/**
 * Walks one shard's documents written by a run, with the cluster id from doc values. Used to label them once the
 * labels are known: done here rather than with update_by_query, because that needs a scripting module and a scroll
 * (which breaks k-NN 3.5.0.0 indexes with derived source), and this way each shard writes its own documents in parallel.
 */
final class ShardRunDocs {

    static final String RUN_ID_FIELD = ResultFields.inDataset(ResultFields.RUN_ID);
    static final String CLUSTER_ID_FIELD = ResultFields.inDataset(ResultFields.CLUSTER_ID);
    private static final int CANCEL_CHECK_INTERVAL = 4096;

    interface RunDocConsumer {
        void accept(String id, String routing, int clusterId) throws IOException;
    }

    private ShardRunDocs() {}

    /** Returns how many documents were visited. */
    static long forEachOfRun(IndexService indexService, IndexShard shard, String runId, CancellableTask task, RunDocConsumer consumer)
        throws IOException {
        long count = 0;
        try (Engine.Searcher searcher = shard.acquireSearcher("text_insights_label")) {
            QueryShardContext context = indexService.newQueryShardContext(shard.shardId().id(), searcher, System::currentTimeMillis, null);
            Query query = searcher.rewrite(context.toQuery(QueryBuilders.termQuery(RUN_ID_FIELD, runId)).query());
            Weight weight = searcher.createWeight(query, ScoreMode.COMPLETE_NO_SCORES, 1f);
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                Scorer scorer = weight.scorer(leaf);
                if (scorer == null) {
                    continue;
                }
                SortedNumericDocValues clusters = DocValues.getSortedNumeric(leaf.reader(), CLUSTER_ID_FIELD);
                Bits live = leaf.reader().getLiveDocs();
                StoredFields storedFields = leaf.reader().storedFields();
                DocIdSetIterator docs = scorer.iterator();
                for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
                    if ((live != null && live.get(doc) == false) || clusters.advanceExact(doc) == false) {
                        continue;
                    }
                    FieldsVisitor visitor = new FieldsVisitor(false);
                    storedFields.document(doc, visitor);
                    consumer.accept(visitor.id(), visitor.routing(), (int) clusters.nextValue());
                    if (++count % CANCEL_CHECK_INTERVAL == 0 && task != null && task.isCancelled()) {
                        throw new TaskCancelledException("the run was cancelled: " + task.getReasonCancelled());
                    }
                }
            }
        }
        return count;
    }
}
