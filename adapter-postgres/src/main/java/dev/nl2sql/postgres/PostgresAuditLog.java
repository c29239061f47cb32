package dev.nl2sql.postgres;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.port.AuditCopy;
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every audit entry also goes to a PostgreSQL table, e.g. one shared by several instances. {@link #record} only queues
 * the entry (blocking briefly when the queue is full); one background thread inserts batches with
 * {@code ON CONFLICT (id) DO NOTHING}, so a replay never duplicates a row. While the database does not answer, entries
 * go to a local spill file (one tab-separated, escaped record per line) and are replayed in order once it answers
 * again, before anything newer; then the spill is truncated. Closing flushes what it can and leaves the rest spilled,
 * for the next start to replay.
 *
 * <p>What is only queued when the process is killed is lost here, but not from the local JSONL trail: this log keeps
 * the start time of the newest entry it stored ({@link #storedThrough()}, in a file beside the spill) so that the next
 * start hands it every entry of the trail from that time on again ({@link AuditCopy}).
 *
 * <p>The connection is its own writable one, not from the read-only pools of the queried databases.
 */
final class PostgresAuditLog implements AuditCopy, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresAuditLog.class);
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
    private static final String COLUMNS = "id, timestamp, surface, client, database, question, generated_sql, final_sql, status, "
            + "error_code, reason, attempts, model, prompt_tokens, completion_tokens, generate_ms, validate_ms, execute_ms, "
            + "row_count, truncated, degraded";
    private static final int COLUMN_COUNT = 21;
    /** Spill lines written before the {@code degraded} column was added. */
    private static final int COLUMN_COUNT_BEFORE_DEGRADED = 20;
    private static final String NULL = "\\N";

    /**
     * Where the table is and how the sink behaves.
     *
     * @param table the table, optionally schema-qualified; created if absent
     * @param spill the local file entries wait in while the database is down
     * @param offerWait how long {@link #record} blocks on a full queue before it spills the entry itself
     * @param retryEvery how often a down database is tried again
     */
    public record Settings(String host, int port, String database, String user, Optional<String> password, String table,
            Path spill, int queueCapacity, int batchSize, Duration offerWait, Duration retryEvery) {

        public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
        public static final int DEFAULT_BATCH_SIZE = 500;

        public Settings {
            requireNonNull(host, "host");
            requireNonNull(database, "database");
            requireNonNull(user, "user");
            requireNonNull(password, "password");
            requireNonNull(table, "table");
            requireNonNull(spill, "spill");
            requireNonNull(offerWait, "offerWait");
            requireNonNull(retryEvery, "retryEvery");
            if (!TABLE.matcher(table).matches()) {
                throw new IllegalArgumentException("audit table must be a plain identifier, optionally schema-qualified: " + table);
            }
            if (queueCapacity < 1 || batchSize < 1 || batchSize > 1_000) {
                throw new IllegalArgumentException("queue capacity must be positive and batch size within 1..1000");
            }
        }

        /** {@return the defaults for a table: a 10 000-entry queue, batches of 500, a retry every 5 s} */
        public static Settings of(String host, int port, String database, String user, Optional<String> password, String table,
                Path spill) {
            return new Settings(host, port, database, user, password, table, spill, DEFAULT_QUEUE_CAPACITY, DEFAULT_BATCH_SIZE,
                    Duration.ofMillis(200), Duration.ofSeconds(5));
        }

        @Override
        public String toString() {
            return "Settings[" + user + "@" + host + ":" + port + "/" + database + " table=" + table + " password="
                    + (password.isPresent() ? "****" : "none") + " spill=" + spill + "]";
        }
    }

    private final Settings settings;
    private final BlockingQueue<AuditEntry> queue;
    private final ReentrantLock spillLock = new ReentrantLock();
    private final Thread writer;
    private volatile boolean closing;
    private volatile boolean closed;
    /** Entries wait in the spill file; new ones go behind them until a replay empties it. Guarded by spillLock. */
    private boolean spilled;
    private long nextAttempt;
    private Connection connection;
    private boolean tableReady;
    /** The newest entry start time stored; written to {@link #storedFile()} after each stored batch. */
    private volatile Instant storedThrough;

    public PostgresAuditLog(Settings settings) {
        this.settings = requireNonNull(settings, "settings");
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        try {
            spilled = Files.exists(settings.spill()) && Files.size(settings.spill()) > 0;
        } catch (IOException e) {
            spilled = true;
        }
        this.storedThrough = readStoredThrough();
        this.writer = Thread.ofPlatform().name("nl2sql-audit-postgres").daemon(true).start(this::run);
    }

    @Override
    public Instant storedThrough() {
        return storedThrough;
    }

    /** Queues entries the local trail holds and this log may not: inserting one it holds changes nothing. */
    @Override
    public void catchUp(List<AuditEntry> entries) {
        entries.forEach(this::record);
    }

    private Path storedFile() {
        return settings.spill().resolveSibling(settings.spill().getFileName() + ".stored-through");
    }

    /**
     * The time kept by the last run, or now for a log that never stored anything: from its first start on, it is
     * answerable for every entry (older ones in the local files predate it).
     */
    private Instant readStoredThrough() {
        try {
            return Instant.parse(Files.readString(storedFile()).strip());
        } catch (IOException | java.time.format.DateTimeParseException e) {
            Instant now = Instant.now();
            writeStoredThrough(now);
            return now;
        }
    }

    private void stored(List<AuditEntry> entries) {
        Instant newest = storedThrough;
        for (AuditEntry entry : entries) {
            if (entry.timestamp().isAfter(newest)) {
                newest = entry.timestamp();
            }
        }
        if (!newest.equals(storedThrough)) {
            storedThrough = newest;
            writeStoredThrough(newest);
        }
    }

    /** Not forced to disk: a time lost with a crash only makes the next start hand over more entries than needed. */
    private void writeStoredThrough(Instant time) {
        try {
            Path parent = storedFile().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(storedFile(), time + "\n");
        } catch (IOException e) {
            LOG.warn("audit: cannot keep the stored-through time in {}: {}", storedFile(), e.toString());
        }
    }

    @Override
    public void record(AuditEntry entry) {
        try {
            if (!closing && queue.offer(entry, settings.offerWait().toNanos(), TimeUnit.NANOSECONDS)) {
                return;
            }
            spill(List.of(entry)); // queue full for too long, or closed: never drop it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            spill(List.of(entry));
        } catch (RuntimeException e) {
            LOG.warn("audit entry {} not recorded in PostgreSQL: {}", entry.id(), e.toString());
        }
    }

    /** Stops the writer after it has inserted (or spilled) every queued entry; what the database does not take stays spilled. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closing = true;
        try {
            writer.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        List<AuditEntry> left = new ArrayList<>();
        queue.drainTo(left);
        if (!left.isEmpty()) {
            spill(left);
        }
        closeConnection();
    }

    /** {@return whether entries wait in the spill file} */
    public boolean spilling() {
        spillLock.lock();
        try {
            return spilled;
        } finally {
            spillLock.unlock();
        }
    }

    private void run() {
        List<AuditEntry> batch = new ArrayList<>(settings.batchSize());
        while (true) {
            try {
                boolean last = closing;
                AuditEntry first = last ? queue.poll() : queue.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, settings.batchSize() - 1);
                }
                if (spilling() && System.nanoTime() - nextAttempt >= 0) {
                    replay();
                }
                if (!batch.isEmpty()) {
                    write(batch);
                    batch.clear();
                } else if (last) {
                    return;
                }
            } catch (InterruptedException e) {
                closing = true;
            } catch (RuntimeException e) {
                LOG.error("audit writer failed: {}", e.toString(), e);
                if (!batch.isEmpty()) {
                    spill(batch);
                    batch.clear();
                }
            }
        }
    }

    /** Inserts the batch, or spills it if older entries are spilled or the database does not take it. */
    private void write(List<AuditEntry> batch) {
        if (spilling()) {
            spill(batch);
            return;
        }
        try {
            insert(batch);
        } catch (SQLException e) {
            LOG.warn("audit database unavailable, spilling to {}: {}", settings.spill(), e.getMessage());
            failed();
            spill(batch);
        }
    }

    /** Inserts the spill file's entries in order, then empties it; on failure the whole file stays for the next try. */
    private void replay() {
        spillLock.lock();
        try {
            if (!spilled) {
                return;
            }
            int count = 0;
            try (BufferedReader reader = Files.newBufferedReader(settings.spill(), StandardCharsets.UTF_8)) {
                List<AuditEntry> batch = new ArrayList<>(settings.batchSize());
                String line;
                while ((line = reader.readLine()) != null) {
                    parse(line).ifPresent(batch::add);
                    if (batch.size() == settings.batchSize()) {
                        insert(batch);
                        count += batch.size();
                        batch.clear();
                    }
                }
                if (!batch.isEmpty()) {
                    insert(batch);
                    count += batch.size();
                }
            } catch (java.nio.file.NoSuchFileException gone) {
                // nothing to replay
            }
            try (FileOutputStream out = new FileOutputStream(settings.spill().toFile(), false)) {
                out.getFD().sync();
            }
            spilled = false;
            LOG.info("audit database answers again: replayed {} spilled entries", count);
        } catch (SQLException e) {
            failed();
        } catch (IOException e) {
            LOG.warn("audit spill {} unreadable: {}", settings.spill(), e.toString());
            failed();
        } finally {
            spillLock.unlock();
        }
    }

    private void failed() {
        closeConnection();
        nextAttempt = System.nanoTime() + settings.retryEvery().toNanos();
    }

    private void spill(List<AuditEntry> entries) {
        spillLock.lock();
        try {
            Path parent = settings.spill().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (FileOutputStream out = new FileOutputStream(settings.spill().toFile(), true);
                    Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
                for (AuditEntry entry : entries) {
                    text.write(format(entry));
                    text.write('\n');
                }
                text.flush();
                out.getFD().sync();
            }
            if (!spilled) {
                spilled = true;
                nextAttempt = System.nanoTime() + settings.retryEvery().toNanos();
            }
        } catch (IOException e) {
            LOG.error("audit spill {} failed; {} entries not kept in PostgreSQL: {}", settings.spill(), entries.size(), e.toString());
        } finally {
            spillLock.unlock();
        }
    }

    private void insert(List<AuditEntry> entries) throws SQLException {
        Connection c = connection();
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(settings.table()).append(" (").append(COLUMNS).append(") VALUES ");
        String row = "(" + "?,".repeat(COLUMN_COUNT - 1) + "?)";
        for (int i = 0; i < entries.size(); i++) {
            sql.append(i == 0 ? "" : ",").append(row);
        }
        sql.append(" ON CONFLICT (id) DO NOTHING");
        try (PreparedStatement statement = c.prepareStatement(sql.toString())) {
            int p = 1;
            for (AuditEntry e : entries) {
                statement.setObject(p++, uuid(e.id()));
                statement.setObject(p++, OffsetDateTime.ofInstant(e.timestamp(), ZoneOffset.UTC));
                statement.setString(p++, clean(e.surface()));
                statement.setString(p++, clean(e.client().orElse(null)));
                statement.setString(p++, clean(e.database()));
                statement.setString(p++, clean(e.question().orElse(null)));
                statement.setString(p++, clean(e.generatedSql().orElse(null)));
                statement.setString(p++, clean(e.finalSql().orElse(null)));
                statement.setString(p++, clean(e.status()));
                statement.setString(p++, e.errorCode().map(ErrorCode::code).orElse(null));
                statement.setString(p++, clean(e.reason().orElse(null)));
                statement.setInt(p++, e.attempts());
                statement.setString(p++, clean(e.model().orElse(null)));
                statement.setLong(p++, e.promptTokens());
                statement.setLong(p++, e.completionTokens());
                statement.setLong(p++, e.generate().toMillis());
                statement.setLong(p++, e.validate().toMillis());
                statement.setLong(p++, e.execute().toMillis());
                statement.setLong(p++, e.rowCount());
                statement.setBoolean(p++, e.truncated());
                statement.setString(p++, clean(e.degraded().orElse(null)));
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            closeConnection();
            throw e;
        }
        stored(entries);
    }

    private Connection connection() throws SQLException {
        if (connection != null && !connection.isClosed()) {
            return connection;
        }
        Properties properties = new Properties();
        properties.setProperty("user", settings.user());
        settings.password().ifPresent(password -> properties.setProperty("password", password));
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "30");
        properties.setProperty("ApplicationName", "nl2sql-audit");
        Connection c = DriverManager.getConnection(
                "jdbc:postgresql://" + settings.host() + ":" + settings.port() + "/" + settings.database(), properties);
        try {
            c.setAutoCommit(true);
            c.setReadOnly(false);
            if (!tableReady) {
                createTable(c);
                tableReady = true;
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        connection = c;
        return c;
    }

    /** unique_violation, duplicate_object ("type ... already exists"), duplicate_table: seen racing two creators. */
    private static final Set<String> TABLE_CREATED_BY_ANOTHER = Set.of("23505", "42710", "42P07");

    private void createTable(Connection c) throws SQLException {
        try (Statement statement = c.createStatement()) {
            statement.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE");
            statement.execute("CREATE TABLE IF NOT EXISTS " + settings.table() + " ("
                    + "id uuid PRIMARY KEY, timestamp timestamptz NOT NULL, surface text NOT NULL, client text, "
                    + "database text NOT NULL, question text, generated_sql text, final_sql text, status text NOT NULL, "
                    + "error_code text, reason text, attempts integer NOT NULL, model text, prompt_tokens bigint NOT NULL, "
                    + "completion_tokens bigint NOT NULL, generate_ms bigint NOT NULL, validate_ms bigint NOT NULL, "
                    + "execute_ms bigint NOT NULL, row_count bigint NOT NULL, truncated boolean NOT NULL, degraded text)");
        } catch (SQLException e) {
            // two instances creating the table at once: the loser gets one of three errors, depending on where it lost
            // (the catalog's unique index, the table's row type, the table itself); the table exists all the same
            if (!TABLE_CREATED_BY_ANOTHER.contains(e.getSQLState())) {
                throw e;
            }
        }
        try (Statement statement = c.createStatement()) {
            // a table made by an nl2sql from before the column
            statement.execute("ALTER TABLE " + settings.table() + " ADD COLUMN IF NOT EXISTS degraded text");
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already gone
            }
            connection = null;
        }
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notAUuid) {
            return UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** PostgreSQL text cannot hold NUL. */
    private static String clean(String text) {
        return text == null || text.indexOf('\0') < 0 ? text : text.replace("\0", "");
    }

    // --- spill line format: 21 tab-separated fields (20 before degraded), backslash escapes, \N for absent ---

    static String format(AuditEntry e) {
        List<String> fields = List.of(
                escape(e.id()), escape(e.timestamp().toString()), escape(e.surface()), optional(e.client()), escape(e.database()),
                optional(e.question()), optional(e.generatedSql()), optional(e.finalSql()), escape(e.status()),
                optional(e.errorCode().map(ErrorCode::name)), optional(e.reason()), Integer.toString(e.attempts()),
                optional(e.model()), Long.toString(e.promptTokens()), Long.toString(e.completionTokens()),
                Long.toString(e.generate().toNanos()), Long.toString(e.validate().toNanos()), Long.toString(e.execute().toNanos()),
                Long.toString(e.rowCount()), Boolean.toString(e.truncated()), optional(e.degraded()));
        return String.join("\t", fields);
    }

    static Optional<AuditEntry> parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != COLUMN_COUNT && f.length != COLUMN_COUNT_BEFORE_DEGRADED) {
            LOG.warn("skipping a torn audit spill line ({} fields)", f.length);
            return Optional.empty();
        }
        try {
            Optional<ErrorCode> code;
            try {
                code = unescape(f[9]).map(ErrorCode::valueOf);
            } catch (IllegalArgumentException newer) {
                code = Optional.empty();
            }
            return Optional.of(new AuditEntry(unescape(f[0]).orElseThrow(), Instant.parse(unescape(f[1]).orElseThrow()),
                    unescape(f[2]).orElseThrow(), unescape(f[3]), unescape(f[4]).orElseThrow(), unescape(f[5]), unescape(f[6]),
                    unescape(f[7]), unescape(f[8]).orElseThrow(), code, unescape(f[10]), Integer.parseInt(f[11]), unescape(f[12]),
                    Long.parseLong(f[13]), Long.parseLong(f[14]), Duration.ofNanos(Long.parseLong(f[15])),
                    Duration.ofNanos(Long.parseLong(f[16])), Duration.ofNanos(Long.parseLong(f[17])), Long.parseLong(f[18]),
                    Boolean.parseBoolean(f[19]), f.length == COLUMN_COUNT ? unescape(f[20]) : Optional.empty()));
        } catch (RuntimeException torn) {
            LOG.warn("skipping an unreadable audit spill line: {}", torn.toString());
            return Optional.empty();
        }
    }

    private static String optional(Optional<String> value) {
        return value.map(PostgresAuditLog::escape).orElse(NULL);
    }

    private static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    private static Optional<String> unescape(String field) {
        if (field.equals(NULL)) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char ch = field.charAt(i);
            if (ch == '\\' && i + 1 < field.length()) {
                char next = field.charAt(++i);
                out.append(switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else {
                out.append(ch);
            }
        }
        return Optional.of(out.toString());
    }
}
