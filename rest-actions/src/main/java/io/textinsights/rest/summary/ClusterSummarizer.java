/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.summary;

import io.textinsights.math.summary.SummaryAnswer;
import io.textinsights.math.summary.SummaryPrompt;
import io.textinsights.math.summary.SummaryResult.ErrorType;
import io.textinsights.math.summary.SummaryResult;
import io.textinsights.rest.run.spec.SummaryOptions;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.Timeout;
import com.openai.errors.BadRequestException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import okhttp3.internal.http2.ConnectionShutdownException;
import okhttp3.internal.http2.StreamResetException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.Closeable;
import java.io.EOFException;
import java.io.InterruptedIOException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;

/**
 * Asks an OpenAI-compatible chat-completions endpoint for a title, summary and labels per cluster. One instance holds
 * one HTTP client (its threads are reused; idle connections are not kept, see {@link #create}) for one API key;
 * {@link LlmEndpoint} swaps it when the key is reloaded.
 *
 * <p>Every cluster ends with a summary or an error, never an exception: a timeout, a malformed answer, a refusal or an
 * unexpected library failure (any {@link Throwable} but a {@link VirtualMachineError}) is that cluster's error. Error
 * messages pass through {@link #redact} so that the key can never travel into a run document, a response or a log line,
 * even when a server echoes it.
 *
 * <p>Retries are ours, not the SDK's (its {@code maxRetries} is 0): the SDK also retries timeouts, which would multiply
 * the wait on a hung server, it cannot see the summaries' overall deadline, and its retries are not counted in the
 * result. We retry 429 and 5xx answers and connections that failed on the way ({@link #connectionFailed}: refused,
 * reset, closed before or during the answer), with exponential backoff (or the server's {@code Retry-After}), at most
 * {@code max_retries} times and never past the deadline. A timeout and any other 4xx are not retried.
 */
public final class ClusterSummarizer implements Closeable {

    private static final Logger logger = LogManager.getLogger(ClusterSummarizer.class);
    private static final int MAX_MESSAGE_CHARS = 300;
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

    /** One cluster to summarise: its top words and its chosen sample texts (already truncated). */
    public record ClusterInput(int clusterId, List<String> topWords, List<String> samples) {}

    /**
     * @param maxRetries    retries of a 429 or 5xx answer or of a failed connection
     * @param maxConcurrent calls in flight at once
     * @param backoffBase   wait before the first retry; doubled for each further one
     * @param backoffMax    longest wait between two tries
     */
    public record Limits(int maxRetries, int maxConcurrent, Duration backoffBase, Duration backoffMax) {
        public static Limits of(int maxRetries, int maxConcurrent) {
            return new Limits(maxRetries, maxConcurrent, Duration.ofMillis(500), Duration.ofSeconds(8));
        }
    }

    private final OpenAIClient client;
    private final String model;
    private final String secret;
    private final Limits limits;
    /** Cleared when the server refused a json_schema response format but answered without it. */
    private final AtomicBoolean structuredOutputs = new AtomicBoolean(true);

    ClusterSummarizer(OpenAIClient client, String model, String secret, Limits limits) {
        this.client = client;
        this.model = model;
        this.secret = secret == null ? "" : secret;
        this.limits = limits;
    }

    /**
     * A summarizer with its own HTTP client. {@code apiKey} may be empty (local servers need none). The base URL comes
     * from the node settings only, never from a request; environment variables are not read.
     */
    public static ClusterSummarizer create(String baseUrl, String apiKey, String model, Duration timeout, Limits limits) {
        String key = apiKey == null || apiKey.isEmpty() ? "no-key" : apiKey; // the SDK requires one; local servers ignore it
        OpenAIClient client = OpenAIOkHttpClient.builder()
            .baseUrl(baseUrl)
            .apiKey(key)
            .timeout(Timeout.builder().connect(timeout).read(timeout).write(timeout).request(timeout).build())
            .maxRetries(0)
            // No idle connection is kept. okhttp pools a connection the server has closed: an HTTP/1.0 server closes
            // after every answer without a Connection: close header (okhttp only honours the header), others close
            // idle ones after a few seconds, and okhttp checks a pooled connection only after 10 s idle. The next call
            // on it fails with an EOF. okhttp would retry that itself, but the SDK turns retryOnConnectionFailure off,
            // and our retry could take the next dead connection from the pool. A connection per call costs a handshake,
            // little beside an LLM answer; an HTTP/2 connection still carries the calls that overlap.
            .maxIdleConnections(0)
            .keepAliveDuration(Duration.ofSeconds(1)) // unused without idle connections; the SDK wants both set
            .disableTelemetry(true)
            .build();
        return new ClusterSummarizer(client, model, apiKey, limits);
    }

