package dev.nl2sql.postgres;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.nl2sql.domain.conversation.ConversationId;
import dev.nl2sql.domain.conversation.ResultSummary;
import dev.nl2sql.domain.conversation.Turn;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.port.ConversationStore;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Conversations in a PostgreSQL table that every replica shares, so that a follow-up works on whichever replica it
 * reaches. The table is append-only: each turn is a row of its own (the conversation's first row, without a question,
 * opens it), so two follow-ups asked at once on two replicas both keep theirs without a lock; a conversation's age is
 * its newest row's, by the database's clock (the replicas' clocks may differ). Beyond {@link Settings#maxTurns()} the
 * oldest rows are deleted as new ones come, and conversations unused for {@link Settings#ttl()} are swept at most once
 * a minute. A summary's sample rows are kept flattened, row after row, in one text array.
 *
 * <p>The connections are their own small writable pool, not from the read-only pools of the queried databases. A
 * database that does not answer fails the call ({@link ConversationStore.Unavailable}): the conversation cannot be read.
 */
final class PostgresConversationStore implements ConversationStore, AutoCloseable {

    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
    private static final long SWEEP_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    /** Where the table is and how long conversations are kept. */
    public record Settings(String host, int port, String database, String user, Optional<String> password, String table, Duration ttl,
            int maxTurns) {

        public static final int DEFAULT_MAX_TURNS = 50;

        public Settings {
            requireNonNull(host, "host");
            requireNonNull(database, "database");
            requireNonNull(user, "user");
            requireNonNull(password, "password");
            requireNonNull(table, "table");
            requireNonNull(ttl, "ttl");
            if (!TABLE.matcher(table).matches()) {
                throw new IllegalArgumentException("conversations table must be a plain identifier, optionally schema-qualified: " + table);
            }
            if (ttl.isNegative() || ttl.isZero() || maxTurns < 1) {
                throw new IllegalArgumentException("a positive time to live and turn limit are needed, were " + ttl + " and " + maxTurns);
            }
        }

        @Override
        public String toString() {
            return "Settings[" + user + "@" + host + ":" + port + "/" + database + " table=" + table + " password="
                    + (password.isPresent() ? "****" : "none") + " ttl=" + ttl + "]";
        }
    }

    private final Settings settings;
    private final HikariDataSource pool;
    private final String table;
    private final AtomicLong nextSweep = new AtomicLong(System.nanoTime());
    private volatile boolean tableReady;

    public PostgresConversationStore(Settings settings) {
        this.settings = requireNonNull(settings, "settings");
        this.table = settings.table();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://" + settings.host() + ":" + settings.port() + "/" + settings.database());
        config.setUsername(settings.user());
        settings.password().ifPresent(config::setPassword);
        config.setPoolName("nl2sql-conversations");
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        // each store call holds a connection for milliseconds, so a second's wait means the store is down or unreachable:
        // a question then fails in about a second instead of five
        config.setConnectionTimeout(1_000);
        config.setInitializationFailTimeout(-1); // a state database that is down at start is tried again on first use
        config.addDataSourceProperty("ApplicationName", "nl2sql-conversations");
        config.addDataSourceProperty("socketTimeout", "30");
        this.pool = new HikariDataSource(config);
    }

    @Override
    public Optional<Stored> find(String scope, ConversationId id) {
        String sql = "SELECT database, question, sql, outcome, columns, row_count, truncated, sample, "
                + "bool_or(at > now() - make_interval(secs => ?)) OVER () AS alive FROM " + table
                + " WHERE conversation_id = ? AND scope = ? ORDER BY seq";
        return using(c -> {
            try (PreparedStatement statement = c.prepareStatement(sql)) {
                statement.setDouble(1, seconds());
                statement.setString(2, id.value());
                statement.setString(3, scope);
                try (ResultSet rows = statement.executeQuery()) {
                    Optional<DatabaseName> database = Optional.empty();
                    List<Turn> turns = new ArrayList<>();
                    while (rows.next()) {
                        if (!rows.getBoolean("alive")) {
                            return Optional.empty();
                        }
                        database = Optional.of(new DatabaseName(rows.getString("database")));
                        turn(rows).ifPresent(turns::add);
                    }
                    List<Turn> kept = turns.subList(Math.max(0, turns.size() - settings.maxTurns()), turns.size());
                    return database.map(name -> new Stored(name, kept));
                }
            }
        });
    }

    @Override
    public void start(String scope, ConversationId id, DatabaseName database) {
        sweepWhenDue();
        using(c -> {
            try (PreparedStatement statement = c.prepareStatement(
                    "INSERT INTO " + table + " (scope, conversation_id, database) VALUES (?, ?, ?)")) {
                statement.setString(1, scope);
                statement.setString(2, id.value());
                statement.setString(3, database.value());
                return statement.executeUpdate();
            }
        });
    }

    /** Inserted only while the conversation is alive, in one statement; then the rows beyond the limit are deleted. */
    @Override
    public void append(String scope, ConversationId id, Turn turn) {
        using(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table
                    + " (scope, conversation_id, database, question, sql, outcome, columns, row_count, truncated, sample) "
                    + "SELECT scope, conversation_id, database, ?, ?, ?, ?, ?, ?, ? FROM " + table
                    + " WHERE conversation_id = ? AND scope = ? AND at > now() - make_interval(secs => ?) ORDER BY seq DESC LIMIT 1");
                    PreparedStatement trim = c.prepareStatement("DELETE FROM " + table + " WHERE conversation_id = ? AND scope = ? "
                            + "AND seq < (SELECT min(seq) FROM (SELECT seq FROM " + table
                            + " WHERE conversation_id = ? AND scope = ? ORDER BY seq DESC LIMIT ?) AS newest)")) {
                Optional<ResultSummary> summary = turn.summary();
                insert.setString(1, turn.question());
                insert.setString(2, turn.sql().orElse(null));
                insert.setString(3, summary.map(ResultSummary::outcome).orElse(null));
                insert.setArray(4, summary.isEmpty() ? null : c.createArrayOf("text", summary.get().columns().toArray()));
                insert.setObject(5, summary.map(ResultSummary::rowCount).orElse(null), java.sql.Types.INTEGER);
                insert.setObject(6, summary.map(ResultSummary::truncated).orElse(null), java.sql.Types.BOOLEAN);
                insert.setArray(7, summary.isEmpty() ? null
                        : c.createArrayOf("text", summary.get().sample().stream().flatMap(List::stream).toArray()));
                insert.setString(8, id.value());
                insert.setString(9, scope);
                insert.setDouble(10, seconds());
                if (insert.executeUpdate() == 1) {
                    trim.setString(1, id.value());
                    trim.setString(2, scope);
                    trim.setString(3, id.value());
                    trim.setString(4, scope);
                    trim.setInt(5, settings.maxTurns());
                    trim.executeUpdate();
                }
                return null;
            }
        });
    }

    @Override
    public void close(String scope) {
        using(c -> {
            try (PreparedStatement statement = c.prepareStatement("DELETE FROM " + table + " WHERE scope = ?")) {
                statement.setString(1, scope);
                return statement.executeUpdate();
            }
        });
    }

    @Override
    public int size() {
        return using(c -> {
            try (PreparedStatement statement = c.prepareStatement("SELECT count(DISTINCT (scope, conversation_id)) FROM " + table
                    + " WHERE at > now() - make_interval(secs => ?)")) {
                statement.setDouble(1, seconds());
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            }
        });
    }

    /** Closes the pool. */
    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "PostgresConversationStore" + settings;
    }

    /** Deletes the conversations nothing was asked in for the time to live; by one caller at a time, once a minute. */
    private void sweepWhenDue() {
        long due = nextSweep.get();
        if (System.nanoTime() - due < 0 || !nextSweep.compareAndSet(due, System.nanoTime() + SWEEP_EVERY_NANOS)) {
            return;
        }
        using(c -> {
            try (PreparedStatement statement = c.prepareStatement("DELETE FROM " + table + " AS old WHERE old.at < now() - make_interval(secs => ?) "
                    + "AND NOT EXISTS (SELECT 1 FROM " + table + " AS fresh WHERE fresh.conversation_id = old.conversation_id "
                    + "AND fresh.scope = old.scope AND fresh.at >= now() - make_interval(secs => ?))")) {
                statement.setDouble(1, seconds());
                statement.setDouble(2, seconds());
                return statement.executeUpdate();
            }
        });
    }

    private double seconds() {
        return settings.ttl().toMillis() / 1000.0;
    }

    private static Optional<Turn> turn(ResultSet rows) throws SQLException {
        String question = rows.getString("question");
        if (question == null) {
            return Optional.empty(); // the row that opened the conversation
        }
        Optional<ResultSummary> summary = Optional.empty();
        String outcome = rows.getString("outcome");
        if (outcome != null) {
            List<String> columns = strings(rows.getArray("columns"));
            List<String> cells = strings(rows.getArray("sample"));
            int width = Math.max(1, columns.size());
            List<List<String>> sample = new ArrayList<>();
            for (int i = 0; i + width <= cells.size(); i += width) {
                sample.add(cells.subList(i, i + width));
            }
            summary = Optional.of(new ResultSummary(outcome, columns, rows.getInt("row_count"), rows.getBoolean("truncated"), sample));
        }
        return Optional.of(new Turn(question, Optional.ofNullable(rows.getString("sql")), summary));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }

    private interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    private <T> T using(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            if (!tableReady) {
                createTable(c);
                tableReady = true;
            }
            return work.on(c);
        } catch (SQLException e) {
            throw new Unavailable(settings.host() + ":" + settings.port() + "/" + settings.database(), reason(e), e);
        }
    }

    /** {@return the first line of what went wrong, and of why: the pool's time-out says little without its cause} */
    private static String reason(SQLException e) {
        String reason = firstLine(e.getMessage());
        return e.getCause() == null || e.getCause() == e ? reason : reason + ": " + firstLine(e.getCause().getMessage());
    }

    private static String firstLine(String message) {
        return message == null ? "no reason given" : message.lines().findFirst().orElse("no reason given");
    }

    private void createTable(Connection c) throws SQLException {
        String index = table.substring(table.lastIndexOf('.') + 1); // an index lives in its table's schema
        try (Statement statement = c.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + table + " (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                    + "scope text NOT NULL, conversation_id text NOT NULL, database text NOT NULL, at timestamptz NOT NULL DEFAULT now(), "
                    + "question text, sql text, outcome text, columns text[], row_count integer, truncated boolean, sample text[])");
            statement.execute("CREATE INDEX IF NOT EXISTS " + index + "_conversation ON " + table
                    + " (conversation_id, scope, seq)");
            statement.execute("CREATE INDEX IF NOT EXISTS " + index + "_at ON " + table + " (at)");
        } catch (SQLException e) {
            // two replicas creating the table at once: one loses on the catalog's unique index, the table exists
            if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
                throw e;
            }
        }
    }
}
