package dev.nl2sql.bootstrap.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One MCP session over Streamable HTTP, spoken as a client must: {@code initialize}, then
 * {@code notifications/initialized}, then requests carrying the {@code Mcp-Session-Id} and both accepted media types.
 */
final class McpHttpSession {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient client;
    private final URI endpoint;
    private final String session;
    private final AtomicLong ids = new AtomicLong(1);

    private McpHttpSession(HttpClient client, URI endpoint, String session) {
        this.client = client;
        this.endpoint = endpoint;
        this.session = session;
    }

    static McpHttpSession open(HttpClient client, URI endpoint) throws IOException, InterruptedException {
        HttpResponse<String> init = send(client, endpoint, null, """
                {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},
                 "clientInfo":{"name":"reliability-test","version":"1"}}}""");
        if (init.statusCode() != 200) {
            throw new IOException("initialize answered " + init.statusCode() + ": " + init.body());
        }
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow(() -> new IOException("no Mcp-Session-Id"));
        HttpResponse<String> initialized = send(client, endpoint, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        if (initialized.statusCode() != 202) {
            throw new IOException("notifications/initialized answered " + initialized.statusCode());
        }
        return new McpHttpSession(client, endpoint, session);
    }

    /** {@return the tool's result (the JSON-RPC {@code result}), or throws when the reply is not a JSON-RPC result} */
    JsonNode call(String tool, String argumentsJson) throws IOException, InterruptedException {
        HttpResponse<String> response = post("{\"jsonrpc\":\"2.0\",\"id\":" + ids.incrementAndGet() + ",\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + argumentsJson + "}}");
        if (response.statusCode() != 200) {
            throw new IOException("tools/call answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode message = message(response.body());
        if (!message.has("result")) {
            throw new IOException("no result: " + message);
        }
        return message.path("result");
    }

    /** Sends any body in this session, as it is. */
    HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return send(client, endpoint, session, body);
    }

    HttpResponse<String> post(byte[] body) throws IOException, InterruptedException {
        return client.send(request(endpoint, session).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(HttpClient client, URI endpoint, String session, String body)
            throws IOException, InterruptedException {
        return client.send(request(endpoint, session).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(URI endpoint, String session) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream");
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        return request;
    }

    /** {@return the JSON-RPC response in a reply: plain JSON, or the SSE event that carries a result or an error} */
    static JsonNode message(String body) throws IOException {
        for (String line : body.lines().filter(l -> l.startsWith("data:")).toList()) {
            JsonNode node = JSON.readTree(line.substring(5).strip());
            if (node.has("result") || node.has("error")) {
                return node;
            }
        }
        return JSON.readTree(body);
    }

    /** {@return the error code of a failed tool result, or "" when it succeeded} */
    static String errorCode(JsonNode result) {
        return result.path("isError").asBoolean() ? result.path("structuredContent").path("code").asText("?") : "";
    }
}
