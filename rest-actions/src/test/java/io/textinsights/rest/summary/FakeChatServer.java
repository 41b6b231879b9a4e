/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server on 127.0.0.1 speaking the chat-completions protocol ({@code POST /v1/chat/completions}), for
 * tests. How it answers is its {@link Mode}; a request whose body holds {@code route:MODE} (e.g. a top word
 * {@code route:malformed}) gets that mode instead, so one batch can mix outcomes. Every request is recorded.
 */
final class FakeChatServer implements AutoCloseable {

    enum Mode {
        /** a well-formed summary */
        GOOD,
        /** 200 with content that is not JSON */
        MALFORMED,
        /** 429 for the first {@link #failures} requests in this mode, then GOOD */
        RATE_LIMIT_THEN_OK,
        /** 503 for the first {@link #failures} requests in this mode, then GOOD */
        UNAVAILABLE_THEN_OK,
        /** no answer until the server closes */
        HANG,
        /** 401 whose error message echoes the bearer token, as a careless server might */
        UNAUTHORIZED,
        /** a refusal instead of content */
        REFUSAL,
        /** 400 to any request with a response_format, GOOD otherwise */
        NO_STRUCTURED_OUTPUTS,
        /** 200 with JSON that is not a chat completion */
        NOT_A_COMPLETION
    }

    record Recorded(String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    static final String MODEL = "fake-model-1";
    private static final Pattern ROUTE = Pattern.compile("route:([a-z_]+)");
    private static final Pattern LABELS = Pattern.compile("\"labels\": \\[(\\d+) string");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger failuresSent = new AtomicInteger();
    volatile Mode mode = Mode.GOOD;
    /** How many 429/503 answers the *_THEN_OK modes give before answering well. */
    volatile int failures = 1;
    /** Added before every answer, to make calls overlap. */
    volatile long delayMillis = 0;

    FakeChatServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    List<Recorded> requests() {
        return new ArrayList<>(requests);
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            requests.add(new Recorded(exchange.getRequestURI().getPath(), headers, body));
            if (exchange.getRequestURI().getPath().endsWith("/chat/completions") == false) {
                send(exchange, 404, "{\"error\": {\"message\": \"no such path\"}}");
                return;
            }
            if (delayMillis > 0) {
                closing.await(delayMillis, TimeUnit.MILLISECONDS);
            }
            Matcher route = ROUTE.matcher(body);
            Mode m = route.find() ? Mode.valueOf(route.group(1).toUpperCase(Locale.ROOT)) : mode;
            switch (m) {
                case GOOD -> send(exchange, 200, completion(goodAnswer(body), "stop", null));
                case MALFORMED -> send(exchange, 200, completion("{\"title\": \"Oil prices\", \"summary\": ", "stop", null));
                case RATE_LIMIT_THEN_OK, UNAVAILABLE_THEN_OK -> {
                    if (failuresSent.getAndIncrement() < failures) {
                        int status = m == Mode.RATE_LIMIT_THEN_OK ? 429 : 503;
                        send(exchange, status, "{\"error\": {\"message\": \"slow down\", \"type\": \"requests\"}}");
                    } else {
                        send(exchange, 200, completion(goodAnswer(body), "stop", null));
                    }
                }
                case HANG -> {
                    closing.await(60, TimeUnit.SECONDS);
                    send(exchange, 200, completion(goodAnswer(body), "stop", null));
                }
                case UNAUTHORIZED -> {
                    String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
                    send(
                        exchange,
                        401,
                        "{\"error\": {\"message\": \"Incorrect API key provided: " + auth.replace("Bearer ", "") + "\", \"type\": \"invalid_request_error\"}}"
                    );
                }
                case REFUSAL -> send(exchange, 200, completion(null, "stop", "I can't help with that."));
                case NO_STRUCTURED_OUTPUTS -> {
                    if (body.contains("\"response_format\"")) {
                        send(exchange, 400, "{\"error\": {\"message\": \"response_format is not supported\"}}");
                    } else {
                        send(exchange, 200, completion(goodAnswer(body), "stop", null));
                    }
                }
                case NOT_A_COMPLETION -> send(exchange, 200, "{\"hello\": \"world\"}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up (a timeout): nothing to answer
        } finally {
            inFlight.decrementAndGet();
            exchange.close();
        }
    }

    /** A title from the first top word of the user message, and as many labels as it asked for. */
    private static String goodAnswer(String requestBody) throws IOException {
        String prompt = "";
        for (JsonNode message : JSON.readTree(requestBody).path("messages")) {
            if ("user".equals(message.path("role").asText())) {
                prompt = message.path("content").asText();
            }
        }
        Matcher words = Pattern.compile("<top_words>([^<,]*)").matcher(prompt);
        String first = words.find() ? words.group(1).strip() : "things";
        Matcher n = LABELS.matcher(prompt);
        int count = n.find() ? Integer.parseInt(n.group(1)) : 0;
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            labels.add("label " + (i + 1));
        }
        return JSON.writeValueAsString(Map.of("title", "About " + first, "summary", "Texts about " + first + ".", "labels", labels));
    }

    private static String completion(String content, String finishReason, String refusal) throws IOException {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        message.put("content", content);
        message.put("refusal", refusal);
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", message);
        choice.put("finish_reason", finishReason);
        choice.put("logprobs", null);
        Map<String, Object> completion = new LinkedHashMap<>();
        completion.put("id", "chatcmpl-1");
        completion.put("object", "chat.completion");
        completion.put("created", 1_700_000_000L);
        completion.put("model", MODEL);
        completion.put("choices", List.of(choice));
        completion.put("usage", Map.of("prompt_tokens", 10, "completion_tokens", 10, "total_tokens", 20));
        return JSON.writeValueAsString(completion);
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
