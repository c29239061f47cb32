package dev.nl2sql.mcp;

import dev.nl2sql.port.CallerTrace;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The trace a tool call continues ({@link CallerTrace}), from where MCP clients put it: a {@code tools/call}'s
 * {@code params._meta.traceparent} and {@code tracestate}, on every transport, or else the HTTP request's
 * {@code traceparent} and {@code tracestate} headers, which the HTTP transports leave in the transport context. When
 * {@code _meta} has a {@code traceparent}, both fields come from it: one caller's trace is never mixed with another's
 * state. The fields are passed on unchecked; what is malformed is the tracing's to ignore.
 */
final class CallerTraces {

    /** The transport context key of the HTTP request's trace context headers. */
    static final String HEADERS = "nl2sql.trace-context";

    private static final List<String> FIELDS = List.of(CallerTrace.TRACEPARENT, CallerTrace.TRACESTATE);

    private CallerTraces() {}

    /** {@return {@code context} with {@code request}'s trace context headers added, when it has any} */
    static Map<String, Object> withHeaders(HttpServletRequest request, Map<String, Object> context) {
        Map<String, String> headers = new HashMap<>();
        List<String> parents = Collections.list(request.getHeaders(CallerTrace.TRACEPARENT));
        if (parents.size() == 1) { // two parents name no single one: W3C says to ignore them both
            headers.put(CallerTrace.TRACEPARENT, parents.getFirst());
        }
        List<String> states = Collections.list(request.getHeaders(CallerTrace.TRACESTATE));
        if (!states.isEmpty()) { // one list, however many headers carried it
            headers.put(CallerTrace.TRACESTATE, String.join(",", states));
        }
        if (headers.isEmpty()) {
            return context;
        }
        Map<String, Object> with = new HashMap<>(context);
        with.put(HEADERS, Map.copyOf(headers));
        return with;
    }

    /** {@return the trace {@code request} continues: its {@code _meta}'s, else its HTTP headers', else none} */
    static CallerTrace of(CallToolRequest request, McpTransportContext context) {
        Map<String, Object> meta = request.meta() == null ? Map.of() : request.meta();
        Object headers = context == null ? null : context.get(HEADERS);
        Map<?, ?> carrier = meta.get(CallerTrace.TRACEPARENT) instanceof String ? meta : headers instanceof Map<?, ?> read ? read : Map.of();
        if (carrier.isEmpty()) {
            return CallerTrace.NONE; // most calls: nothing to copy
        }
        Map<String, String> fields = new HashMap<>();
        for (String field : FIELDS) {
            if (carrier.get(field) instanceof String value) { // any other JSON value is no trace context
                fields.put(field, value);
            }
        }
        return new CallerTrace(fields);
    }
}
