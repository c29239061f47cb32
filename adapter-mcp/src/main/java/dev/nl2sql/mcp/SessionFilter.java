package dev.nl2sql.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Keeps {@code /mcp} within {@link OpenSessions}: an initialize when every session is taken is refused with 503 and a
 * JSON-RPC error saying so (the SDK would take it), a request in a session that ended is 404 (the SDK may still hold
 * the closed session until its sweep), and every request in an open session counts as activity while it runs.
 */
final class SessionFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    /** JSON-RPC's "server error" range: the server is full, not the request wrong. */
    static final int SERVER_BUSY = -32000;
    private static final String SESSION_HEADER = "Mcp-Session-Id";

    private final transient OpenSessions sessions;
    /** Told of each subscription taken: the watch reads only schemas someone has read or subscribed to. */
    private final transient Consumer<String> subscribing;

    SessionFilter(OpenSessions sessions, Consumer<String> subscribing) {
        this.sessions = sessions;
        this.subscribing = subscribing;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        String id = request.getHeader(SESSION_HEADER);
        if (id == null) {
            if ("POST".equals(request.getMethod()) && isInitialize(request)) {
                initialize(request, response, chain);
            } else {
                chain.doFilter(request, response); // the SDK answers what is neither an initialize nor in a session
            }
            return;
        }
        boolean heard = !"GET".equals(request.getMethod()); // a GET re-opens the event stream, it says nothing
        if (!sessions.enter(id, heard)) {
            JsonRpcErrorFilter.respond(response, HttpServletResponse.SC_NOT_FOUND, JsonRpcErrorFilter.body(HttpServletResponse.SC_NOT_FOUND,
                    "Session not found: it ended or never existed; start a new one with initialize"));
            return;
        }
        try {
            if ("POST".equals(request.getMethod()) && !subscriptionAllowed(id, request, response)) {
                return;
            }
            chain.doFilter(request, response);
        } finally {
            sessions.leave(id, heard);
            if ("DELETE".equals(request.getMethod()) && response.getStatus() == HttpServletResponse.SC_OK) {
                sessions.deleted(id);
            }
        }
    }

    private void initialize(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (!sessions.reserve()) {
            response.setHeader("Retry-After", "60");
            JsonRpcErrorFilter.respond(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, new JsonRpcEnvelope.Refusal(SERVER_BUSY,
                    "Server busy: all " + sessions.limits().max() + " sessions are open (server.max_sessions); end an unused one "
                            + "with DELETE, or retry after idle ones expire (server.session_idle_timeout: " + sessions.limits().idleTimeout()
                            + ")", requestId(request)).json());
            return;
        }
        boolean started = false;
        try {
            chain.doFilter(request, response);
            started = response.getHeader(SESSION_HEADER) != null;
        } finally {
            if (!started) {
                sessions.release();
            }
        }
    }

    /**
     * Keeps a session's subscriptions within {@link OpenSessions#MAX_SUBSCRIPTIONS}; {@return false when this request
     * was a subscription too many, answered here with a JSON-RPC error}
     */
    private boolean subscriptionAllowed(String id, HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = request.getInputStream().readAllBytes();
        if (!new String(body, StandardCharsets.UTF_8).contains("resources/")) {
            return true; // not parsed: most requests are tool calls, and this runs for each
        }
        Map<?, ?> message = parse(body);
        if (!(message.get("params") instanceof Map<?, ?> params) || !(params.get("uri") instanceof String uri)) {
            return true;
        }
        if ("resources/unsubscribe".equals(message.get("method"))) {
            sessions.unsubscribe(id, uri);
        } else if ("resources/subscribe".equals(message.get("method")) && sessions.subscribe(id, uri)) {
            subscribing.accept(uri);
        } else if ("resources/subscribe".equals(message.get("method"))) {
            JsonRpcErrorFilter.respond(response, HttpServletResponse.SC_OK, new JsonRpcEnvelope.Refusal(JsonRpcEnvelope.INVALID_PARAMS,
                    "Invalid params: a session may subscribe to at most " + OpenSessions.MAX_SUBSCRIPTIONS + " resources, each URI at most "
                            + OpenSessions.MAX_URI_LENGTH + " characters; unsubscribe from one first",
                    Optional.ofNullable(message.get("id"))).json());
            return false;
        }
        return true;
    }

    private static boolean isInitialize(HttpServletRequest request) throws IOException {
        return "initialize".equals(message(request).get("method"));
    }

    private static Optional<Object> requestId(HttpServletRequest request) throws IOException {
        return Optional.ofNullable(message(request).get("id"));
    }

    /** The body, which {@link JsonRpcErrorFilter} has read, checked and made readable again. */
    private static Map<?, ?> message(HttpServletRequest request) throws IOException {
        return parse(request.getInputStream().readAllBytes());
    }

    private static Map<?, ?> parse(byte[] body) {
        try {
            return McpJsonDefaults.getMapper().readValue(body, Map.class);
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }
}
