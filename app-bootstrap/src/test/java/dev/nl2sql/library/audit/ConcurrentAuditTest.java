package dev.nl2sql.library.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.bootstrap.Application;
import dev.nl2sql.library.config.ConfigLoader;
import dev.nl2sql.cli.Launcher;
import dev.nl2sql.domain.audit.Caller;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.usecase.RunSql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * 32 threads, 1,000 calls each, through the wired RunSql: successes, rejections, timeouts and a database that does not
 * exist. Runs with {@code fsync: batch}: with {@code always}, 32,000 calls on this disk would take ~30 s in fsyncs alone.
 */
class ConcurrentAuditTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    @Test
    void everyCallIsOneWholeLine() throws Exception {
        db.execute("CREATE TABLE IF NOT EXISTS tiny (id int PRIMARY KEY, name text); INSERT INTO tiny VALUES (1, 'a'), (2, 'b') ON CONFLICT DO NOTHING");
        String server = "host: " + db.server().host() + ", port: " + db.server().port() + ", user: " + db.server().user()
                + ", password_env: TEST_DB_PASSWORD, connect_timeout: 1s, pool_size: 8";
        Path config = dir.resolve("nl2sql.yaml");
        Files.writeString(config, "databases:\n"
                + "  - {name: shop, database: " + db.name() + ", statement_timeout: 50ms, " + server + "}\n"
                + "  - {name: gone, database: " + db.name() + "_dropped, " + server + "}\n"
                + "audit: {path: " + dir.resolve("audit") + ", fsync: batch}\n");
        Map<String, String> env = new HashMap<>(Map.of("TEST_DB_PASSWORD", db.server().password()));
        Launcher.Launch launch = new Application(new ConfigLoader(env, dir, dir)).launch(Optional.of(config));
        assertThat(launch).isInstanceOf(Launcher.Launch.Ready.class);
        Launcher.Launch.Ready ready = (Launcher.Launch.Ready) launch;
        RunSql runSql = ready.useCases().runSql();
        String[] statements = {
                "SELECT id, name FROM tiny ORDER BY id",
                "DELETE FROM tiny",
                "SELECT count(*) FROM generate_series(1, 100000) a CROSS JOIN generate_series(1, 100000) b",
                "SELECT 1"};
        int threads = 32;
        int calls = 1_000;
        long started = System.nanoTime();
        try (AutoCloseable resources = ready.resources(); ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < calls; i++) {
                        int kind = (thread + i) % 40;
                        // mostly successes and rejections (fast); one in 40 times out, one in 40 goes to the dropped database
                        String database = kind == 1 ? "gone" : "shop";
                        String sql = kind == 0 ? statements[2] : kind % 2 == 0 ? statements[0] : kind == 1 ? statements[3] : statements[1];
                        runSql.run(new QueryRequest.Sql(DatabaseName.of(database), sql, Limits.AS_CONFIGURED), Caller.CLI);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        System.out.printf("32,000 audited calls in %d ms%n", (System.nanoTime() - started) / 1_000_000);

        ObjectMapper json = new ObjectMapper();
        List<String> lines = new ArrayList<>();
        try (var files = Files.list(dir.resolve("audit"))) {
            for (Path file : files.toList()) {
                lines.addAll(Files.readAllLines(file));
            }
        }
        assertThat(lines).hasSize(threads * calls);
        Set<String> ids = new HashSet<>();
        Map<String, Integer> byCode = new HashMap<>();
        for (String line : lines) {
            JsonNode entry = json.readTree(line);
            assertThat(ids.add(entry.get("id").asText())).as("unique id").isTrue();
            byCode.merge(entry.get("status").asText() + "/" + entry.path("error_code").asText("-"), 1, Integer::sum);
        }
        System.out.println("outcomes: " + byCode);
        assertThat(byCode).containsKeys("ok/-", "rejected/SQL_REJECTED", "failed/TIMEOUT", "failed/DB_UNAVAILABLE");
    }
}