    public String model() {
        return model;
    }

    /** Whether the next call asks for a json_schema response format (false once the server refused one). */
    boolean usesStructuredOutputs() {
        return structuredOutputs.get();
    }

    /**
     * Summarises every cluster, at most {@code maxConcurrent} at a time on {@code executor}, and waits for all of them.
     * Call it off the transport threads. A cluster whose turn comes after {@code deadlineNanos} (System.nanoTime) or
     * once {@code cancelled} says so ends with a {@link ErrorType#DEADLINE} error; a call already running ends within
     * its timeout.
     *
     * @return one summary per input, in input order
     */
    public List<SummaryResult> summarize(
        List<ClusterInput> clusters,
        SummaryOptions options,
        Executor executor,
        long deadlineNanos,
        BooleanSupplier cancelled
    ) {
        int n = clusters.size();
        AtomicReferenceArray<SummaryResult> results = new AtomicReferenceArray<>(n);
        AtomicInteger next = new AtomicInteger();
        int workers = Math.min(limits.maxConcurrent(), n);
        CountDownLatch done = new CountDownLatch(workers);
        Runnable worker = () -> {
            try {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    results.set(i, summarizeOne(clusters.get(i), options, deadlineNanos, cancelled));
                }
            } finally {
                done.countDown();
            }
        };
        for (int w = 0; w < workers; w++) {
            try {
                executor.execute(worker);
            } catch (RejectedExecutionException e) {
                worker.run(); // the pool is saturated: do this share here rather than not at all
            }
        }
        try {
            // Workers stop starting calls at the deadline; a running call ends within its own timeout.
            long wait = Math.max(0, deadlineNanos - System.nanoTime()) + TimeUnit.MINUTES.toNanos(11);
            done.await(wait, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        next.set(n); // workers still running take no further cluster
        List<SummaryResult> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            SummaryResult s = results.get(i);
            out.add(
                s != null
                    ? s
                    : SummaryResult.failed(
                        clusters.get(i).clusterId(),
                        ErrorType.DEADLINE,
                        "the summaries ran out of time before this cluster's turn",
                        model,
                        0
                    )
            );
        }
        return out;
    }

