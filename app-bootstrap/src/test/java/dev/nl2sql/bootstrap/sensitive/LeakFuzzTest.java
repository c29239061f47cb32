package dev.nl2sql.bootstrap.sensitive;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.bootstrap.sensitive.LeakAttempts.Attempt;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.sensitive.SensitiveData;
import dev.nl2sql.domain.sensitive.SensitiveData.MaskedColumn;
import dev.nl2sql.domain.sensitive.SensitiveData.Mode;
import dev.nl2sql.fixtures.SensitiveCustomers;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.library.Nl2Sql;
import dev.nl2sql.library.config.DatabaseConfig;
import dev.nl2sql.library.config.Nl2SqlConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The sensitive data promise under a seeded fuzzer, through the real path (validator, executor, audit trail, logs)
 * against PostgreSQL: thousands of statements that try to get a protected value or a hidden name out of
 * {@link SensitiveCustomers} ({@link LeakAttempts}), and none of them finds one in the result, the error, the audit
 * line or the log ({@link LeakDetector}).
 *
 * <p>Bounded for CI: {@code -Dnl2sql.leakfuzz.cases} (default 3,000) or {@code -Dnl2sql.leakfuzz.seconds} (default 40),
 * whichever comes first, from {@code -Dnl2sql.leakfuzz.seed} (default 16). It writes its counts to
 * {@code target/leak-fuzz.txt}.
 */
class LeakFuzzTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path audit;

    static final SensitiveData POLICY = new SensitiveData(SensitiveCustomers.HIDDEN_TABLES, SensitiveCustomers.HIDDEN_COLUMNS,
            Stream.concat(SensitiveCustomers.MASKED_COLUMNS.stream().map(c -> new MaskedColumn(c, Mode.MASK)),
                    SensitiveCustomers.HASHED_COLUMNS.stream().map(c -> new MaskedColumn(c, Mode.HASH))).toList(),
            Optional.of("fuzz-salt")).followingViews();

    private record Leak(String where, String what, String sql, String text) {}

    @Test
    void noStatementGetsAProtectedValueOrHiddenNameOut() throws Exception {
        db.execute(SensitiveCustomers.SQL);
        long seed = Long.getLong("nl2sql.leakfuzz.seed", 16);
        int cases = Integer.getInteger("nl2sql.leakfuzz.cases", 3_000);
        Duration budget = Duration.ofSeconds(Long.getLong("nl2sql.leakfuzz.seconds", 40));
        LeakDetector detector;
        try (Connection connection = db.connect()) {
            detector = LeakDetector.ofSensitiveCustomers(connection);
        }
        ListAppender<ILoggingEvent> logs = captureLogs();
        List<Leak> leaks = new ArrayList<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        Map<String, Integer> families = new TreeMap<>();
        Map<String, String> examples = new TreeMap<>();
        int tried = 0;
        long deadline = System.nanoTime() + budget.toNanos();
        try (Nl2Sql nl2sql = Nl2Sql.builder().config(Nl2SqlConfig.of(List.of(vault(db)), audit)).build()) {
            LeakAttempts attempts = new LeakAttempts(seed);
            while (tried < cases && System.nanoTime() < deadline) {
                Attempt attempt = attempts.next();
                tried++;
                families.merge(attempt.family(), 1, Integer::sum);
                QueryOutcome outcome = nl2sql.run("vault", attempt.sql());
                outcomes.merge(kind(outcome), 1, Integer::sum);
                String text = rendered(outcome);
                examples.putIfAbsent(kind(outcome), attempt.sql() + "\n    -> " + text);
                detector.leakIn(text, attempt.sql()).ifPresent(what -> leaks.add(new Leak("outcome", what, attempt.sql(), text)));
            }
        } finally {
            stopCapturing(logs);
        }
        for (JsonNode line : auditLines()) {
            String sql = line.path("final_sql").asText(line.path("generated_sql").asText(""));
            String text = line.path("reason").asText("") + " " + line.path("error_code").asText("") + " " + sql;
            detector.leakIn(text, sql).ifPresent(what -> leaks.add(new Leak("audit", what, sql, text)));
        }
        for (ILoggingEvent event : logs.list) {
            String text = event.getFormattedMessage() + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            detector.leakIn(text, "").ifPresent(what -> leaks.add(new Leak("log", what, "", text)));
        }
        String summary = "leak fuzz: seed " + seed + ", " + tried + " statements, outcomes " + outcomes + ", reaches " + families
                + ", " + leaks.size() + " leaks";
        StringBuilder report = new StringBuilder(summary).append("\n");
        examples.forEach((kind, example) -> report.append("example of ").append(kind).append(": ").append(example).append("\n"));
        leaks.forEach(leak -> report.append(leak).append("\n"));
        Files.writeString(Path.of("target", "leak-fuzz.txt"), report);
        System.err.println(summary);

        assertThat(tried).as("statements tried").isGreaterThan(200);
        assertThat(leaks).as(summary).isEmpty();
    }

    /** {@return {@code db}, loaded with {@link SensitiveCustomers}, as the database "vault" under {@link #POLICY}} */
    static DatabaseConfig vault(TestDatabase db) {
        return vault(db, POLICY);
    }

    /** {@return {@code db} as the database "vault" under {@code policy}} */
    static DatabaseConfig vault(TestDatabase db, SensitiveData policy) {
        DatabaseConfig base = DatabaseConfig.of("vault", db.server().host(), db.server().port(), db.name(), db.server().user());
        if (!db.server().password().isEmpty()) {
            base = base.withPassword(db.server().password());
        }
        return new DatabaseConfig(base.name(), base.host(), base.port(), base.database(), base.user(), base.passwordEnv(), base.password(),
                base.poolSize(), base.connectTimeout(), Duration.ofSeconds(3), base.maxRows(), base.maxBytes(), base.readOnlyRole(),
                base.includeSchemas(), base.excludeSchemas(), base.maxCost(), policy, base.tls(), base.poolWait());
    }

    private static String kind(QueryOutcome outcome) {
        return switch (outcome) {
            case QueryOutcome.Succeeded ok -> "ran";
            case QueryOutcome.Failed failed -> failed.failure().code().name()
                    + (failed.failure() instanceof dev.nl2sql.domain.error.Failure.DatabaseError error ? " " + error.sqlState() : "");
        };
    }

    private static String rendered(QueryOutcome outcome) {
        return switch (outcome) {
            case QueryOutcome.Succeeded ok -> ok.result().columns() + " " + ok.result().rows();
            case QueryOutcome.Failed failed -> failed.failure().code() + " " + failed.failure().message() + " " + failed.failure().suggestions();
        };
    }

    private List<JsonNode> auditLines() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(audit)) {
            for (Iterator<Path> it = files.filter(f -> f.toString().endsWith(".jsonl")).iterator(); it.hasNext(); ) {
                for (String line : Files.readAllLines(it.next())) {
                    lines.add(json.readTree(line));
                }
            }
        }
        assertThat(lines).as("audit lines").isNotEmpty();
        return lines;
    }

    private static ListAppender<ILoggingEvent> captureLogs() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(context);
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        context.getLogger("dev.nl2sql").setLevel(Level.DEBUG);
        return appender;
    }

    private static void stopCapturing(ListAppender<ILoggingEvent> appender) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        context.getLogger("dev.nl2sql").setLevel(Level.INFO);
        appender.stop();
    }
}
