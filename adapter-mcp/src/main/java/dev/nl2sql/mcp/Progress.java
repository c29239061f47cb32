package dev.nl2sql.mcp;

import dev.nl2sql.port.Cancellation;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress notifications for one call whose length is not known in advance: each step counts one up, with a message.
 * Nothing is sent when the request carried no progress token, nor once the client cancelled the request.
 */
final class Progress {

    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

    private final McpSyncServerExchange exchange;
    private final Arguments arguments;
    private final Optional<Cancellation> cancellation = Cancellation.current();
    private int steps;

    Progress(McpSyncServerExchange exchange, Arguments arguments) {
        this.exchange = exchange;
        this.arguments = arguments;
    }

    synchronized void step(String message) {
        if (cancellation.filter(Cancellation::isCancelled).isPresent()) {
            return;
        }
        arguments.progressToken().ifPresent(token -> {
            try {
                exchange.progressNotification(ProgressNotification.builder(token, ++steps).message(message).build());
            } catch (RuntimeException e) {
                LOG.debug("could not send a progress notification: {}", e.toString()); // a closed session must not fail the call
            }
        });
    }

    /**
     * {@return what {@code work} returns} While it runs, a step says every {@code every} that it still runs and for how
     * long: a client sees the call is alive while a model thinks, and may keep waiting past its own timeout.
     */
    <T> T whileWaiting(String message, Duration every, Supplier<T> work) {
        if (arguments.progressToken().isEmpty()) {
            return work.get();
        }
        long started = System.nanoTime();
        Thread beat = Thread.ofVirtual().name("nl2sql-progress").start(() -> {
            try {
                while (true) {
                    Thread.sleep(every);
                    step(message + " (" + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s)");
                }
            } catch (InterruptedException done) {
                // the work ended
            }
        });
        try {
            return work.get();
        } finally {
            beat.interrupt();
            try {
                beat.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
