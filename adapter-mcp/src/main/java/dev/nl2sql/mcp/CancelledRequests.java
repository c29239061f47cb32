package dev.nl2sql.mcp;

import dev.nl2sql.port.Cancellation;
import io.modelcontextprotocol.common.McpTransportContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * MCP's {@code notifications/cancelled}, honoured: the transports see each request's JSON-RPC id (which the SDK does not
 * pass to a tool) and put it into the request's transport context; a tool call runs within the {@link Cancellation}
 * of its id, so a cancelled call stops its model call and its statement; and the transports send nothing more for a
 * cancelled request. The SDK 2.1 has no way to register a handler for this notification, so the transports take it
 * before the SDK sees it.
 */
final class CancelledRequests {

    /** The transport context key of the request's JSON-RPC id. */
    static final String REQUEST_ID = "nl2sql.request-id";

    /** The notification's method. */
    static final String METHOD = "notifications/cancelled";

    // A cancellation may arrive before its call starts, or after it ended; these are forgotten oldest first.
    private static final int MAX_REMEMBERED = 1_024;

    private record Key(String session, String id) {}

    private final Map<Key, Cancellation> requests = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Cancellation> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

    /** {@return the id of the request {@code context} belongs to, as the transport put it there} */
    static Optional<Object> requestId(McpTransportContext context) {
        return Optional.ofNullable(context).map(c -> c.get(REQUEST_ID));
    }

    /** {@return the cancellation of request {@code id} of {@code session}: already cancelled when the client said so first} */
    Cancellation of(String session, Object id) {
        synchronized (requests) {
            return requests.computeIfAbsent(key(session, id), k -> new Cancellation());
        }
    }

    /** Forgets request {@code id} of {@code session}, which ended, unless it was cancelled: its answer must still be dropped. */
    void ended(String session, Object id) {
        synchronized (requests) {
            Key key = key(session, id);
            Cancellation cancellation = requests.get(key);
            if (cancellation != null && !cancellation.isCancelled()) {
                requests.remove(key);
            }
        }
    }

    /** {@return {@code tool}'s result, computed within the cancellation of the request it answers} */
    <T> T run(String session, Optional<Object> id, Supplier<T> tool) {
        if (id.isEmpty()) {
            return tool.get();
        }
        try {
            return of(session, id.get()).within(tool);
        } finally {
            ended(session, id.get());
        }
    }

    /** Cancels request {@code id} of {@code session}: what runs for it stops, and nothing more is sent for it. */
    void cancel(String session, Object id) {
        of(session, id).cancel();
    }

    /** {@return whether request {@code id} of {@code session} was cancelled} */
    boolean isCancelled(String session, Object id) {
        synchronized (requests) {
            Cancellation cancellation = requests.get(key(session, id));
            return cancellation != null && cancellation.isCancelled();
        }
    }

    /** {@return the {@code requestId} of a {@code notifications/cancelled} message's params, if it has one} */
    static Optional<Object> cancelledId(Object params) {
        return params instanceof Map<?, ?> map ? Optional.ofNullable(map.get("requestId")) : Optional.empty();
    }

    // Ids are strings or whole numbers; 7 and "7" are different requests, and a number read as Integer or Long is the same.
    private static Key key(String session, Object id) {
        return new Key(session == null ? "" : session, (id instanceof Number n ? "n:" + n.longValue() : "s:" + id));
    }
}
