package dev.nl2sql.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.port.CallerTrace;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which trace context a tool call continues: its {@code _meta}'s, else its HTTP headers', passed on as read. */
class CallerTracesTest {

    private static final McpTransportContext HEADERS = McpTransportContext.create(Map.of(CallerTraces.HEADERS,
            Map.of(CallerTrace.TRACEPARENT, "from-header", CallerTrace.TRACESTATE, "header=1")));

    private static CallToolRequest call(Map<String, Object> meta) {
        return new CallToolRequest("run_sql", Map.of("sql", "SELECT 1"), meta);
    }

    @Test
    void theMetasTraceparentWinsAndBringsOnlyItsOwnTracestate() {
        assertThat(CallerTraces.of(call(Map.of(CallerTrace.TRACEPARENT, "from-meta")), HEADERS).fields())
                .containsExactly(Map.entry(CallerTrace.TRACEPARENT, "from-meta"));
    }

    @Test
    void withoutOneInTheMetaTheHeadersAreContinued() {
        assertThat(CallerTraces.of(call(Map.of("progressToken", "p")), HEADERS).fields())
                .containsOnly(Map.entry(CallerTrace.TRACEPARENT, "from-header"), Map.entry(CallerTrace.TRACESTATE, "header=1"));
        assertThat(CallerTraces.of(call(null), HEADERS).fields()).containsKey(CallerTrace.TRACEPARENT);
    }

    @Test
    void aTraceparentThatIsNotTextIsNoTraceContext() {
        CallToolRequest call = call(Map.of(CallerTrace.TRACEPARENT, Map.of("trace", "x"), CallerTrace.TRACESTATE, 42));

        assertThat(CallerTraces.of(call, McpTransportContext.EMPTY).fields()).isEmpty();
    }

    @Test
    void aCallWithNoTraceContextContinuesNone() {
        assertThat(CallerTraces.of(call(null), McpTransportContext.EMPTY).fields()).isEmpty();
    }
}
