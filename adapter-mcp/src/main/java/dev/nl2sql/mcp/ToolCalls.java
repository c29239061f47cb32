package dev.nl2sql.mcp;

import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.util.ToolInputValidator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nl2sql's own tools, callable without the SDK's request dispatch: the stdio transport answers {@code tools/call} for
 * them straight from the line it read (one JSON parse instead of three, no Reactor pipeline), with the same exchange the
 * SDK would have made, so progress, sampling and logging still go through the session; over HTTP {@link HttpToolCalls}
 * does the same with one JSON body. What the SDK does around a tool call is done here too, in its words: the arguments
 * checked against the input schema, and the structured content against the output schema
 * ({@link FirstCallSchemaValidator} decides when that check runs).
 */
final class ToolCalls {

    private static final Logger LOG = LoggerFactory.getLogger(ToolCalls.class);

    private final Map<String, SyncToolSpecification> tools;
    private final JsonSchemaValidator validator;

    ToolCalls(List<SyncToolSpecification> tools, JsonSchemaValidator validator) {
        this.tools = tools.stream().collect(Collectors.toUnmodifiableMap(tool -> tool.tool().name(), Function.identity()));
        this.validator = validator;
    }

    /** A call of one of our tools, as read from a {@code tools/call} request's params. */
    record Call(SyncToolSpecification tool, CallToolRequest request) {

        /** {@return whether the client asked for progress notifications, which only a stream can carry} */
        boolean wantsProgress() {
            return request.meta() != null && request.meta().get("progressToken") != null;
        }
    }

    /**
     * {@return the call {@code params} make, when they name one of our tools in the shape the SDK reads; empty when the
     * SDK must answer instead (a tool that is not ours, a test's, or params it should judge)}
     */
    Optional<Call> call(Object params) {
        if (!(params instanceof Map<?, ?> fields) || !(fields.get("name") instanceof String name)
                || !(fields.get("arguments") instanceof Map<?, ?> || fields.get("arguments") == null)
                || !(fields.get("_meta") instanceof Map<?, ?> || fields.get("_meta") == null) || !tools.containsKey(name)) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked") // JSON objects, as read
        var request = new CallToolRequest(name, (Map<String, Object>) fields.get("arguments"), (Map<String, Object>) fields.get("_meta"));
        return Optional.of(new Call(tools.get(name), request));
    }

    /** {@return the JSON-RPC answer to request {@code id}: the tool's result, or an internal error that names no detail} */
    JSONRPCResponse answer(Object id, Call call, McpSyncServerExchange exchange) {
        try {
            return new JSONRPCResponse(McpSchema.JSONRPC_VERSION, id, call(call.tool(), exchange, call.request()), null);
        } catch (RuntimeException e) {
            LOG.warn("tool {} failed: {}", call.request().name(), e.toString(), e);
            return new JSONRPCResponse(McpSchema.JSONRPC_VERSION, id, null, new JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INTERNAL_ERROR,
                    "Internal error: the request could not be handled (details in the server log)", null));
        }
    }

    /** {@return {@code tool}'s answer to {@code request}, or why its arguments or its own output do not fit its schemas} */
    private CallToolResult call(SyncToolSpecification tool, McpSyncServerExchange exchange, CallToolRequest request) {
        CallToolResult refused = ToolInputValidator.validate(tool.tool(), request.arguments(), true, validator);
        if (refused != null) {
            return refused;
        }
        CallToolResult result = tool.callHandler().apply(exchange, request);
        Map<String, Object> outputSchema = tool.tool().outputSchema();
        if (Boolean.TRUE.equals(result.isError()) || outputSchema == null) {
            return result;
        }
        if (result.structuredContent() == null) {
            return error("Response missing structured content which is expected when calling tool with non-empty outputSchema");
        }
        var validation = validator.validate(outputSchema, result.structuredContent());
        return validation.valid() ? result : error("Tool (" + request.name() + ") output validation failed: " + validation.errorMessage());
    }

    private static CallToolResult error(String message) {
        LOG.warn(message);
        return CallToolResult.builder().content(List.of(TextContent.builder(message).build())).isError(true).build();
    }
}
