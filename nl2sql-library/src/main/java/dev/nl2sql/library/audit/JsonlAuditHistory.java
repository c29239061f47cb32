package dev.nl2sql.library.audit;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.audit.HistoryPage;
import dev.nl2sql.domain.audit.HistoryQuery;
import dev.nl2sql.port.AuditHistory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the JSONL audit log back, newest first: files newest first, each read backwards in 64 KiB blocks. A line is
 * parsed only if its raw bytes pass a cheap filter (database, status and timestamp as text, the search text ignoring
 * ASCII case), and reading stops as soon as the page is full. Torn or unreadable lines are skipped, and so is a line
 * whose entry the page holds already (the log writes its unforced lines again after a failed force).
 */
public final class JsonlAuditHistory implements AuditHistory {

    static final int BLOCK = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(JsonlAuditHistory.class);

    private final Path directory;

    public JsonlAuditHistory(Path directory) {
        this.directory = requireNonNull(directory, "directory");
    }

    /** Where a page stopped: the file and the offset of the last line returned. */
    private record Cursor(AuditFiles.LogFile file, long offset) {

        static Optional<Cursor> parse(Path directory, String raw) {
            int colon = raw.lastIndexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            try {
                long offset = Long.parseLong(raw.substring(colon + 1));
                return AuditFiles.parse(directory.resolve(Path.of(raw.substring(0, colon)).getFileName())).map(f -> new Cursor(f, offset));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }

        String text() {
            return file.name() + ":" + offset;
        }
    }

    @Override
    public HistoryPage read(HistoryQuery query) {
        Optional<Cursor> cursor = query.cursor().flatMap(raw -> Cursor.parse(directory, raw));
        Filter filter = new Filter(query);
        List<AuditEntry> entries = new ArrayList<>(query.limit());
        try {
            List<AuditFiles.LogFile> files = AuditFiles.list(directory).reversed();
            for (AuditFiles.LogFile file : files) {
                if (cursor.isPresent() && file.compareTo(cursor.get().file()) > 0 || !filter.mayHold(file)) {
                    continue;
                }
                if (filter.before(file)) {
                    break;
                }
                long end = cursor.filter(c -> c.file().equals(file)).map(Cursor::offset).orElse(Long.MAX_VALUE);
                Optional<Cursor> stopped = scan(file, end, filter, entries, query.limit());
                if (stopped.isPresent()) {
                    return new HistoryPage(entries, Optional.of(stopped.get().text()));
                }
            }
        } catch (IOException e) {
            LOG.warn("audit history in {} could not be read: {}", directory, e.toString());
        }
        return new HistoryPage(entries, Optional.empty());
    }

    /** Reads {@code file} backwards from {@code end}; {@return where it stopped if the page filled up} */
    private static Optional<Cursor> scan(AuditFiles.LogFile file, long end, Filter filter, List<AuditEntry> entries, int limit)
            throws IOException {
        try (FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ)) {
            long position = Math.min(end, channel.size());
            byte[] carry = new byte[0];
            while (position > 0) {
                int read = (int) Math.min(BLOCK, position);
                position -= read;
                byte[] buffer = new byte[read + carry.length];
                ByteBuffer target = ByteBuffer.wrap(buffer, 0, read);
                while (target.hasRemaining()) {
                    if (channel.read(target, position + target.position()) < 0) {
                        throw new IOException(file.path() + " shrank while it was read");
                    }
                }
                System.arraycopy(carry, 0, buffer, read, carry.length);
                int lineEnd = buffer.length;
                for (int i = read - 1; i >= 0; i--) {
                    if (buffer[i] == '\n') {
                        if (take(buffer, i + 1, lineEnd, filter, entries) && entries.size() == limit) {
                            return Optional.of(new Cursor(file, position + i + 1));
                        }
                        lineEnd = i;
                    }
                }
                carry = java.util.Arrays.copyOf(buffer, lineEnd);
            }
            if (take(carry, 0, carry.length, filter, entries) && entries.size() == limit) {
                return Optional.of(new Cursor(file, 0));
            }
            return Optional.empty();
        } catch (NoSuchFileException deletedByRetention) {
            return Optional.empty();
        }
    }

