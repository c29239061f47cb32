package dev.nl2sql.library.audit;

import dev.nl2sql.domain.audit.AuditEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file {@link JsonlAuditLog} writes to: today's newest, a new one each UTC day and size step, files past retention
 * dropped, a line torn by a crash ended before the next one starts. Not thread-safe: one thread at a time uses it.
 *
 * <p>That thread may be a caller's, and a caller may be interrupted. An interrupt closes a {@link FileChannel} under the
 * operation it hits, so the interrupt status is set aside while writing and restored after, and one that lands in the
 * middle of an operation reopens the same file and carries on where the bytes stopped: no line is lost or written twice.
 *
 * <p>A failed force is not retried on the same lines: after one, the kernel may already have dropped the pages it could
 * not write and a second force would report success. The entries written since the last good force are written again
 * (through a newly opened channel) by the next write, so none is lost; a line that did reach the disk the first time is
 * then there twice, with the same id.
 */
final class AuditFile {

    private static final Logger LOG = LoggerFactory.getLogger(JsonlAuditLog.class);
    private static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    private static final int BUFFER_BYTES = 64 * 1024;

    /** One operation on the channel. */
    private interface Io<T> {
        T on(FileChannel channel) throws IOException;
    }

    private final JsonlAuditLog.Settings settings;
    private final Clock clock;
    /** Reused write after write, direct so that no thread that writes keeps a temporary copy of its own. */
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private FileChannel channel;
    private Path path;
    private LocalDate day;
    private int index;
    private long size;
    private long lastForce = System.nanoTime();
    private long forces;
    private boolean dirty;
    /** The entries whose lines were written since the last good force, oldest first: written again if a force fails. */
    private final List<AuditEntry> unforced = new ArrayList<>();
    private boolean interrupted;

    AuditFile(JsonlAuditLog.Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Writes {@code entries}' lines, oldest first, forgetting each entry once its line is written, and forces them to disk
     * if {@code force}. A failure is logged; the entries not written stay in {@code entries}.
     *
     * @return what failed, in the disk's words, if a write or the force did
     */
    Optional<String> write(Deque<AuditEntry> entries, boolean force) {
        interrupted = Thread.interrupted();
        try {
            Optional<String> failed = append(entries);
            if (failed.isEmpty() && force && dirty && channel != null) {
                failed = force(entries);
            }
            return failed;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@return whether lines were written since the last force} */
    boolean dirty() {
        return dirty;
    }

    /** {@return how many times the file was forced} */
    long forces() {
        return forces;
    }

    /** {@return when the file was last forced, in {@link System#nanoTime()}'s terms} */
    long lastForce() {
        return lastForce;
    }

    /**
     * Forces what was written and closes the file; the next write opens it again.
     *
     * @param entries where the entries go back to if the force fails, to be written again
     * @return what failed, if the force did
     */
    Optional<String> close(Deque<AuditEntry> entries) {
        Optional<String> failed = channel != null && dirty ? force(entries) : Optional.empty();
        release();
        return failed;
    }

    private void release() {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("closing audit file failed: {}", e.toString());
        }
        channel = null;
    }

    private Optional<String> append(Deque<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        int whole = 0; // lines wholly in the buffer
        buffer.clear();
        try {
            for (AuditEntry entry : List.copyOf(entries)) {
                byte[] line = AuditJson.line(entry);
                if (needsNewFile(line.length)) {
                    drain(entries, whole);
                    whole = 0;
                    open(entries);
                }
                for (int at = 0; at < line.length; ) { // a line longer than the buffer goes out in pieces
                    if (!buffer.hasRemaining()) {
                        drain(entries, whole);
                        whole = 0;
                    }
                    int n = Math.min(buffer.remaining(), line.length - at);
                    buffer.put(line, at, n);
                    at += n;
                }
                whole++;
                size += line.length;
            }
            drain(entries, whole);
            return Optional.empty();
        } catch (IOException e) {
            LOG.error("audit log write to {} failed: {}; {} entries kept in memory for retry", settings.directory(), e.toString(),
                    entries.size());
            close(entries);
            return Optional.of("writing failed: " + reason(e));
        }
    }

    /** Writes out the buffer and forgets its {@code whole} lines' entries. */
    private void drain(Deque<AuditEntry> entries, int whole) throws IOException {
        if (buffer.position() == 0) {
            return;
        }
        buffer.flip();
        while (buffer.hasRemaining()) {
            io(c -> c.write(buffer));
        }
        buffer.clear();
        for (int i = 0; i < whole; i++) {
            unforced.add(entries.removeFirst());
        }
        dirty = true;
    }

    /** Forces the lines written since the last force; if that fails, their entries go back to the front of {@code entries}. */
    private Optional<String> force(Deque<AuditEntry> entries) {
        try {
            io(c -> {
                c.force(false);
                return null;
            });
            dirty = false;
            unforced.clear();
            lastForce = System.nanoTime();
            forces++;
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.error("audit log fsync failed: {}; the {} entries written since the last good one are written again", e.toString(),
                    unforced.size());
            for (int i = unforced.size() - 1; i >= 0; i--) {
                entries.addFirst(unforced.get(i));
            }
            unforced.clear();
            dirty = false;
            release(); // a new channel: this one's error state is spent, and its lines are not to be trusted
            return Optional.of("forcing it to disk failed: " + (e instanceof IOException io ? reason(io) : e.toString()));
        }
    }

    /** {@return what the operating system said, without the file's path: a caller sees it, the server log has the path} */
    private static String reason(IOException e) {
        String reason = e instanceof FileSystemException named ? named.getReason() : e.getMessage();
        return reason == null ? e.getClass().getSimpleName() : reason;
    }

    /**
     * Runs {@code op} on the channel. If an interrupt closed the channel under it, reopens the same file at its end and
     * runs it again: what the interrupted operation did stands (a write has moved its buffer past the bytes it wrote).
     */
    private <T> T io(Io<T> op) throws IOException {
        while (true) {
            try {
                if (!channel.isOpen()) {
                    channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.READ);
                    channel.position(channel.size());
                }
                return op.on(channel);
            } catch (ClosedByInterruptException e) {
                Thread.interrupted(); // cleared for the reopened channel; write() sets it again when it is done
                interrupted = true;
            }
        }
    }

