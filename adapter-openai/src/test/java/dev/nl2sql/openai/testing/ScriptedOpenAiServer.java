package dev.nl2sql.openai.testing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A local OpenAI-compatible HTTP server for tests: it records every request and answers each from a queue of scripted
 * responses, in order. No network beyond 127.0.0.1, no mocking library; one file, so other modules can use it through
 * {@code adapter-openai}'s test-jar.
 *
 * <pre>{@code
 * try (var server = ScriptedOpenAiServer.start()) {
 *     server.enqueue(Scripted.status(429, "{}").withHeader("Retry-After", "0"), Scripted.chatReply("SELECT 1"));
 *     URI base = server.baseUrl("/v1");          // http://127.0.0.1:PORT/v1
 *     ...
 *     assertThat(server.requests()).hasSize(2);
 *     assertThat(server.lastRequest().json().path("model").asText()).isEqualTo("m");
 * }
 * }</pre>
 *
 * When the queue is empty the server answers 500 with a body saying so, which a test sees as a failure.
 */
public final class ScriptedOpenAiServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads;
    private final ConcurrentLinkedQueue<Scripted> script = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Semaphore disconnects = new Semaphore(0);

    private ScriptedOpenAiServer(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** {@return a running server on 127.0.0.1 and a free port; close it when done} */
    public static ScriptedOpenAiServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "scripted-openai-server");
                thread.setDaemon(true);
                return thread;
            });
            ScriptedOpenAiServer scripted = new ScriptedOpenAiServer(http, threads);
            http.setExecutor(threads);
            http.createContext("/", scripted::answer);
            http.start();
            return scripted;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the scripted OpenAI server", e);
        }
    }

    /** {@return the server's URL with {@code path} appended, e.g. {@code baseUrl("/v1")}} */
    public URI baseUrl(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Adds responses to the end of the script; each request takes the next one. */
    public ScriptedOpenAiServer enqueue(Scripted... responses) {
        script.addAll(List.of(responses));
        return this;
    }

    /** Forgets what is left of the script, the requests received and the disconnects counted: a fresh start for the next test. */
    public void reset() {
        script.clear();
        requests.clear();
        disconnects.drainPermits();
    }

    /** {@return every request received so far, oldest first} */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public int requestCount() {
        return requests.size();
    }

    /** {@return the most recent request; fails the test if there was none} */
    public RecordedRequest lastRequest() {
        if (requests.isEmpty()) {
            throw new AssertionError("the scripted server received no request");
        }
        return requests.getLast();
    }

    /**
     * {@return whether a client closed the connection of a {@link Scripted#trickle()} answer within {@code within}}
     * Each disconnect is counted once.
     */
    public boolean awaitDisconnect(Duration within) throws InterruptedException {
        return disconnects.tryAcquire(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the server; requests still hanging are released and their connections dropped. */
    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
            requests.add(new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers,
                    new String(body, StandardCharsets.UTF_8)));

            Scripted next = Optional.ofNullable(script.poll())
                    .orElse(Scripted.status(500, "{\"error\":{\"message\":\"the scripted server has no response left\"}}"));
            if (next.hangs()) {
                closing.await();
                return;
            }
            if (next.trickles()) {
                trickle(exchange);
                return;
            }
            if (!next.delay().isZero() && closing.await(next.delay().toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            byte[] reply = next.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            next.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(next.status(), reply.length == 0 ? -1 : reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        } catch (InterruptedException closed) {
            Thread.currentThread().interrupt();
        } catch (IOException clientWentAway) {
            // The client timed out and closed the connection: expected in timeout tests.
        }
    }

    /** Sends a blank every 50 ms, never the body, until the client goes away; a disconnect is counted. */
    private void trickle(HttpExchange exchange) throws IOException, InterruptedException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        try {
            while (!closing.await(50, TimeUnit.MILLISECONDS)) {
                out.write(' ');
                out.flush();
            }
        } catch (IOException clientWentAway) {
            disconnects.release();
        }
    }

    /** One request as received: header names are lower-cased. */
    public record RecordedRequest(String method, String path, Map<String, List<String>> headers, String body) {

        public RecordedRequest {
            requireNonNull(method, "method");
            requireNonNull(path, "path");
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            requireNonNull(body, "body");
        }

        /** {@return the first value of header {@code name}, if sent} */
        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT))).flatMap(values -> values.stream().findFirst());
        }

        /** {@return the body parsed as JSON; fails the test if it is not JSON} */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("the request body is not JSON: " + body, e);
            }
        }
    }

    /**
     * One scripted answer.
     *
     * @param delay how long to wait before answering
     * @param hangs never answer: hold the connection until the server closes
     * @param trickles never answer, but keep the connection busy with blanks, so a client that leaves is noticed
     */
    public record Scripted(int status, String body, Map<String, String> headers, Duration delay, boolean hangs, boolean trickles) {

        public Scripted {
            requireNonNull(body, "body");
            headers = Map.copyOf(headers);
            requireNonNull(delay, "delay");
        }

        /** {@return a 200 chat completion whose only choice says {@code content}, with usage 11 prompt / 7 completion tokens} */
        public static Scripted chatReply(String content) {
            return chatReply(content, 11, 7);
        }

        /** {@return a 200 chat completion whose only choice says {@code content}, with that usage} */
        public static Scripted chatReply(String content, long promptTokens, long completionTokens) {
            ObjectNode reply = completion();
            ObjectNode choice = reply.putArray("choices").addObject();
            choice.put("index", 0);
            choice.putObject("message").put("role", "assistant").put("content", content);
            choice.put("finish_reason", "stop");
            reply.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                    .put("total_tokens", promptTokens + completionTokens);
            return ok(reply.toString());
        }

        /** {@return a 200 chat completion with {@code choices} as given (e.g. none), and no usage} */
        public static Scripted chatReplyWithChoices(List<String> contents) {
            ObjectNode reply = completion();
            ArrayNode choices = reply.putArray("choices");
            for (int i = 0; i < contents.size(); i++) {
                ObjectNode choice = choices.addObject().put("index", i);
                choice.putObject("message").put("role", "assistant").put("content", contents.get(i));
                choice.put("finish_reason", "stop");
            }
            return ok(reply.toString());
        }

        /** {@return a 200 with {@code body} as is} */
        public static Scripted ok(String body) {
            return status(200, body);
        }

        /** {@return an answer with that status and body} */
        public static Scripted status(int status, String body) {
            return new Scripted(status, body, Map.of(), Duration.ZERO, false, false);
        }

        /** {@return an OpenAI-style error: {@code {"error":{"message":...}}} with that status} */
        public static Scripted error(int status, String message) {
            ObjectNode error = JSON.createObjectNode();
            error.putObject("error").put("message", message).put("type", "invalid_request_error");
            return status(status, error.toString());
        }

        /** {@return a request that is never answered} */
        public static Scripted hang() {
            return new Scripted(200, "", Map.of(), Duration.ZERO, true, false);
        }

        /** {@return a request answered with a 200 and blanks (valid JSON whitespace) that never end} */
        public static Scripted trickle() {
            return new Scripted(200, "", Map.of(), Duration.ZERO, false, true);
        }

        public Scripted withDelay(Duration delay) {
            return new Scripted(status, body, headers, delay, hangs, trickles);
        }

        public Scripted withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Scripted(status, body, more, delay, hangs, trickles);
        }

        private static ObjectNode completion() {
            ObjectNode reply = JSON.createObjectNode();
            reply.put("id", "chatcmpl-scripted").put("object", "chat.completion").put("created", 1_700_000_000L)
                    .put("model", "scripted-model");
            return reply;
        }
    }
}