    private static boolean take(byte[] buffer, int from, int to, Filter filter, List<AuditEntry> entries) {
        if (to <= from || !filter.mayMatch(buffer, from, to)) {
            return false;
        }
        Optional<AuditEntry> entry = AuditJson.entry(buffer, from, to - from).filter(filter.query::matches)
                .filter(found -> entries.stream().noneMatch(taken -> taken.id().equals(found.id()))); // written again after a failed force
        entry.ifPresent(entries::add);
        return entry.isPresent();
    }

    /** The query, turned into byte patterns that rule most lines out before they are parsed. */
    private static final class Filter {

        private final HistoryQuery query;
        private final byte[] database;
        private final byte[] status;
        private final byte[] since;
        private final byte[] until;
        private final byte[] text;

        Filter(HistoryQuery query) {
            this.query = query;
            this.database = query.database().map(d -> bytes("\"database\":\"" + d + "\"")).orElse(null);
            this.status = query.status().map(s -> bytes("\"status\":\"" + s + "\"")).orElse(null);
            this.since = query.since().map(s -> bytes(AuditJson.TIMESTAMP.format(s))).orElse(null);
            this.until = query.until().map(u -> bytes(AuditJson.TIMESTAMP.format(u))).orElse(null);
            // Only plain text can be matched on the raw line: JSON escapes would hide anything else.
            this.text = query.text().filter(t -> t.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\'))
                    .map(t -> bytes(t.toLowerCase(Locale.ROOT))).orElse(null);
        }

        /** Files are named by the UTC day they were written, which is never before the day of their entries. */
        boolean mayHold(AuditFiles.LogFile file) {
            return query.until().map(u -> !file.day().isAfter(LocalDate.ofInstant(u, ZoneOffset.UTC).plusDays(1))).orElse(true);
        }

        /** {@return whether every entry in {@code file} and in older files is older than {@code since}} */
        boolean before(AuditFiles.LogFile file) {
            return query.since().map(s -> file.day().isBefore(LocalDate.ofInstant(s, ZoneOffset.UTC))).orElse(false);
        }

        boolean mayMatch(byte[] line, int from, int to) {
            if (since != null || until != null) {
                // {"ts":"2026-11-25T10:00:00.000000Z" — fixed width, so text order is time order
                int at = from + 7;
                if (to - at < AuditJson.TIMESTAMP_WIDTH) {
                    return false;
                }
                if (since != null && compare(line, at, since) < 0 || until != null && compare(line, at, until) >= 0) {
                    return false;
                }
            }
            return (database == null || indexOf(line, from, to, database, false) >= 0)
                    && (status == null || indexOf(line, from, to, status, false) >= 0)
                    && (text == null || indexOf(line, from, to, text, true) >= 0);
        }

        private static int compare(byte[] line, int at, byte[] value) {
            for (int i = 0; i < value.length; i++) {
                int diff = line[at + i] - value[i];
                if (diff != 0) {
                    return diff;
                }
            }
            return 0;
        }

        private static int indexOf(byte[] haystack, int from, int to, byte[] needle, boolean ignoreAsciiCase) {
            byte first = needle[0];
            outer:
            for (int i = from, last = to - needle.length; i <= last; i++) {
                if (fold(haystack[i], ignoreAsciiCase) != first) {
                    continue;
                }
                for (int j = 1; j < needle.length; j++) {
                    if (fold(haystack[i + j], ignoreAsciiCase) != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        private static byte fold(byte b, boolean ignoreAsciiCase) {
            return ignoreAsciiCase && b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
        }

        private static byte[] bytes(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }
}
