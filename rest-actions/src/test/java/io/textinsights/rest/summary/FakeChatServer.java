/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
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
 * {@code route:malformed}) gets that mode instead, so one batch can mix outcomes. What it does with its connections is
 * its {@link Connections}, fixed when it is built. Every request is recorded.
 */
final class FakeChatServer implements AutoCloseable {

    /** How the server treats its connections. All but {@link #KEEP_ALIVE} speak HTTP on plain sockets. */
    enum Connections {
        /** HTTP/1.1 with keep-alive (com.sun.net.httpserver) */
        KEEP_ALIVE,
        /**
         * HTTP/1.0: closes every connection after its answer, without a Connection header (HTTP/1.0 needs none), as
         * small proxies and local servers do
         */
        CLOSE_AFTER_ANSWER,
        /**
         * HTTP/1.1 with keep-alive, but drops a request at random (seeded; {@link #dropRate}) the {@link #dropKinds}
         * way, each request body at most {@link #maxDropsPerRequest} times
         */
        DROP_SOME,
        /** drops every request the {@link #dropKinds} way */
        DROP_ALL
    }

    /** How a request is dropped. */
    enum Drop {
        /** the connection is closed without an answer (the client reads an EOF) */
        CLOSE,
        /** the connection is reset without an answer (SO_LINGER 0) */
        RESET,
        /** the answer's headers and half its body, then the connection is closed */
        CUT
    }

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

