/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.run.shard;

import org.opensearch.ExceptionsHelper;
import org.opensearch.action.DocWriteRequest;
import org.opensearch.action.bulk.BackoffPolicy;
import org.opensearch.action.bulk.BulkItemResponse;
import org.opensearch.action.bulk.BulkRequest;
import org.opensearch.action.bulk.BulkResponse;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.common.util.concurrent.ThreadContext;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.core.tasks.TaskCancelledException;
import org.opensearch.tasks.CancellableTask;
import org.opensearch.transport.client.Client;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bulk requests sent from the shard's own node: bounded in size ({@code batchSize} documents) and in flight
 * ({@code inFlight} requests), so a shard never holds more than a few batches and the reading goes on while earlier
 * batches are indexed. Items refused for back-pressure (429) are sent again with exponential backoff; any other failed
 * item stops the writer, and the pass fails with it: a run never completes with results missing.
 *
 * <p>Not thread-safe: one shard thread calls {@link #add} and {@link #finish}; the responses arrive on other threads
 * and only touch the synchronised counters.
 */
final class BulkWriter {

    /** Waits for a free slot in steps of this, checking for cancellation in between. */
    private static final long WAIT_STEP_MS = 200;
    /** Longest wait for the requests in flight when the pass fails (a bulk request times out after a minute). */
    private static final long ABANDON_WAIT_SECONDS = 90;

    private final Client client;
    private final int batchSize;
    private final int inFlight;
    private final boolean asSystem;
    private final CancellableTask task;
    private final Semaphore slots;
    private final Deque<Retry> retries = new ArrayDeque<>();
    private BulkRequest bulk = new BulkRequest();
    private long written;
    private long failures;
    private String firstFailure;

    /** A batch of back-pressured items, due again at {@code dueNanos}. */
    private record Retry(BulkRequest bulk, Iterator<TimeValue> backoff, long dueNanos) {}

    /**
     * @param asSystem write as the system (the plugin's own results index) rather than as the calling user (the user's
     *                 own documents, for in-place runs)
     */
    BulkWriter(Client client, int batchSize, int inFlight, boolean asSystem, CancellableTask task) {
        this.client = client;
        this.batchSize = batchSize;
        this.inFlight = Math.max(1, inFlight);
        this.asSystem = asSystem;
        this.task = task;
        this.slots = new Semaphore(this.inFlight);
    }

    void add(DocWriteRequest<?> request) {
        checkFailed();
        bulk.add(request);
        if (bulk.numberOfActions() >= batchSize) {
            send(bulk, BackoffPolicy.exponentialBackoff(TimeValue.timeValueMillis(50), 8).iterator());
            bulk = new BulkRequest();
        }
        sendDueRetries(false);
    }

    /** Sends what is left and waits until every item is written or failed. */
    void finish() {
        if (bulk.numberOfActions() > 0) {
            send(bulk, BackoffPolicy.exponentialBackoff(TimeValue.timeValueMillis(50), 8).iterator());
            bulk = new BulkRequest();
        }
        while (true) {
            acquire(inFlight); // every request answered
            slots.release(inFlight);
            if (hasRetries() == false) {
                break;
            }
            sendDueRetries(true);
        }
        checkFailed();
    }

    /**
     * After a failure (the pass is ending with an exception): waits, boundedly, for the requests already sent, so none
     * lands after the pass has answered: the run then deletes its results index, and a late bulk request would
     * otherwise create it again (indices are auto-created on write). Queued retries are dropped.
     */
    void abandon() {
        synchronized (this) {
            retries.clear();
        }
        try {
            if (slots.tryAcquire(inFlight, ABANDON_WAIT_SECONDS, TimeUnit.SECONDS)) {
                slots.release(inFlight);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized long written() {
        return written;
    }

    synchronized long failures() {
        return failures;
    }

    synchronized String firstFailure() {
        return firstFailure;
    }

    private synchronized boolean hasRetries() {
        return retries.isEmpty() == false;
    }

    private void checkFailed() {
        String failure;
        long failed;
        synchronized (this) {
            failure = firstFailure;
            failed = failures;
        }
        if (failure != null) {
            throw new WriteFailedException(failed + " results could not be written, first " + failure);
        }
    }

    private void sendDueRetries(boolean wait) {
        while (true) {
            Retry retry;
            synchronized (this) {
                retry = retries.peekFirst();
                if (retry == null || (wait == false && retry.dueNanos() > System.nanoTime())) {
                    return;
                }
                retries.pollFirst();
            }
            long sleep = TimeUnit.NANOSECONDS.toMillis(retry.dueNanos() - System.nanoTime());
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TaskCancelledException("interrupted while writing results");
                }
            }
            send(retry.bulk(), retry.backoff());
        }
    }

    private void acquire(int permits) {
        try {
            while (slots.tryAcquire(permits, WAIT_STEP_MS, TimeUnit.MILLISECONDS) == false) {
                if (task != null && task.isCancelled()) {
                    throw new TaskCancelledException("the run was cancelled: " + task.getReasonCancelled());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskCancelledException("interrupted while writing results");
        }
    }

    private void send(BulkRequest request, Iterator<TimeValue> backoff) {
        acquire(1);
        ActionListener<BulkResponse> listener = ActionListener.wrap(response -> {
            try {
                onResponse(request, response, backoff);
            } finally {
                slots.release();
            }
        }, e -> {
            try {
                onFailure(request, e, backoff);
            } finally {
                slots.release();
            }
        });
        try {
            if (asSystem) {
                ThreadContext threadContext = client.threadPool().getThreadContext();
                try (ThreadContext.StoredContext ignored = threadContext.stashContext()) {
                    client.bulk(request, listener);
                }
            } else {
                client.bulk(request, listener);
            }
        } catch (RuntimeException e) {
            listener.onFailure(e);
        }
    }

    private synchronized void onResponse(BulkRequest request, BulkResponse response, Iterator<TimeValue> backoff) {
        BulkRequest again = new BulkRequest();
        BulkItemResponse[] items = response.getItems();
        for (int i = 0; i < items.length; i++) {
            BulkItemResponse item = items[i];
            if (item.isFailed() == false) {
                written++;
            } else if (item.status() == RestStatus.TOO_MANY_REQUESTS && backoff.hasNext()) {
                again.add(request.requests().get(item.getItemId()));
            } else {
                failures++;
                if (firstFailure == null) {
                    firstFailure = "[" + item.getId() + "]: " + item.getFailureMessage();
                }
            }
        }
        if (again.numberOfActions() > 0) {
            retries.addLast(new Retry(again, backoff, System.nanoTime() + backoff.next().nanos()));
        }
    }

    private synchronized void onFailure(BulkRequest request, Exception e, Iterator<TimeValue> backoff) {
        if (ExceptionsHelper.status(ExceptionsHelper.unwrapCause(e)) == RestStatus.TOO_MANY_REQUESTS && backoff.hasNext()) {
            retries.addLast(new Retry(request, backoff, System.nanoTime() + backoff.next().nanos()));
            return;
        }
        failures += request.numberOfActions();
        if (firstFailure == null) {
            firstFailure = "(the whole bulk request of " + request.numberOfActions() + "): " + ExceptionsHelper.unwrapCause(e);
        }
    }

    /** Some results could not be written: the pass fails (and with it the run). */
    static final class WriteFailedException extends RuntimeException {
        WriteFailedException(String message) {
            super(message);
        }
    }
}
