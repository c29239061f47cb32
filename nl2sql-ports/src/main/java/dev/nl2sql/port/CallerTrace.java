package dev.nl2sql.port;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The distributed trace a caller's call belongs to, as the caller sent it: the W3C trace context fields
 * ({@value #TRACEPARENT}, {@value #TRACESTATE}) exactly as read, unchecked, so that the core needs to know nothing of
 * their format. An adapter runs the call {@link #within} it, as it runs the call within its {@link Cancellation}; a
 * {@link Tracing} that understands the fields makes them the parent of the call's first stage, and starts a new trace
 * when they are missing or malformed. What the caller sent is never part of an answer.
 *
 * @param fields the trace context fields by their lower-case W3C names; empty when the caller sent none
 */
public record CallerTrace(Map<String, String> fields) {

    /** The field that names the caller's trace and span. */
    public static final String TRACEPARENT = "traceparent";

    /** The field with the caller's vendors' own trace data. */
    public static final String TRACESTATE = "tracestate";

    /** A call whose caller sent no trace context. */
    public static final CallerTrace NONE = new CallerTrace(Map.of());

    private static final ThreadLocal<CallerTrace> CURRENT = new ThreadLocal<>();

    public CallerTrace {
        fields = Map.copyOf(fields);
    }

    /** {@return the trace the calling thread's call continues, if its adapter said} */
    public static Optional<CallerTrace> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** {@return what {@code work} returns, run on this thread as part of this trace} */
    public <T> T within(Supplier<T> work) {
        CallerTrace outer = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.get();
        } finally {
            CURRENT.set(outer);
        }
    }
}
