package dev.nl2sql.bootstrap.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Raw Streamable HTTP against a running server, for tests about the wire itself (status codes, headers, sizes): a
 * request is a JSON-RPC body plus the headers a test chooses; {@link #message} reads the reply whether it came as plain
 * JSON or as server-sent events.
 */
final class RawMcp {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},
             "clientInfo":{"name":"raw","version":"1"}}}""";

    private final URI base;
    private final Map<String, String> headers;

    private RawMcp(URI base, Map<String, String> headers) {
        this.base = base;
        this.headers = Map.copyOf(headers);
    }

    /** {@return a client of the server on 127.0.0.1:{@code port}} */
    static RawMcp on(int port) {
        return new RawMcp(URI.create("http://127.0.0.1:" + port), Map.of());
    }

    /** {@return this client, sending {@code name: value} with every request} */
    RawMcp with(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new RawMcp(base, more);
    }

    /** {@return the reply to {@code body} POSTed to /mcp, in {@code session} when present} */
    HttpResponse<String> post(Optional<String> session, String body) {
        HttpRequest.Builder request = request("/mcp")
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        session.ifPresent(id -> request.header("Mcp-Session-Id", id));
        return send(request);
    }

    /** {@return the reply to a GET of {@code path}} */
    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    /** {@return the reply to a DELETE of {@code session}} */
    HttpResponse<String> delete(String session) {
        return send(request("/mcp").header("Mcp-Session-Id", session).DELETE());
    }

    /** {@return a new session's id, initialized; fails the test when the server refuses} */
    String initialize() {
        HttpResponse<String> init = post(Optional.empty(), INITIALIZE);
        if (init.statusCode() != 200) {
            throw new AssertionError("initialize: HTTP " + init.statusCode() + ": " + init.body());
        }
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        post(Optional.of(session), "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        return session;
    }

    /** {@return the JSON-RPC response to {@code method} with {@code params} in {@code session}} */
    JsonNode request(String session, String method, String params) {
        return message(post(Optional.of(session), "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\",\"params\":" + params + "}"));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
        headers.forEach(request::header);
        return request;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@return the JSON-RPC response in a reply, sent as plain JSON or as the SSE event after any notifications} */
    static JsonNode message(HttpResponse<String> response) {
        try {
            List<String> events = response.body().lines().filter(l -> l.startsWith("data:")).map(l -> l.substring(5).strip()).toList();
            for (String event : events) {
                JsonNode node = JSON.readTree(event);
                if (node.has("result") || node.has("error")) {
                    return node;
                }
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
