package dev.nl2sql.postgres;

import dev.nl2sql.domain.database.DatabaseName;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A circuit breaker per database, so that one database that is down fails fast instead of tying up threads and pool
 * slots, while the others carry on. Only unavailability trips it (refused connections, a server shutting down, a
 * database that no longer exists); a bad statement or a timeout says nothing about the database's health.
 */
final class DatabaseBreakers {

    private final Map<DatabaseName, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    CircuitBreaker breaker(DatabaseName database, Duration openFor) {
        return breakers.computeIfAbsent(database, name -> CircuitBreaker.of("db-" + name, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10)
                .minimumNumberOfCalls(3)
                .failureRateThreshold(50)
                .waitDurationInOpenState(openFor)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .permittedNumberOfCallsInHalfOpenState(1)
                .build()));
    }

    /** {@return the state of the breaker of {@code database}; closed if it was never used} */
    PostgresAdapter.BreakerState state(DatabaseName database) {
        CircuitBreaker breaker = breakers.get(database);
        if (breaker == null) {
            return PostgresAdapter.BreakerState.CLOSED;
        }
        return switch (breaker.getState()) {
            case OPEN, FORCED_OPEN -> PostgresAdapter.BreakerState.OPEN;
            case HALF_OPEN -> PostgresAdapter.BreakerState.HALF_OPEN;
            default -> PostgresAdapter.BreakerState.CLOSED;
        };
    }

    /** {@return whether {@code sqlState} means the database is unreachable rather than that a statement failed} */
    static boolean meansUnavailable(String sqlState) {
        if (sqlState == null) {
            return true; // pgjdbc leaves it null only for I/O failures
        }
        return sqlState.startsWith("08")        // connection exceptions
                || sqlState.equals("57P01")     // admin_shutdown
                || sqlState.equals("57P02")     // crash_shutdown
                || sqlState.equals("57P03")     // cannot_connect_now (starting up, shutting down)
                || sqlState.equals("3D000")     // invalid_catalog_name: the database was dropped or renamed
                || sqlState.equals("53300")     // too_many_connections
                || sqlState.equals("28000")     // invalid_authorization_specification
                || sqlState.equals("28P01");    // invalid_password
    }
}
