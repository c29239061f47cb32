package dev.nl2sql.port;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A way to stop, from another thread, the statements a piece of work runs: Ctrl-C in the shell cancels the running
 * query on the server without ending the shell. The work runs {@link #within} a cancellation; an executor that can
 * stop a statement registers how with {@link #current()} while the statement runs.
 */
public final class Cancellation {

    private static final ThreadLocal<Cancellation> CURRENT = new ThreadLocal<>();

    private final List<Runnable> actions = new ArrayList<>();
    private boolean cancelled;

    /** Undoes one {@link #onCancel} registration. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** {@return the cancellation the calling thread's work runs within, if any} */
    public static Optional<Cancellation> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** {@return whether the work the calling thread runs has been cancelled; false outside any cancellation} */
    public static boolean currentIsCancelled() {
        Cancellation current = CURRENT.get();
        return current != null && current.isCancelled();
    }

    /** {@return what {@code work} returns, run on this thread within this cancellation} */
    public <T> T within(Supplier<T> work) {
        Cancellation outer = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.get();
        } finally {
            CURRENT.set(outer);
        }
    }

    /** Runs {@code action} on {@link #cancel()} (at once when already cancelled) until the registration is closed. */
    public Registration onCancel(Runnable action) {
        requireNonNull(action, "action");
        synchronized (actions) {
            if (!cancelled) {
                actions.add(action);
                return () -> {
                    synchronized (actions) {
                        actions.remove(action);
                    }
                };
            }
        }
        action.run();
        return () -> {};
    }

    /** Stops what runs within this cancellation now, and whatever starts later. */
    public void cancel() {
        List<Runnable> toRun;
        synchronized (actions) {
            cancelled = true;
            toRun = List.copyOf(actions);
            actions.clear();
        }
        toRun.forEach(Runnable::run);
    }

    /** {@return whether {@link #cancel()} was called} */
    public boolean isCancelled() {
        synchronized (actions) {
            return cancelled;
        }
    }
}
