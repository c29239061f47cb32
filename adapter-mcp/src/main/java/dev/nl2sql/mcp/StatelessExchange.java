package dev.nl2sql.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpLoggableSession;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import reactor.core.publisher.Mono;

/**
 * nl2sql's features, written against a session's exchange, served over the stateless transport: each request gets an
 * exchange with no session behind it. It has no id (conversations are then named by their unguessable id alone), no
 * client capabilities (so no sampling is tried), and a session that drops notifications (progress, log messages) and
 * refuses requests to the client, since a stateless response carries nothing but the result.
 */
final class StatelessExchange {

    private StatelessExchange() {}

    private static final McpLoggableSession NO_SESSION = new McpLoggableSession() {
        @Override
        public <T> Mono<T> sendRequest(String method, Object requestParams, TypeRef<T> typeRef) {
            return Mono.error(new UnsupportedOperationException(method + " needs a session; this server is stateless"));
        }

        @Override
        public Mono<Void> sendNotification(String method, Object params) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.empty();
        }

        @Override
        public void close() {
            // nothing is open
        }

        @Override
        public void setMinLoggingLevel(LoggingLevel minLoggingLevel) {
            // no logging/setLevel reaches a stateless server
        }

        @Override
        public boolean isNotificationForLevelAllowed(LoggingLevel loggingLevel) {
            return false;
        }
    };

    static McpSyncServerExchange of(McpTransportContext context) {
        return new McpSyncServerExchange(new McpAsyncServerExchange(null, NO_SESSION, null, null, context));
    }

    static McpStatelessServerFeatures.SyncToolSpecification tool(McpServerFeatures.SyncToolSpecification spec) {
        return new McpStatelessServerFeatures.SyncToolSpecification(spec.tool(), (context, request) -> spec.callHandler().apply(of(context), request));
    }

    static McpStatelessServerFeatures.SyncResourceSpecification resource(McpServerFeatures.SyncResourceSpecification spec) {
        return new McpStatelessServerFeatures.SyncResourceSpecification(spec.resource(),
                (context, request) -> spec.readHandler().apply(of(context), request));
    }

    static McpStatelessServerFeatures.SyncResourceTemplateSpecification resourceTemplate(
            McpServerFeatures.SyncResourceTemplateSpecification spec) {
        return new McpStatelessServerFeatures.SyncResourceTemplateSpecification(spec.resourceTemplate(),
                (context, request) -> spec.readHandler().apply(of(context), request));
    }

    static McpStatelessServerFeatures.SyncPromptSpecification prompt(McpServerFeatures.SyncPromptSpecification spec) {
        return new McpStatelessServerFeatures.SyncPromptSpecification(spec.prompt(),
                (context, request) -> spec.promptHandler().apply(of(context), request));
    }

    static McpStatelessServerFeatures.SyncCompletionSpecification completion(McpServerFeatures.SyncCompletionSpecification spec) {
        return new McpStatelessServerFeatures.SyncCompletionSpecification(spec.referenceKey(),
                (context, request) -> spec.completionHandler().apply(of(context), request));
    }
}
