package dev.nl2sql.library.audit;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.port.AuditLog;
import dev.nl2sql.port.AuditStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log as JSON lines in a private directory, one file per UTC day and size step, written by one thread at a
 * time so that concurrent calls never interleave bytes. Entries wait in a bounded queue, and callers wait for room
 * when it is full, as long as they would wait for the disk; an entry that finds no room by then is refused, so that its
 * call's answer is withheld, never dropped unseen.
 *
 * <p>With {@link Fsync#ALWAYS} {@link #record} returns only once its line is on disk, and the calling thread writes and
 * forces it itself if no flush is running: a lone caller wakes no other thread. Callers that come while a flush runs
 * queue their entries and wait; when it ends, those it covered return and one of the others flushes everything queued
 * meanwhile with one write and one force (group commit). With {@link Fsync#BATCH} a writer thread writes what is queued
 * and forces it every interval; it also retries entries whose write failed, and makes the last flush on close.
 *
 * <p>With {@link Fsync#ALWAYS}, {@link #keep} says when that promise could not be kept (the write or the force failed,
 * or the disk did not answer within {@link #WAIT_FOR_DISK}), so that the call's answer is withheld; the entry stays
 * queued and is written once the disk takes it. Once a flush has outlasted that wait (a disk that stopped answering),
 * later callers are told at once rather than each waiting in turn. The one thread inside the stalled write or force
 * waits as long as the kernel does: callers flush for themselves because handing every flush to the writer costs a
 * lone call two thread wake-ups (docs/performance.md, fourth round), and a stalled disk holds whichever thread asked it.
 */
public final class JsonlAuditLog implements AuditLog, AutoCloseable {

    /** When lines are forced to disk. */
    public enum Fsync {
        /** Before {@link #record} returns. */
        ALWAYS,
        /** At most one interval after the line was written; a crash may lose that interval. */
        BATCH
    }

    /**
     * How the log is kept.
     *
     * @param queueCapacity how many entries may wait for the disk before callers wait for room
     */
    public record Settings(Path directory, Fsync fsync, Duration fsyncInterval, long maxFileSize, int retentionDays, int queueCapacity) {

        public static final Duration DEFAULT_FSYNC_INTERVAL = Duration.ofMillis(100);
        public static final long DEFAULT_MAX_FILE_SIZE = 64L * 1024 * 1024;
        public static final int DEFAULT_RETENTION_DAYS = 30;
        public static final int DEFAULT_QUEUE_CAPACITY = 8_192;

        public Settings {
            requireNonNull(directory, "directory");
            requireNonNull(fsync, "fsync");
            requireNonNull(fsyncInterval, "fsyncInterval");
            if (maxFileSize < 1 || retentionDays < 1 || queueCapacity < 1 || fsyncInterval.isNegative() || fsyncInterval.isZero()) {
                throw new IllegalArgumentException("maxFileSize, retentionDays, queueCapacity and fsyncInterval must be positive, were "
                        + maxFileSize + ", " + retentionDays + ", " + queueCapacity + ", " + fsyncInterval);
            }
        }

        /** {@return durable defaults in {@code directory}} */
        public static Settings of(Path directory) {
            return new Settings(directory, Fsync.ALWAYS, DEFAULT_FSYNC_INTERVAL, DEFAULT_MAX_FILE_SIZE, DEFAULT_RETENTION_DAYS,
                    DEFAULT_QUEUE_CAPACITY);
        }

        public Settings withFsync(Fsync policy, Duration interval) {
            return new Settings(directory, policy, interval, maxFileSize, retentionDays, queueCapacity);
        }

        public Settings withRotation(long size, int days) {
            return new Settings(directory, fsync, fsyncInterval, size, days, queueCapacity);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(JsonlAuditLog.class);
    static final Duration WAIT_FOR_DISK = Duration.ofSeconds(10);
    private static final Duration RETRY_EVERY = Duration.ofSeconds(1);

    /** The entries one flush takes: those queued when it starts. */
    private static final class Batch {
        /** Callers parked until it is flushed; the flush wakes them. Guarded by the lock, and fixed once flushed. */
        final List<Thread> waiting = new ArrayList<>();
        /** What kept the batch's entries from disk, in the disk's words; null if nothing did. Set before {@link #flushed}. */
        String failed;
        volatile boolean flushed;
        /** The caller the last flush handed the flushing role to, if it has not taken it yet. */
        volatile Thread turn;

        /** {@return a batch that is already over, {@code failed} as given} */
        static Batch over(String failed) {
            Batch over = new Batch();
            over.failed = failed;
            over.flushed = true;
            return over;
        }
    }

    /** What an entry handed to a {@link Fsync#BATCH} log waits for: nothing; the interval's force is its promise. */
    private static final Batch QUEUED = Batch.over(null);

    private final Settings settings;
    /** How long a caller waits for its entry to be on disk, and for room in the queue. */
    private final Duration waitForDisk;
    private final Thread writer;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private final Condition work = lock.newCondition();
    // guarded by lock
    private final Deque<AuditEntry> queue = new ArrayDeque<>();
    private Batch next = new Batch();
    /** Whether a thread holds the flushing role; once the log is closed the writer keeps it. */
    private boolean flushing;
    /** Whether the writer waits for the role; the flush that ends hands it over before any caller. */
    private boolean writerWaiting;
    private boolean closed;
    /** Copied from the file state when a flush ends, for the writer to know when it is due. */
    private boolean retrying;
    private long retryAt;
    private boolean unforced;
    private long forceBy;
    private long forces;
    /** What the last flush could not do, in the disk's words; null once one succeeds. */
    private String lastFailure;
    /** How many entries the last flush left for the writer to retry. */
    private int waitingForDisk;
    /** When the flush under way started, in {@link System#nanoTime()}'s terms. */
    private long flushStarted;

    // The file state: the file, and the entries whose write failed, oldest first. Only the thread that holds the flushing
    // role touches it, outside the lock; the role is taken and given back under the lock, which hands the state over.
    private final AuditFile file;
    private final Deque<AuditEntry> unwritten = new ArrayDeque<>();

    public JsonlAuditLog(Settings settings, Clock clock) {
        this(settings, clock, WAIT_FOR_DISK);
    }

    /** A log whose callers wait {@code waitForDisk} instead: for tests of a stalled disk that should not take 10 s. */
    JsonlAuditLog(Settings settings, Clock clock, Duration waitForDisk) {
        this.settings = requireNonNull(settings, "settings");
        this.waitForDisk = requireNonNull(waitForDisk, "waitForDisk");
        this.file = new AuditFile(settings, requireNonNull(clock, "clock"));
        this.writer = Thread.ofPlatform().name("nl2sql-audit-writer").daemon(true).unstarted(this::writeUntilClosed);
        this.writer.start();
    }

    /** The directory the log is written to. */
    public Path directory() {
        return settings.directory();
    }

    @Override
    public void record(AuditEntry entry) {
        keep(entry);
    }

    /**
     * {@return why {@code entry} is not on disk, with {@link Fsync#ALWAYS}} With {@link Fsync#BATCH} the promise is the
     * interval's force, so nothing is reported but a closed log.
     */
    @Override
    public Optional<Failure.AuditUnavailable> keep(AuditEntry entry) {
        // A caller told to stop still leaves its entry and waits for it (a flush is short, and bounded): what it is told
        // is the disk's answer, not the interrupt's, which it gets back on return.
        boolean interrupted = Thread.interrupted();
        try {
            long deadline = System.nanoTime() + waitForDisk.toNanos();
            Batch batch = enqueue(entry, deadline);
            if (!awaitFlushed(batch, deadline)) {
                LOG.warn("audit entry {} not on disk after {}; it stays queued", entry.id(), waitForDisk);
                return unavailable("the disk did not answer within " + seconds(waitForDisk.toNanos()));
            }
            return batch.failed == null ? Optional.empty() : unavailable(batch.failed);
        } catch (RuntimeException bug) {
            LOG.error("audit entry {} could not be recorded", entry.id(), bug);
            return unavailable("internal error (details in the server log)");
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Optional<Failure.AuditUnavailable> unavailable(String reason) {
        return Optional.of(new Failure.AuditUnavailable(reason));
    }

    private static String seconds(long nanos) {
        return nanos / 1_000_000_000 + " s";
    }

    /** Writes whatever is queued, forces it to disk and stops the writer. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            room.signalAll();
            work.signal();
        } finally {
            lock.unlock();
        }
        try {
            writer.join(waitForDisk.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@return why the log cannot keep its promise now, if it cannot} Entries wait for a disk that refused them, or a
     * flush has not returned for longer than a caller waits ({@link #WAIT_FOR_DISK}). For {@code /readyz}: a server
     * whose answers are withheld should get no calls.
     */
    public Optional<String> problem() {
        lock.lock();
        try {
            Optional<String> stalled = stalled();
            if (stalled.isPresent()) {
                return stalled;
            }
            if (lastFailure != null) {
                return Optional.of(lastFailure + "; " + waitingForDisk + (waitingForDisk == 1 ? " entry waits" : " entries wait") + " for the disk");
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@return whether a line can be written and forced in the log's directory now, and the room left there} What
     * {@link #problem()} says comes first; otherwise a file of the check's own is written, forced and deleted, on a
     * thread of its own: a disk that stopped answering holds that thread, not the check, which says so after the wait.
     */
    public AuditStorage.Check check() {
        Path directory = settings.directory();
        Optional<String> problem = problem().or(() -> tryWritingWithinTheWait(directory));
        long usable;
        try {
            usable = Files.getFileStore(directory).getUsableSpace();
        } catch (IOException e) {
            usable = 0;
        }
        return new AuditStorage.Check(directory.toString(), usable, problem);
    }

    private Optional<String> tryWritingWithinTheWait(Path directory) {
        CompletableFuture<Optional<String>> tried = CompletableFuture.supplyAsync(() -> AuditFile.tryWriting(directory),
                probe -> Thread.ofPlatform().daemon(true).name("nl2sql-audit-check").start(probe));
        try {
            return tried.get(waitForDisk.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return Optional.of("the disk did not answer a write within " + seconds(waitForDisk.toNanos()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("the check was interrupted before the disk answered");
        } catch (ExecutionException e) {
            throw new IllegalStateException("the audit folder's write check failed", e.getCause());
        }
    }

    /** {@return how many times the log forced its file to disk so far} */
    long forces() {
        lock.lock();
        try {
            return forces;
        } finally {
            lock.unlock();
        }
    }

    /** {@return why no flush can end soon: the one under way has outlasted a caller's wait} Lock held. */
    private Optional<String> stalled() {
        long running = System.nanoTime() - flushStarted;
        return flushing && !closed && running > waitForDisk.toNanos()
                ? Optional.of("the disk has not answered a flush for " + seconds(running))
                : Optional.empty();
    }

    /**
     * Queues {@code entry}, waiting for room until {@code deadline}, and {@return the batch that takes it to disk}. With
     * {@link Fsync#ALWAYS} it is flushed here if no flush runs (the batch is then over), or else is the one to wait for;
     * the batch is over already if the entry found no room, or if the flush under way has stalled.
     */
    private Batch enqueue(AuditEntry entry, long deadline) {
        List<Thread> wake = List.of();
        boolean interrupted = false;
        lock.lock();
        try {
            while (!closed && queue.size() >= settings.queueCapacity()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.error("audit queue full ({} entries the disk has not taken); entry {} for database {} was not kept",
                            queue.size(), entry.id(), entry.database());
                    return Batch.over("the audit queue is full: the disk has not taken the last " + queue.size() + " entries");
                }
                try {
                    room.awaitNanos(left); // back-pressure, bounded as the wait for the disk is
                } catch (InterruptedException e) {
                    interrupted = true; // a caller told to stop still waits its turn: set again on return
                }
            }
            if (closed) {
                LOG.error("audit log is closed; entry {} for database {} was not written", entry.id(), entry.database());
                return Batch.over("the audit log is closed: the server is stopping");
            }
            queue.addLast(entry);
            if (settings.fsync() == Fsync.BATCH) {
                work.signal();
                return QUEUED;
            }
            Optional<String> stalled = stalled();
            if (stalled.isPresent()) { // waiting would end the same way: told now, the entry stays queued for the writer
                return Batch.over(stalled.get());
            }
            if (flushing || next.turn != null) { // the role is taken, or handed to a caller that will flush this entry too
                next.waiting.add(Thread.currentThread());
                return next;
            }
            Batch mine = next;
            wake = flush(false);
            return mine;
        } finally {
            lock.unlock();
            wake.forEach(LockSupport::unpark);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Parks until {@code batch} is flushed, flushing it here if the flush before hands this thread the role. An interrupt
     * does not end the wait: it is set aside, for the park not to return at once, and set again on return.
     *
     * @return false if {@code deadline} ({@link System#nanoTime()}) passed first
     */
    private boolean awaitFlushed(Batch batch, long deadline) {
        Thread me = Thread.currentThread();
        boolean interrupted = false;
        try {
            while (!batch.flushed) {
                if (batch.turn == me) {
                    takeTurn(batch);
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return stopWaiting(batch);
                }
                LockSupport.parkNanos(this, left);
                interrupted |= Thread.interrupted();
            }
            return true;
        } finally {
            if (interrupted) {
                me.interrupt();
            }
        }
    }

    private void takeTurn(Batch batch) {
        List<Thread> wake = List.of();
        lock.lock();
        try {
            batch.turn = null;
            if (!flushing && batch == next) {
                batch.waiting.remove(Thread.currentThread());
                wake = flush(false);
            }
        } finally {
            lock.unlock();
            wake.forEach(LockSupport::unpark);
        }
    }

    /** {@return whether {@code batch} was flushed after all} If not, this thread stops waiting for it. */
    private boolean stopWaiting(Batch batch) {
        Thread heir = null;
        lock.lock();
        try {
            if (batch.flushed) {
                return true;
            }
            batch.waiting.remove(Thread.currentThread());
            if (batch.turn == Thread.currentThread()) {
                batch.turn = null;
                if (!flushing && batch == next) {
                    heir = giveTurn(); // the role was handed to this thread as it gave up: pass it on
                }
            }
            return false;
        } finally {
            lock.unlock();
            if (heir != null) {
                LockSupport.unpark(heir);
            }
        }
    }

    /**
     * Takes the flushing role and the queue, writes it and what earlier writes left, forces it if due and gives the role
     * back; if {@code last}, closes the file and keeps the role. Lock held, released while writing.
     *
     * @return the threads to wake once the lock is released: the batch's waiting callers, and whom the role goes to
     */
    private List<Thread> flush(boolean last) {
        Batch batch = next;
        next = new Batch();
        flushing = true;
        flushStarted = System.nanoTime();
        unwritten.addAll(queue);
        queue.clear();
        room.signalAll();
        lock.unlock();
        String failed = "internal error (details in the server log)"; // unless the write returns
        try {
            failed = write(last).orElse(null);
        } finally {
            lock.lock();
            batch.failed = failed;
            lastFailure = failed;
            waitingForDisk = unwritten.size();
            retrying = !unwritten.isEmpty();
            retryAt = System.nanoTime() + RETRY_EVERY.toNanos();
            unforced = settings.fsync() == Fsync.BATCH && file.dirty();
            forceBy = file.lastForce() + settings.fsyncInterval().toNanos();
            forces = file.forces();
            batch.flushed = true;
            flushing = last;
        }
        List<Thread> wake = new ArrayList<>(batch.waiting.size() + 1);
        Thread heir = last ? null : giveTurn();
        if (heir != null) {
            wake.add(heir); // first: the next flush waits for it
        }
        wake.addAll(batch.waiting);
        if (retrying) {
            work.signal();
        }
        return wake;
    }

    /**
     * Writes, and forces if due, what the flushing role holds: the file state is this thread's here.
     *
     * @return what failed, in the disk's words
     */
    private Optional<String> write(boolean last) {
        try {
            boolean force = last || settings.fsync() == Fsync.ALWAYS || System.nanoTime() - file.lastForce() >= settings.fsyncInterval().toNanos();
            Optional<String> failed = file.write(unwritten, force);
            if (last) {
                Optional<String> closing = file.close(unwritten); // closed whatever the write did
                failed = failed.or(() -> closing);
                if (!unwritten.isEmpty()) {
                    LOG.error("audit log closed with {} entries it could not write, the oldest {}", unwritten.size(), unwritten.peekFirst());
                }
            }
            return failed;
        } catch (RuntimeException bug) {
            LOG.error("audit writer failed; {} entries kept for retry", unwritten.size(), bug);
            return Optional.of("internal error (details in the server log)");
        }
    }

    /**
     * Hands the free flushing role on: to the writer if it waits for it, else to the first caller waiting for the next
     * batch, whom it {@return as the thread to wake}; queued entries that no one waits for go to the writer. Lock held.
     */
    private Thread giveTurn() {
        if (writerWaiting || (next.waiting.isEmpty() && !queue.isEmpty())) {
            work.signal();
            return null;
        }
        if (next.waiting.isEmpty()) {
            return null;
        }
        next.turn = next.waiting.getFirst();
        return next.turn;
    }

    /**
     * The writer: writes what {@link Fsync#BATCH} callers queue and forces it every interval, retries entries whose write
     * failed, flushes entries whose callers stopped waiting, and makes the last flush on close. With {@link Fsync#ALWAYS}
     * and a healthy disk it sleeps: callers flush for themselves.
     */
    private void writeUntilClosed() {
        List<Thread> wake;
        lock.lock();
        try {
            try {
                while (!closed) {
                    long idle = idle();
                    if (idle > 0) {
                        work.awaitNanos(idle);
                    } else {
                        awaitRole();
                        flush(false).forEach(LockSupport::unpark);
                    }
                }
            } catch (InterruptedException e) {
                // nothing interrupts the writer; should something, the log closes rather than leave callers waiting for it
                closed = true;
                room.signalAll();
            }
            writerWaiting = true;
            while (flushing) {
                work.awaitUninterruptibly();
            }
            wake = flush(true);
        } finally {
            lock.unlock();
        }
        wake.forEach(LockSupport::unpark);
    }

    /** Waits, as the writer, until no flush runs; the flush that ends hands it the role before any caller. Lock held. */
    private void awaitRole() throws InterruptedException {
        writerWaiting = true;
        try {
            while (flushing) {
                work.await();
            }
        } finally {
            writerWaiting = false;
        }
    }

    /** {@return how long the writer may sleep: until an interval's force or a retry is due, or work comes} Lock held. */
    private long idle() {
        if (!queue.isEmpty() && next.waiting.isEmpty()) {
            return 0;
        }
        long now = System.nanoTime();
        long idle = Long.MAX_VALUE;
        if (retrying) {
            idle = Math.min(idle, retryAt - now);
        }
        if (unforced) {
            idle = Math.min(idle, forceBy - now);
        }
        return Math.max(idle, 0);
    }
}
