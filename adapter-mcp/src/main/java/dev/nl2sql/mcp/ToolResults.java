package dev.nl2sql.mcp;

import dev.nl2sql.domain.audit.Caller;

import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.port.Cancellation;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what the use cases return into tool results: structured content plus a compact text rendering, and every
 * failure into an {@code isError} result with a stable code, never a protocol error.
 */
final class ToolResults {

    /**
     * Every nl2sql tool only reads, from a closed set of configured databases. destructiveHint and idempotentHint are
     * left out: the specification gives them meaning only when readOnlyHint is false, and every list costs tokens.
     */
    static final ToolAnnotations READ_ONLY = ToolAnnotations.builder().readOnlyHint(true).openWorldHint(false).build();

    private static final Logger LOG = LoggerFactory.getLogger(ToolResults.class);

    private ToolResults() {}

    /** {@return a successful result: {@code structured} as structured content, {@code text} for models that read text} */
    static CallToolResult success(Map<String, Object> structured, String text) {
        return CallToolResult.builder().structuredContent(structured).content(List.of(TextContent.builder(text).build())).isError(false).build();
    }

    /** {@return an error result: structured {@code {code, message, suggestions}} and the text {@code CODE: message}} */
    static CallToolResult failure(Failure failure) {
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("code", failure.code().code());
        structured.put("message", failure.message());
        structured.put("suggestions", failure.suggestions());
        String text = failure.code().code() + ": " + failure.message();
        return CallToolResult.builder().structuredContent(structured).content(List.of(TextContent.builder(text).build())).isError(true).build();
    }

    /** {@return the success {@code render} makes of the value, or the failure} */
    static <T> CallToolResult from(Result<T> result, Function<T, CallToolResult> render) {
        return switch (result) {
            case Result.Ok<T> ok -> render.apply(ok.value());
            case Result.Err<T> err -> failure(err.failure());
        };
    }

    /** {@return the audit log's name for whoever made this call: the client's own name and version when it gave them} */
    static Caller caller(McpSyncServerExchange exchange) {
        return Caller.mcp(Optional.ofNullable(exchange.getClientInfo()).map(info -> info.name() + " " + info.version()));
    }

    /**
     * {@return {@code handler}, guarded: the call is logged to the client (debug) and to stderr, and an exception
     * becomes an INTERNAL result whose reference is in the server log}
     */
    static BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> guarded(String tool,
            BiFunction<McpSyncServerExchange, Arguments, CallToolResult> handler) {
        return (exchange, request) -> {
            long started = System.nanoTime();
            notify(exchange, LoggingLevel.DEBUG, tool + " called with " + request.arguments());
            CallToolResult result;
            try {
                result = handler.apply(exchange, Arguments.of(request));
            } catch (RuntimeException e) {
                String reference = UUID.randomUUID().toString().substring(0, 8);
                LOG.error("tool {} failed (reference {})", tool, reference, e);
                result = failure(new Failure.Internal(reference));
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            LOG.debug("tool {} answered in {} ms{}", tool, millis, Boolean.TRUE.equals(result.isError()) ? " with an error" : "");
            // A success is DEBUG: at the clients' usual INFO level a notification per call cost a tenth of the server's
            // CPU under load (docs/performance.md) and told them nothing the result does not.
            notify(exchange, Boolean.TRUE.equals(result.isError()) ? LoggingLevel.WARNING : LoggingLevel.DEBUG,
                    tool + (Boolean.TRUE.equals(result.isError()) ? " failed: " + firstText(result) : " answered") + " in " + millis + " ms");
            return result;
        };
    }

    private static void notify(McpSyncServerExchange exchange, LoggingLevel level, String message) {
        if (Cancellation.currentIsCancelled()) {
            return; // nothing more is sent for a cancelled request
        }
        try {
            exchange.loggingNotification(LoggingMessageNotification.builder(level, message).logger("nl2sql").build());
        } catch (RuntimeException e) {
            LOG.debug("could not send a log notification: {}", e.toString()); // a closed session must not fail the call
        }
    }

    private static String firstText(CallToolResult result) {
        return result.content().stream().filter(TextContent.class::isInstance).map(c -> ((TextContent) c).text()).findFirst().orElse("");
    }
}
