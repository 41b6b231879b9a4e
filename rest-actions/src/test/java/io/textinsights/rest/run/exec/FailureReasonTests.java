/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opensearch.action.search.SearchPhaseExecutionException;
import org.opensearch.action.search.ShardSearchFailure;

/** A failed run always says why, even when the exception's own message is empty. */
class FailureReasonTests {

    @Test
    void aMessageIsTheReason() {
        assertEquals("boom", TransportExecuteRunAction.reason(new IllegalStateException("boom")));
    }

    @Test
    void anEmptyMessageGivesTheCauses() {
        SearchPhaseExecutionException e = new SearchPhaseExecutionException("query", "", new IllegalStateException("shard went away"),
            ShardSearchFailure.EMPTY_ARRAY);
        String reason = TransportExecuteRunAction.reason(e);
        assertTrue(reason.contains("shard went away"), reason);
    }

    @Test
    void noMessageAtAllGivesTheType() {
        assertEquals("NullPointerException", TransportExecuteRunAction.reason(new NullPointerException()));
    }
}
