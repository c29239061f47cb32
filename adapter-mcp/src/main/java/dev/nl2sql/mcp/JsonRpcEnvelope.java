package dev.nl2sql.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON-RPC envelope checked before the SDK sees a message. The SDK deserialises a message and its params in one
 * go; when that fails it answers with its exception's text (a class name and Jackson's words) and the id lost, or over
 * HTTP with nothing at all. Here a message that is not JSON, not an object, carries an id that is neither a string nor
 * a whole number, a method that is not a string, or params that are not an object gets a plain JSON-RPC error with the
 * request's id wherever it has a usable one.
 */
final class JsonRpcEnvelope {

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int INVALID_PARAMS = -32602;

    /** What reading a message found: a refusal, or a sound envelope. */
    sealed interface Reading permits Refusal, Sound {}

    /**
     * A message whose envelope is sound, as read (one parse, shared by the envelope check, the transport's own handling
     * and the SDK).
     */
    record Sound(Map<String, Object> fields) implements Reading {

        /** The request attribute that carries an HTTP request's message, as the envelope check read it. */
        static final String ATTRIBUTE = "nl2sql.json-rpc-message";

        /** {@return the message's method, if it has one} */
        Optional<String> method() {
            return Optional.ofNullable((String) fields.get("method"));
        }

        /** {@return the message as the SDK's type, decided as the SDK decides it} */
        McpSchema.JSONRPCMessage toSdk(McpJsonMapper json) {
            if (fields.containsKey("method")) {
                return fields.containsKey("id") ? json.convertValue(fields, McpSchema.JSONRPCRequest.class)
                        : json.convertValue(fields, McpSchema.JSONRPCNotification.class);
            }
            return json.convertValue(fields, McpSchema.JSONRPCResponse.class);
        }
    }

    /** A refused message: the error to send, and whether it is about the transport's framing (no usable id). */
    record Refusal(int code, String message, Optional<Object> id) implements Reading {

        /** {@return the JSON-RPC error response, one line} */
        String json() {
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("jsonrpc", "2.0");
            response.put("id", id.orElse(null));
            response.put("error", Map.of("code", code, "message", message));
            try {
                return McpJsonDefaults.getMapper().writeValueAsString(response);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private JsonRpcEnvelope() {}

    /** {@return {@code text} read, or why it must not go to the SDK} */
    @SuppressWarnings("unchecked") // a JSON object reads as a map with string keys
    static Reading read(String text) {
        Object parsed;
        try {
            parsed = McpJsonDefaults.getMapper().readValue(text, Object.class);
        } catch (IOException | RuntimeException e) {
            return new Refusal(PARSE_ERROR, "Parse error: not a JSON message", Optional.empty());
        }
        if (!(parsed instanceof Map<?, ?> message)) {
            return new Refusal(INVALID_REQUEST, parsed instanceof List<?>
                    ? "Invalid request: batches are not supported, send one message at a time"
                    : "Invalid request: a JSON-RPC message is an object", Optional.empty());
        }
        Object id = message.get("id");
        if (id != null && !(id instanceof String) && !(id instanceof Integer) && !(id instanceof Long)) {
            return new Refusal(INVALID_REQUEST, "Invalid request: id must be a string or a whole number", Optional.empty());
        }
        Optional<Object> usableId = Optional.ofNullable(id);
        Object method = message.get("method");
        if (method == null && !message.containsKey("result") && !message.containsKey("error")) {
            return new Refusal(INVALID_REQUEST, "Invalid request: no method", usableId);
        }
        if (method != null && !(method instanceof String)) {
            return new Refusal(INVALID_REQUEST, "Invalid request: method must be a string", usableId);
        }
        Object params = message.get("params");
        if (params != null && !(params instanceof Map<?, ?>)) {
            return new Refusal(INVALID_PARAMS, "Invalid params: params must be an object", usableId);
        }
        return new Sound((Map<String, Object>) message);
    }
}