    /** One cluster, retries included. Never throws (but a {@link VirtualMachineError}). */
    SummaryResult summarizeOne(ClusterInput cluster, SummaryOptions options, long deadlineNanos, BooleanSupplier cancelled) {
        int attempts = 0;
        try {
            boolean structured = structuredOutputs.get();
            for (int retry = 0;; retry++) {
                if (cancelled.getAsBoolean() || System.nanoTime() >= deadlineNanos || Thread.currentThread().isInterrupted()) {
                    return fail(cluster, ErrorType.DEADLINE, "the summaries ran out of time or were cancelled before this cluster's turn", attempts);
                }
                attempts++;
                try {
                    ChatCompletion completion = client.chat().completions().create(params(cluster, options, structured));
                    if (structured == false && structuredOutputs.get()) {
                        structuredOutputs.set(false); // the plain call went through where the structured one was refused
                    }
                    return answer(cluster, options, completion, attempts);
                } catch (BadRequestException e) {
                    if (structured) {
                        // Servers without structured outputs answer 400 to a json_schema response format: ask again
                        // without it (the prompt asks for JSON either way). Not counted as a retry.
                        structured = false;
                        retry--;
                        continue;
                    }
                    return fail(cluster, ErrorType.REJECTED, httpMessage(e), attempts);
                } catch (UnauthorizedException | PermissionDeniedException e) {
                    return fail(
                        cluster,
                        ErrorType.UNAUTHORIZED,
                        httpMessage(e) + "; check the key in the keystore [" + LlmSettings.API_KEY.getKey() + "]",
                        attempts
                    );
                } catch (OpenAIServiceException e) {
                    int status = e.statusCode();
                    boolean retryable = status == 429 || status >= 500;
                    ErrorType type = status == 429 ? ErrorType.RATE_LIMITED : status >= 500 ? ErrorType.SERVER_ERROR : ErrorType.REJECTED;
                    if (retryable == false) {
                        return fail(cluster, type, httpMessage(e), attempts);
                    }
                    SummaryResult failed = retryOrFail(cluster, type, httpMessage(e), retry, retryAfter(e), deadlineNanos, attempts);
                    if (failed != null) {
                        return failed;
                    }
                } catch (OpenAIIoException e) {
                    if (hasCause(e, InterruptedIOException.class)) {
                        return fail(
                            cluster,
                            ErrorType.TIMEOUT,
                            "no answer within the timeout [" + LlmSettings.TIMEOUT.getKey() + "]",
                            attempts
                        );
                    }
                    String message = "the endpoint could not be reached: " + rootMessage(e);
                    if (connectionFailed(e) == false) {
                        return fail(cluster, ErrorType.CONNECTION, message, attempts); // an unknown host, TLS: the same next time
                    }
                    SummaryResult failed = retryOrFail(cluster, ErrorType.CONNECTION, message, retry, null, deadlineNanos, attempts);
                    if (failed != null) {
                        return failed;
                    }
                } catch (OpenAIInvalidDataException e) {
                    if (connectionFailed(e) == false) {
                        throw e; // an answer that is no chat completion: a malformed answer, below
                    }
                    String message = "the connection broke during the answer: " + rootMessage(e);
                    SummaryResult failed = retryOrFail(cluster, ErrorType.CONNECTION, message, retry, null, deadlineNanos, attempts);
                    if (failed != null) {
                        return failed;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(cluster, ErrorType.DEADLINE, "interrupted while waiting to retry", attempts);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            // Anything else (an SDK answer that does not parse, a library bug, a linkage error): this cluster's error.
            ErrorType type = t instanceof OpenAIInvalidDataException ? ErrorType.MALFORMED_ANSWER : ErrorType.INTERNAL;
            return fail(cluster, type, t.getClass().getSimpleName() + ": " + rootMessage(t), attempts);
        }
    }

    private ChatCompletionCreateParams params(ClusterInput cluster, SummaryOptions options, boolean structured) {
        ChatCompletionCreateParams.Builder b = ChatCompletionCreateParams.builder()
            .model(model)
            .addSystemMessage(SummaryPrompt.systemMessage(options.nLabels()))
            .addUserMessage(SummaryPrompt.userMessage(options.context(), cluster.topWords(), cluster.samples(), options.nLabels()));
        if (structured) {
            ResponseFormatJsonSchema.JsonSchema.Schema.Builder schema = ResponseFormatJsonSchema.JsonSchema.Schema.builder();
            for (Map.Entry<String, Object> e : SummaryPrompt.jsonSchema().entrySet()) {
                schema.putAdditionalProperty(e.getKey(), JsonValue.from(e.getValue()));
            }
            b.responseFormat(
                ResponseFormatJsonSchema.builder()
                    .jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder().name("cluster_summary").strict(true).schema(schema.build()).build())
                    .build()
            );
        }
        return b.build();
    }

    private SummaryResult answer(ClusterInput cluster, SummaryOptions options, ChatCompletion completion, int attempts) {
        String answeredModel = completion._model().asString().filter(s -> s.isBlank() == false).orElse(model);
        List<ChatCompletion.Choice> choices = completion.choices();
        if (choices.isEmpty()) {
            return SummaryResult.failed(cluster.clusterId(), ErrorType.MALFORMED_ANSWER, "the answer has no choices", answeredModel, attempts);
        }
        ChatCompletion.Choice choice = choices.get(0);
        String finish = choice._finishReason().asString().orElse("");
        ChatCompletionMessage message = choice.message();
        String refusal = message.refusal().orElse("");
        if (refusal.isBlank() == false) {
            return failWithModel(cluster, ErrorType.REFUSAL, "the model refused: " + refusal, answeredModel, attempts);
        }
        if ("content_filter".equals(finish)) {
            return failWithModel(cluster, ErrorType.REFUSAL, "the server's content filter stopped the answer", answeredModel, attempts);
        }
        try {
            return SummaryResult.ok(cluster.clusterId(), SummaryAnswer.parse(message.content().orElse(""), options.nLabels()), answeredModel, attempts);
        } catch (SummaryAnswer.InvalidAnswerException e) {
            String cut = "length".equals(finish) ? " (the answer was cut off: finish_reason length)" : "";
            return failWithModel(cluster, ErrorType.MALFORMED_ANSWER, e.getMessage() + cut, answeredModel, attempts);
        }
    }

    private SummaryResult fail(ClusterInput cluster, ErrorType type, String message, int attempts) {
        return failWithModel(cluster, type, message, model, attempts);
    }

    private SummaryResult failWithModel(ClusterInput cluster, ErrorType type, String message, String modelName, int attempts) {
        String safe = redact(message);
        // One line per cluster only at debug: a bad key would otherwise log every cluster. RunSummaries logs the tally.
        logger.debug("cluster [{}]: no summary ({}): {}", cluster.clusterId(), type.jsonName(), safe);
        return SummaryResult.failed(cluster.clusterId(), type, safe, modelName, attempts);
    }

    /**
     * After a failure worth another try: null once the backoff has been waited (try again), or the cluster's error when
     * {@code max_retries} is spent or the wait would pass the deadline.
     */
    private SummaryResult retryOrFail(
        ClusterInput cluster,
        ErrorType type,
        String message,
        int retry,
        Duration retryAfter,
        long deadlineNanos,
        int attempts
    ) throws InterruptedException {
        if (retry >= limits.maxRetries()) {
            return fail(cluster, type, message + " after " + attempts + (attempts == 1 ? " try" : " tries"), attempts);
        }
        long waitNanos = backoffNanos(retry, retryAfter);
        if (System.nanoTime() + waitNanos >= deadlineNanos) {
            return fail(cluster, type, message + "; no time left for a retry", attempts);
        }
        logger.debug(
            "cluster [{}]: try {} failed ({}), retrying in {} ms: {}",
            cluster.clusterId(),
            attempts,
            type.jsonName(),
            TimeUnit.NANOSECONDS.toMillis(waitNanos),
            redact(message)
        );
        TimeUnit.NANOSECONDS.sleep(waitNanos);
        return null;
    }

    /**
     * Whether a call failed on its connection in a way that may pass on another try: refused or reset
     * ({@link SocketException}, {@link java.net.ConnectException} among them), closed before the answer
     * ({@link EOFException}, okhttp's "unexpected end of stream", as on a pooled connection the server has closed), an
     * HTTP/2 stream reset or connection shutdown, or an answer whose body ended early (okhttp's {@link ProtocolException}
     * "unexpected end of stream" while the SDK reads it). Not a timeout (a hung server is not asked again, and okhttp's
     * timeout wraps the closed socket's SocketException), nor an unknown host, a TLS failure, an unreadable status line
     * or a cancelled call: those do not pass by themselves.
     */
    static boolean connectionFailed(Throwable t) {
        if (hasCause(t, InterruptedIOException.class)) {
            return false;
        }
        boolean broken = hasCause(t, EOFException.class)
            || hasCause(t, SocketException.class)
            || hasCause(t, StreamResetException.class)
            || hasCause(t, ConnectionShutdownException.class);
        if (t instanceof OpenAIInvalidDataException) {
            // The SDK reads the body after the call: a stream that broke is a cause, a body that does not parse is not
            // (Jackson's exceptions are IOExceptions, but none of these).
            return broken || hasCause(t, ProtocolException.class);
        }
        return t instanceof OpenAIIoException && broken;
    }

    private long backoffNanos(int retry, Duration retryAfter) {
        if (retryAfter != null) {
            return Math.min(retryAfter.toNanos(), MAX_RETRY_AFTER.toNanos());
        }
        long base = limits.backoffBase().toNanos();
        long wait = base << Math.min(retry, 20);
        return Math.min(wait < 0 ? Long.MAX_VALUE : wait, limits.backoffMax().toNanos());
    }

    /** The server's Retry-After in seconds, when it sent one. */
    private static Duration retryAfter(OpenAIServiceException e) {
        try {
            List<String> values = e.headers().values("Retry-After");
            if (values.isEmpty() == false) {
                long seconds = Long.parseLong(values.get(0).strip());
                return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
            }
        } catch (RuntimeException ignored) {
            // an HTTP date or garbage: use our own backoff
        }
        return null;
    }

    /** The status and the server's error message (OpenAI-style {"error": {"message": ...}}), else its error body. */
    private static String httpMessage(OpenAIServiceException e) {
        String detail = "";
        try {
            Object body = e.body().convert(Object.class);
            detail = body instanceof Map<?, ?> m && m.get("message") instanceof String message ? message : String.valueOf(body);
        } catch (RuntimeException ignored) {
            // no readable body: the status says enough
        }
        return "the endpoint answered HTTP " + e.statusCode() + (detail.isBlank() || "null".equals(detail) || "{}".equals(detail) ? "" : ": " + detail);
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root == t ? String.valueOf(m) : root.getClass().getSimpleName() + ": " + m;
    }

    /** Removes the API key from a message (a server may echo it) and bounds its length. */
    String redact(String message) {
        String m = message == null ? "" : message;
        if (secret.isEmpty() == false) {
            m = m.replace(secret, "[redacted]");
        }
        if (m.length() > MAX_MESSAGE_CHARS) {
            m = m.substring(0, MAX_MESSAGE_CHARS) + "\u2026";
        }
        return m;
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "ClusterSummarizer{model=" + model + ", key " + (secret.isEmpty() ? "unset" : "set") + "}";
    }
}
