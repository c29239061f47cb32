package dev.nl2sql.library.audit;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.port.AuditLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log as JSON lines in a private directory, one file per UTC day and size step, written by one thread so that
 * concurrent calls never interleave bytes. Callers hand entries over through a bounded queue and wait when it is full;
 * nothing is dropped. With {@link Fsync#ALWAYS} {@link #record} returns only once its line is on disk; the writer
 * forces once per batch it drains, so concurrent callers share one fsync.
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
     * @param queueCapacity how many entries may wait for the writer before callers wait too
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
    private static final Set<java.nio.file.attribute.PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<java.nio.file.attribute.PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Duration WAIT_FOR_DISK = Duration.ofSeconds(10);
    private static final Duration RETRY_EVERY = Duration.ofSeconds(1);
    private static final int BATCH = 1_024;
    private static final int BUFFER_BYTES = 64 * 1024;

    /** An entry waiting for the writer; {@code written} opens once its line is written (and forced, if so configured). */
    private record Pending(AuditEntry entry, CountDownLatch written) {}

    private static final Pending STOP = new Pending(null, new CountDownLatch(0));

    private final Settings settings;
    private final Clock clock;
    private final BlockingQueue<Pending> queue;
    private final Thread writer;
    /** Entries whose write failed, oldest first, kept for the next attempt. Writer thread only. */
    private final Deque<AuditEntry> unwritten = new ArrayDeque<>();
    private volatile boolean closed;

    // writer thread state
    /** Reused batch after batch: a new 64 KiB buffer per batch was most of the garbage a call left behind. */
    private ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private FileChannel channel;
    private LocalDate day;
    private int index;
    private long size;
    private long lastForce;
    private boolean dirty;

    public JsonlAuditLog(Settings settings, Clock clock) {
        this.settings = requireNonNull(settings, "settings");
        this.clock = requireNonNull(clock, "clock");
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.writer = Thread.ofPlatform().name("nl2sql-audit-writer").daemon(true).unstarted(this::writeUntilClosed);
        this.writer.start();
    }

    /** The directory the log is written to. */
    public Path directory() {
        return settings.directory();
    }

    @Override
    public void record(AuditEntry entry) {
        Pending pending = new Pending(entry, new CountDownLatch(1));
        try {
            if (closed) {
                LOG.error("audit log is closed; entry {} for database {} was not written", entry.id(), entry.database());
                return;
            }
            queue.put(pending); // back-pressure: wait for room, never drop
            if (settings.fsync() == Fsync.ALWAYS && !pending.written().await(WAIT_FOR_DISK.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("audit entry {} not on disk after {}; it stays queued", entry.id(), WAIT_FOR_DISK);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while recording audit entry {}; it is {}", entry.id(),
                    queue.contains(pending) ? "queued" : "not queued: " + entry);
        } catch (RuntimeException bug) {
            LOG.error("audit entry {} could not be recorded", entry.id(), bug);
        }
    }

    /** Writes whatever is queued, forces it to disk and stops the writer. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(STOP);
            writer.join(WAIT_FOR_DISK.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeUntilClosed() {
        List<Pending> batch = new ArrayList<>(BATCH);
        boolean stopping = false;
        while (!stopping) {
            try {
                Pending first = queue.poll(pollFor().toNanos(), TimeUnit.NANOSECONDS);
                batch.clear();
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                }
                stopping = batch.remove(STOP);
                for (Pending pending : batch) {
                    unwritten.addLast(pending.entry());
                }
                writeUnwritten();
                if (dirty && (stopping || settings.fsync() == Fsync.ALWAYS || System.nanoTime() - lastForce >= settings.fsyncInterval().toNanos())) {
                    force();
                }
            } catch (InterruptedException e) {
                stopping = true;
            } catch (RuntimeException bug) {
                LOG.error("audit writer failed; {} entries kept for retry", unwritten.size(), bug);
            } finally {
                batch.forEach(p -> p.written().countDown());
            }
        }
        closeChannel();
        if (!unwritten.isEmpty()) {
            LOG.error("audit log closed with {} entries it could not write, the oldest {}", unwritten.size(), unwritten.peekFirst());
        }
    }

    private Duration pollFor() {
        if (!unwritten.isEmpty()) {
            return RETRY_EVERY;
        }
        return settings.fsync() == Fsync.BATCH && dirty ? settings.fsyncInterval() : Duration.ofDays(1);
    }

    /** Writes every kept entry, oldest first; on failure keeps the rest and says so. */
    private void writeUnwritten() {
        if (unwritten.isEmpty()) {
            return;
        }
        int inBuffer = 0;
        buffer.clear();
        try {
            for (AuditEntry entry : List.copyOf(unwritten)) {
                byte[] line = AuditJson.line(entry);
                if (needsNewFile(line.length)) {
                    flush(inBuffer);
                    inBuffer = 0;
                    open();
                }
                if (buffer.remaining() < line.length) {
                    flush(inBuffer);
                    inBuffer = 0;
                    if (buffer.capacity() < line.length) {
                        buffer = ByteBuffer.allocate(line.length);
                    }
                }
                buffer.put(line);
                inBuffer++;
                size += line.length;
            }
            flush(inBuffer);
        } catch (IOException e) {
            LOG.error("audit log write to {} failed: {}; {} entries kept in memory for retry", settings.directory(), e.toString(),
                    unwritten.size());
            closeChannel();
        } finally {
            if (buffer.capacity() > BUFFER_BYTES) {
                buffer = ByteBuffer.allocate(BUFFER_BYTES); // a huge line's buffer is not kept
            }
        }
    }

    /** Writes the buffer's {@code entries} lines and forgets them from the kept ones. */
    private void flush(int entries) throws IOException {
        if (entries == 0) {
            return;
        }
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
        for (int i = 0; i < entries; i++) {
            unwritten.removeFirst();
        }
        dirty = true;
    }

    private boolean needsNewFile(int lineLength) {
        if (channel == null) {
            return true;
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return !today.equals(day) || (size > 0 && size + lineLength > settings.maxFileSize());
    }

    /** Opens today's newest file, or the next one if the current is full, and drops files past retention. */
    private void open() throws IOException {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        boolean sameDay = channel != null && today.equals(day);
        closeChannel();
        createDirectory();
        if (sameDay) {
            index++;
        } else {
            day = today;
            index = AuditFiles.list(settings.directory()).stream().filter(f -> f.day().equals(today)).mapToInt(AuditFiles.LogFile::index)
                    .max().orElse(0);
            deleteExpired(today);
        }
        Path path = AuditFiles.path(settings.directory(), day, index);
        if (Files.exists(path) && Files.size(path) >= settings.maxFileSize()) {
            path = AuditFiles.path(settings.directory(), day, ++index);
        }
        FileChannel opened = posix()
                ? FileChannel.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ),
                        PosixFilePermissions.asFileAttribute(PRIVATE_FILE))
                : FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        size = opened.size();
        opened.position(size);
        if (size > 0 && !endsWithNewline(opened, size)) {
            // the last line was torn by a crash: end it, so the next entry starts on a line of its own
            opened.write(ByteBuffer.wrap(new byte[] {'\n'}));
            size++;
            LOG.warn("audit file {} ended in a torn line; it is skipped on read", path);
        }
        channel = opened;
    }

    private static boolean endsWithNewline(FileChannel file, long size) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        file.read(last, size - 1);
        return last.get(0) == '\n';
    }

    private void createDirectory() throws IOException {
        Path directory = settings.directory();
        if (!Files.isDirectory(directory)) {
            if (posix()) {
                FileAttribute<?> attribute = PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY);
                Files.createDirectories(directory, attribute);
                Files.setPosixFilePermissions(directory, PRIVATE_DIRECTORY); // the umask may have narrowed nothing, but be exact
            } else {
                Files.createDirectories(directory);
            }
        }
    }

    private void deleteExpired(LocalDate today) {
        LocalDate oldestKept = today.minusDays(settings.retentionDays());
        try {
            for (AuditFiles.LogFile file : AuditFiles.list(settings.directory())) {
                if (file.day().isBefore(oldestKept)) {
                    Files.deleteIfExists(file.path());
                    LOG.info("deleted audit file {}: older than {} days", file.name(), settings.retentionDays());
                }
            }
        } catch (IOException e) {
            LOG.warn("audit retention could not delete old files in {}: {}", settings.directory(), e.toString());
        }
    }

    private void force() {
        try {
            channel.force(false);
            dirty = false;
            lastForce = System.nanoTime();
        } catch (IOException | RuntimeException e) {
            LOG.error("audit log fsync failed: {}", e.toString());
        }
    }

    private void closeChannel() {
        if (channel == null) {
            return;
        }
        try {
            if (dirty) {
                channel.force(false);
                dirty = false;
            }
            channel.close();
        } catch (IOException e) {
            LOG.warn("closing audit file failed: {}", e.toString());
        }
        channel = null;
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
