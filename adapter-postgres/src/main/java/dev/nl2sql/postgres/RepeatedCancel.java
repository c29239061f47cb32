package dev.nl2sql.postgres;

import dev.nl2sql.port.Cancellation;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.postgresql.PGConnection;

/**
 * Cancels the statement running on one connection when its work is cancelled, and keeps asking until the statement
 * has ended. One cancel request is not enough: PostgreSQL drops a request that reaches the backend between two
 * protocol messages of the statement (measured: a request sent as soon as {@code pg_stat_activity} showed the statement
 * active was lost 2 times in 3, and the statement ran to its timeout). It goes through the connection's cancel request
 * (pgjdbc's {@code PGConnection.cancelQuery()}), not {@code Statement.cancel()}, which does nothing until pgjdbc counts
 * the statement as running and never repeats.
 *
 * <p>pgjdbc returns from a cancel request only after the server has signalled the backend, and {@link #close} waits
 * for a request under way: once it returns, no cancel can reach the connection's next statement.
 */
final class RepeatedCancel implements Cancellation.Registration {

    private static final Duration INTERVAL = Duration.ofMillis(100);

    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ended = lock.newCondition();
    private boolean statementEnded;
    private Cancellation.Registration registration = () -> {};

    private RepeatedCancel(Connection connection) {
        this.connection = connection;
    }

    /** {@return a registration that cancels the statement on {@code connection} if the current work is cancelled} */
    static Cancellation.Registration whileRunning(Connection connection) {
        return Cancellation.current().<Cancellation.Registration>map(cancellation -> {
            RepeatedCancel cancel = new RepeatedCancel(connection);
            cancel.registration = cancellation.onCancel(() -> Thread.ofVirtual().name("nl2sql-cancel").start(cancel::repeat));
            return cancel;
        }).orElse(() -> {});
    }

    private void repeat() {
        lock.lock();
        try {
            while (!statementEnded) {
                connection.unwrap(PGConnection.class).cancelQuery();
                ended.await(INTERVAL.toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (SQLException | InterruptedException e) {
            // the connection is closed or the server gone: there is no statement left to cancel
        } finally {
            lock.unlock();
        }
    }

    /** The statement has ended: stop asking, after any request under way is complete. */
    @Override
    public void close() {
        registration.close();
        lock.lock();
        try {
            statementEnded = true;
            ended.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
