package dev.nl2sql.mcp.tool;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress notifications for one call whose length is not known in advance: each step counts one up, with a message.
 * Nothing is sent when the request carried no progress token.
 */
final class Progress {

    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

    private final McpSyncServerExchange exchange;
    private final Arguments arguments;
    private int steps;

    Progress(McpSyncServerExchange exchange, Arguments arguments) {
        this.exchange = exchange;
        this.arguments = arguments;
    }

    synchronized void step(String message) {
        arguments.progressToken().ifPresent(token -> {
            try {
                exchange.progressNotification(ProgressNotification.builder(token, ++steps).message(message).build());
            } catch (RuntimeException e) {
                LOG.debug("could not send a progress notification: {}", e.toString()); // a closed session must not fail the call
            }
        });
    }
}