    /** @param dropped how the request was dropped, null when it was answered */
    record Recorded(String path, Map<String, List<String>> headers, String body, Drop dropped) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** The first top word of the user message, which names the cluster in tests. */
        String firstTopWord() throws IOException {
            Matcher words = TOP_WORD.matcher(userMessage(body));
            return words.find() ? words.group(1).strip() : "";
        }
    }

    static final String MODEL = "fake-model-1";
    private static final Pattern ROUTE = Pattern.compile("route:([a-z_]+)");
    private static final Pattern LABELS = Pattern.compile("\"labels\": \\[(\\d+) string");
    private static final Pattern TOP_WORD = Pattern.compile("<top_words>([^<,]*)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connections connections;
    private final HttpServer server;
    private final ServerSocket listener;
    private final Random random;
    private final Map<String, Integer> dropsByBody = new HashMap<>();
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
    /** {@link Connections#DROP_SOME}: the share of requests dropped. */
    volatile double dropRate = 0.3;
    /** {@link Connections#DROP_SOME}: drops of one request body at most (retries of one cluster get through after). */
    volatile int maxDropsPerRequest = Integer.MAX_VALUE;
    /** How requests are dropped: one of these, at random (seeded) when there are several. */
    volatile List<Drop> dropKinds = List.of(Drop.CLOSE);

    FakeChatServer() throws IOException {
        this(Connections.KEEP_ALIVE, 0);
    }

    /** @param seed of the random drops of {@link Connections#DROP_SOME} and of the drop kinds */
    FakeChatServer(Connections connections, long seed) throws IOException {
        this.connections = connections;
        this.random = new Random(seed);
        if (connections == Connections.KEEP_ALIVE) {
            listener = null;
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            server.setExecutor(executor);
            server.createContext("/", this::handle);
            server.start();
        } else {
            server = null;
            listener = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
            executor.execute(this::accept);
        }
    }

    String baseUrl() {
        int port = server != null ? server.getAddress().getPort() : listener.getLocalPort();
        return "http://127.0.0.1:" + port + "/v1";
    }

    List<Recorded> requests() {
        return new ArrayList<>(requests);
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    /** An answer: its HTTP status and JSON body. */
    private record Answer(int status, String json) {}

    private void handle(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            requests.add(new Recorded(exchange.getRequestURI().getPath(), headers, body, null));
            Answer answer = answer(exchange.getRequestURI().getPath(), headers, body);
            send(exchange, answer.status(), answer.json());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up (a timeout): nothing to answer
        } finally {
            inFlight.decrementAndGet();
            exchange.close();
        }
    }

    /** What the mode answers to a request (after {@link #delayMillis}; {@link Mode#HANG} waits until the server closes). */
    private Answer answer(String path, Map<String, List<String>> headers, String body) throws IOException, InterruptedException {
        if (path.endsWith("/chat/completions") == false) {
            return new Answer(404, "{\"error\": {\"message\": \"no such path\"}}");
        }
        if (delayMillis > 0) {
            closing.await(delayMillis, TimeUnit.MILLISECONDS);
        }
        Matcher route = ROUTE.matcher(body);
        Mode m = route.find() ? Mode.valueOf(route.group(1).toUpperCase(Locale.ROOT)) : mode;
        return switch (m) {
            case GOOD -> new Answer(200, completion(goodAnswer(body), "stop", null));
            case MALFORMED -> new Answer(200, completion("{\"title\": \"Oil prices\", \"summary\": ", "stop", null));
            case RATE_LIMIT_THEN_OK, UNAVAILABLE_THEN_OK -> {
                if (failuresSent.getAndIncrement() < failures) {
                    int status = m == Mode.RATE_LIMIT_THEN_OK ? 429 : 503;
                    yield new Answer(status, "{\"error\": {\"message\": \"slow down\", \"type\": \"requests\"}}");
                }
                yield new Answer(200, completion(goodAnswer(body), "stop", null));
            }
            case HANG -> {
                closing.await(60, TimeUnit.SECONDS);
                yield new Answer(200, completion(goodAnswer(body), "stop", null));
            }
            case UNAUTHORIZED -> {
                List<String> auth = headers.get("authorization");
                String token = String.valueOf(auth == null || auth.isEmpty() ? null : auth.get(0)).replace("Bearer ", "");
                yield new Answer(
                    401,
                    "{\"error\": {\"message\": \"Incorrect API key provided: " + token + "\", \"type\": \"invalid_request_error\"}}"
                );
            }
            case REFUSAL -> new Answer(200, completion(null, "stop", "I can't help with that."));
            case NO_STRUCTURED_OUTPUTS -> body.contains("\"response_format\"")
                ? new Answer(400, "{\"error\": {\"message\": \"response_format is not supported\"}}")
                : new Answer(200, completion(goodAnswer(body), "stop", null));
            case NOT_A_COMPLETION -> new Answer(200, "{\"hello\": \"world\"}");
        };
    }

    // ---- plain sockets: every Connections but KEEP_ALIVE

    private void accept() {
        while (listener.isClosed() == false) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                executor.execute(() -> serve(socket));
            } catch (RuntimeException e) {
                closeQuietly(socket); // the server is closing
            }
        }
    }

    /** One connection: its requests one after another, until the client or the {@link Connections} closes it. */
    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                String requestLine = readLine(in);
                if (requestLine == null || requestLine.isEmpty()) {
                    return; // the client closed the connection
                }
                Map<String, List<String>> headers = new TreeMap<>();
                for (String line = readLine(in); line != null && line.isEmpty() == false; line = readLine(in)) {
                    int colon = line.indexOf(':');
                    headers.computeIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).strip());
                }
                List<String> length = headers.get("content-length");
                byte[] bytes = in.readNBytes(length == null ? 0 : Integer.parseInt(length.get(0)));
                String body = new String(bytes, StandardCharsets.UTF_8);
                String path = requestLine.split(" ")[1];
                int now = inFlight.incrementAndGet();
                maxInFlight.accumulateAndGet(now, Math::max);
                try {
                    Drop drop = drop(body);
                    requests.add(new Recorded(path, headers, body, drop));
                    if (drop == Drop.CLOSE) {
                        return;
                    }
                    if (drop == Drop.RESET) {
                        socket.setSoLinger(true, 0);
                        return;
                    }
                    Answer answer = answer(path, headers, body);
                    byte[] json = answer.json().getBytes(StandardCharsets.UTF_8);
                    boolean http10 = connections == Connections.CLOSE_AFTER_ANSWER;
                    String head = (http10 ? "HTTP/1.0 " : "HTTP/1.1 ")
                        + answer.status()
                        + " Whatever\r\nContent-Type: application/json\r\nContent-Length: "
                        + json.length
                        + "\r\n\r\n";
                    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                    out.write(json, 0, drop == Drop.CUT ? json.length / 2 : json.length);
                    out.flush();
                    if (drop == Drop.CUT || http10) {
                        return;
                    }
                } finally {
                    inFlight.decrementAndGet();
                }
            }
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether and how this request is dropped. */
    private Drop drop(String body) {
        synchronized (random) {
            boolean drop = switch (connections) {
                case DROP_ALL -> true;
                case DROP_SOME -> random.nextDouble() < dropRate && dropsByBody.getOrDefault(body, 0) < maxDropsPerRequest;
                default -> false;
            };
            if (drop == false) {
                return null;
            }
            dropsByBody.merge(body, 1, Integer::sum);
            List<Drop> kinds = dropKinds;
            return kinds.get(kinds.size() == 1 ? 0 : random.nextInt(kinds.size()));
        }
    }

    /** A CRLF-terminated line (without it), or null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return line.isEmpty() ? null : line.toString();
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** A title from the first top word of the user message, and as many labels as it asked for. */
    private static String goodAnswer(String requestBody) throws IOException {
        String prompt = userMessage(requestBody);
        Matcher words = TOP_WORD.matcher(prompt);
        String first = words.find() ? words.group(1).strip() : "things";
        Matcher n = LABELS.matcher(prompt);
        int count = n.find() ? Integer.parseInt(n.group(1)) : 0;
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            labels.add("label " + (i + 1));
        }
        return JSON.writeValueAsString(Map.of("title", "About " + first, "summary", "Texts about " + first + ".", "labels", labels));
    }

    private static String userMessage(String requestBody) throws IOException {
        String prompt = "";
        for (JsonNode message : JSON.readTree(requestBody).path("messages")) {
            if ("user".equals(message.path("role").asText())) {
                prompt = message.path("content").asText();
            }
        }
        return prompt;
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
        if (server != null) {
            server.stop(0);
        } else {
            try {
                listener.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        executor.shutdownNow();
    }
}
