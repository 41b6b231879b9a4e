/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.shard;

import org.apache.lucene.index.LeafReaderContext;
import org.opensearch.core.common.bytes.BytesReference;

import java.io.IOException;

/** One document as a pass sees it; what is not needed is never loaded. */
public interface ShardDoc {

    String id() throws IOException;

    String routing() throws IOException;

    /** The stored {@code _source}, or null outside a shard or when the consumer did not ask for it. */
    BytesReference source() throws IOException;

    /** The segment the document is in (doc values are read from it), or null outside a shard. */
    LeafReaderContext leaf();

    /** The document's number within {@link #leaf()}. */
    int leafDoc();

    /** A document known only by its id (in-memory partitions in tests). */
    static ShardDoc ofId(String id) {
        return new ShardDoc() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String routing() {
                return null;
            }

            @Override
            public BytesReference source() {
                return null;
            }

            @Override
            public LeafReaderContext leaf() {
                return null;
            }

            @Override
            public int leafDoc() {
                return -1;
            }
        };
    }
}