    private boolean needsNewFile(int lineLength) {
        if (channel == null) {
            return true;
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return !today.equals(day) || (size > 0 && size + lineLength > settings.maxFileSize());
    }

    /** Opens today's newest file, or the next one if the current is full, and drops files past retention. */
    private void open(Deque<AuditEntry> entries) throws IOException {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        boolean sameDay = channel != null && today.equals(day);
        Optional<String> unforced = close(entries);
        if (unforced.isPresent()) {
            throw new IOException(unforced.get()); // its entries went back to the front of the queue: this write stops here
        }
        createDirectory(settings.directory());
        if (sameDay) {
            index++;
        } else {
            day = today;
            index = AuditFiles.list(settings.directory()).stream().filter(f -> f.day().equals(today)).mapToInt(AuditFiles.LogFile::index)
                    .max().orElse(0);
            deleteExpired(today);
        }
        path = AuditFiles.path(settings.directory(), day, index);
        if (Files.exists(path) && Files.size(path) >= settings.maxFileSize()) {
            path = AuditFiles.path(settings.directory(), day, ++index);
        }
        channel = posix()
                ? FileChannel.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ),
                        PosixFilePermissions.asFileAttribute(PRIVATE_FILE))
                : FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        size = io(FileChannel::size);
        io(c -> c.position(size));
        if (size > 0 && !endsWithNewline()) {
            // the last line was torn by a crash: end it, so the next entry starts on a line of its own
            ByteBuffer newline = ByteBuffer.wrap(new byte[] {'\n'});
            while (newline.hasRemaining()) {
                io(c -> c.write(newline));
            }
            size++;
            LOG.warn("audit file {} ended in a torn line; it is skipped on read", path);
        }
    }

    private boolean endsWithNewline() throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        io(c -> c.read(last, size - 1));
        return last.get(0) == '\n';
    }

    private static void createDirectory(Path directory) throws IOException {
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

    /**
     * {@return why a line cannot be written and forced in {@code directory}, if it cannot} Tried with a file of its own,
     * deleted after, so that the log's files are not touched; the directory is created as the log would create it.
     */
    static Optional<String> tryWriting(Path directory) {
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            return Optional.of("it is a file, not a folder");
        }
        Path probe = directory.resolve(".write-check-" + ProcessHandle.current().pid());
        try {
            createDirectory(directory);
            try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
                channel.force(false);
            } finally {
                Files.deleteIfExists(probe);
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot write there: " + reason(e));
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

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
