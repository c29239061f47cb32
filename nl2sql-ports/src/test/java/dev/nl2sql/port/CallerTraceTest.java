package dev.nl2sql.port;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a caller's trace context is current, and that it is kept as the adapter read it. */
class CallerTraceTest {

    private final CallerTrace caller = new CallerTrace(Map.of(CallerTrace.TRACEPARENT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));

    @Test
    void theCallersTraceIsCurrentOnlyWithinItsWork() {
        assertThat(caller.within(CallerTrace::current)).contains(caller);
        assertThat(CallerTrace.current()).isEmpty();
    }

    @Test
    void anInnerCallsTraceEndsWithItsWork() {
        CallerTrace inner = new CallerTrace(Map.of());

        assertThat(caller.within(() -> {
            assertThat(inner.within(CallerTrace::current)).contains(inner);
            return CallerTrace.current();
        })).contains(caller);
    }

    @Test
    void theFieldsAreACopyTheAdapterCannotChangeLater() {
        Map<String, String> read = new HashMap<>(Map.of(CallerTrace.TRACESTATE, "vendor=1"));
        CallerTrace kept = new CallerTrace(read);

        read.put(CallerTrace.TRACESTATE, "vendor=2");

        assertThat(kept.fields()).containsExactly(Map.entry(CallerTrace.TRACESTATE, "vendor=1"));
    }
}
