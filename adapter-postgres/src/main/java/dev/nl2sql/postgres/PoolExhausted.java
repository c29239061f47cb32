package dev.nl2sql.postgres;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;

/** Every connection of a pool stayed taken for the whole wait: a healthy database that is busy, not one that is down. */
final class PoolExhausted extends SQLTransientConnectionException {

    private static final long serialVersionUID = 1L;

    private final int connections;
    private final Duration waited;

    PoolExhausted(int connections, Duration waited, Throwable cause) {
        super("all " + connections + " connections are busy and none came free within " + waited.toMillis() + " ms", null, cause);
        this.connections = connections;
        this.waited = waited;
    }

    int connections() {
        return connections;
    }

    Duration waited() {
        return waited;
    }
}
