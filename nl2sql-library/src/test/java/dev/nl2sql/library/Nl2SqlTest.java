package dev.nl2sql.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.audit.HistoryQuery;
import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.generation.Answer;
import dev.nl2sql.domain.generation.Generation;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.validation.Verdict;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.library.config.Nl2SqlConfig;
import dev.nl2sql.port.AuditLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class Nl2SqlTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path temp;

    private HikariDataSource host;

    @BeforeAll
    static void shop() throws Exception {
        Shop.create(db);
    }

    @BeforeEach
    void hostPool() {
        host = Shop.hostPool(db);
    }

    @AfterEach
    void closeHostPool() {
        host.close();
    }

    @Test
    void answersAQuestionThroughTheHostsDataSourceAndItsOwnModel() {
        Shop.ScriptedModel model = new Shop.ScriptedModel("SELECT count(*) AS customers FROM customers");
        try (Nl2Sql nl2sql = Nl2Sql.builder().dataSource("shop", host).languageModel(model).build()) {
            Answer answer = nl2sql.ask("shop", "How many customers are there?");

            assertThat(answer.rows()).get().isInstanceOfSatisfying(QueryOutcome.Succeeded.class,
                    ok -> assertThat(ok.result().rows()).containsExactly(List.of(3L)));
            assertThat(model.requests).hasSize(1);
        }
    }

    @Test
    void generatesSqlWithoutRunningIt() {
        Shop.ScriptedModel model = new Shop.ScriptedModel("SELECT name FROM customers");
        try (Nl2Sql nl2sql = Nl2Sql.builder().dataSource("shop", host).languageModel(model).build()) {
            Answer answer = nl2sql.generateSql("shop", "Who are the customers?");

            assertThat(answer.generation()).isInstanceOfSatisfying(Generation.Generated.class,
                    generated -> assertThat(generated.query().sql()).containsIgnoringCase("FROM customers"));
            assertThat(answer.rows()).isEmpty();
        }
    }

    @Test
    void refusesAWriteThroughRun() throws Exception {
        try (Nl2Sql nl2sql = Nl2Sql.builder().dataSource("shop", host).build()) {
            QueryOutcome outcome = nl2sql.run("shop", "DELETE FROM customers");

            assertThat(outcome).isInstanceOfSatisfying(QueryOutcome.Failed.class,
                    failed -> assertThat(failed.failure().code()).isEqualTo(ErrorCode.SQL_REJECTED));
        }
        assertThat(customerCount()).isEqualTo(3);
    }

    @Test
    void validatesWithoutRunning() {
        try (Nl2Sql nl2sql = Nl2Sql.builder().dataSource("shop", host).build()) {
            assertThat(nl2sql.validate("shop", "SELECT name FROM customers")).isInstanceOfSatisfying(Result.Ok.class,
                    ok -> assertThat(ok.value()).isInstanceOf(Verdict.Accepted.class));
            assertThat(nl2sql.validate("shop", "SELECT nickname FROM customers")).isInstanceOfSatisfying(Result.Ok.class,
                    ok -> assertThat(ok.value()).isInstanceOf(Verdict.Rejected.class));
        }
    }

    @Test
    void neverClosesTheHostsDataSource() throws Exception {
        try (Nl2Sql nl2sql = Nl2Sql.builder().dataSource("shop", host).build()) {
            assertThat(nl2sql.run("shop", "SELECT 1")).isInstanceOf(QueryOutcome.Succeeded.class);
        }

        assertThat(host.isClosed()).isFalse();
        try (Connection connection = host.getConnection(); ResultSet rs = connection.createStatement().executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        }
    }

    @Test
    void handsTheHostsConnectionsBackAsTheyWere() throws Exception {
        try (Nl2Sql nl2sql = Nl2Sql.builder().dataSource("shop", host).build()) {
            nl2sql.run("shop", "SELECT name FROM customers");
        }
        try (Connection connection = host.getConnection()) {
            assertThat(connection.getAutoCommit()).isTrue();
            assertThat(connection.isReadOnly()).isFalse();
            assertThat(connection.getNetworkTimeout()).isZero();
        }
    }

    @Test
    void closeReleasesItsOwnPools() throws Exception {
        Nl2Sql nl2sql = Nl2Sql.builder().config(Nl2SqlConfig.of(List.of(Shop.configured(db)), temp)).build();
        assertThat(nl2sql.run("shop", "SELECT name FROM customers")).isInstanceOf(QueryOutcome.Succeeded.class);
        assertThat(nl2sqlConnections()).isPositive();

        nl2sql.close();

        assertThat(nl2sqlConnections()).isZero();
    }

    @Test
    void servesManyThreadsAtOnce() throws Exception {
        try (Nl2Sql nl2sql = Nl2Sql.builder().dataSource("shop", host).build();
                ExecutorService threads = Executors.newFixedThreadPool(16)) {
            List<Callable<Object>> calls = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int id = 1 + i % 3;
                calls.add(() -> switch (nl2sql.run("shop", "SELECT id FROM customers WHERE id = " + id)) {
                    case QueryOutcome.Succeeded ok -> ok.result().rows().getFirst().getFirst();
                    case QueryOutcome.Failed failed -> failed.failure();
                });
            }
            List<Future<Object>> results = threads.invokeAll(calls, 2, TimeUnit.MINUTES);

            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo(1L + i % 3);
            }
        }
    }

    @Test
    void readsAConfigurationFile() throws Exception {
        Path file = temp.resolve("nl2sql.yaml");
        Files.writeString(file, """
                databases:
                  - name: shop
                    host: %s
                    port: %d
                    database: %s
                    user: %s
                    max_rows: 2
                audit:
                  path: %s
                """.formatted(db.server().host(), db.server().port(), db.name(), db.server().user(), temp.resolve("audit")));
        try (Nl2Sql nl2sql = Nl2Sql.builder().configFile(file).environment(Map.of()).build()) {
            assertThat(nl2sql.run("shop", "SELECT name FROM customers ORDER BY id")).isInstanceOfSatisfying(QueryOutcome.Succeeded.class,
                    ok -> assertThat(ok.result().rows()).hasSize(2).allSatisfy(row -> assertThat(row).hasSize(1)));
        }
    }

    @Test
    void listsEveryProblemOfAnInvalidConfigurationFile() throws Exception {
        Path file = temp.resolve("broken.yaml");
        Files.writeString(file, """
                databases:
                  - name: shop
                    port: seventy
                    colour: blue
                """);

        assertThatThrownBy(() -> Nl2Sql.builder().configFile(file).environment(Map.of()).build())
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems()).hasSizeGreaterThanOrEqualTo(2)
                        .anySatisfy(p -> assertThat(p).contains("port")).anySatisfy(p -> assertThat(p).contains("colour")));
    }

    @Test
    void refusesToStartWithoutAnyDatabase() {
        assertThatThrownBy(() -> Nl2Sql.builder().build()).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("no database");
    }

    @Test
    void readsHistoryBackFromItsAuditFiles() {
        try (Nl2Sql nl2sql = Nl2Sql.builder().config(Nl2SqlConfig.of(List.of(Shop.configured(db)), temp.resolve("audit"))).build()) {
            nl2sql.run("shop", "SELECT name FROM customers");

            assertThat(nl2sql.history(HistoryQuery.latest(10)).entries()).singleElement().satisfies(entry -> {
                assertThat(entry.surface()).isEqualTo("library");
                assertThat(entry.finalSql()).get().asString().contains("FROM customers");
            });
        }
    }

    @Test
    void writesNoFilesWhenGivenOnlyADataSource() {
        try (Nl2Sql nl2sql = Nl2Sql.builder().dataSource("shop", host).build()) {
            nl2sql.run("shop", "SELECT 1");

            assertThat(nl2sql.history(HistoryQuery.latest(10)).entries()).isEmpty();
        }
    }

    @Test
    void recordsEveryCallInTheApplicationsAuditSink() {
        List<AuditEntry> entries = new CopyOnWriteArrayList<>();
        try (Nl2Sql nl2sql = Nl2Sql.builder().dataSource("shop", host).auditLog(entries::add).build()) {
            nl2sql.run("shop", "SELECT name FROM customers");
            nl2sql.run("shop", "DROP TABLE customers");
        }

        assertThat(entries).extracting(AuditEntry::status).containsExactly("ok", "rejected");
    }

    /** An application whose own audit store must hold each entry before the answer is used says so through keep. */
    @Test
    void rowsAreWithheldWhenTheApplicationsAuditSinkCannotKeepTheEntry() {
        AuditLog mustKeep = new AuditLog() {
            @Override
            public void record(AuditEntry entry) {
                keep(entry);
            }

            @Override
            public Optional<Failure.AuditUnavailable> keep(AuditEntry entry) {
                return Optional.of(new Failure.AuditUnavailable("the compliance store is read-only"));
            }
        };
        try (Nl2Sql nl2sql = Nl2Sql.builder().dataSource("shop", host).auditLog(mustKeep).build()) {
            assertThat(nl2sql.run("shop", "SELECT name FROM customers")).isInstanceOfSatisfying(QueryOutcome.Failed.class,
                    failed -> assertThat(failed.failure().message()).startsWith("the audit log could not record this call: the compliance store"));
        }
    }

    @Test
    void allowsTheApplicationsOwnFunctions() {
        String sql = "SELECT shout(name) FROM customers";
        try (Nl2Sql strict = Nl2Sql.builder().dataSource("shop", host).build()) {
            assertThat(strict.run("shop", sql)).isInstanceOf(QueryOutcome.Failed.class);
        }
        try (Nl2Sql extended = Nl2Sql.builder().dataSource("shop", host).allowFunctions("shout").build()) {
            assertThat(extended.run("shop", sql)).isInstanceOfSatisfying(QueryOutcome.Succeeded.class,
                    ok -> assertThat(ok.result().rows()).contains(List.of("ADA")));
        }
    }

    @Test
    void linksQuestionsWithTheApplicationsSynonyms() {
        String question = "How many patrons are there?";
        try (Nl2Sql plain = Nl2Sql.builder().dataSource("shop", host).build()) {
            assertThat(plain.generateSql("shop", question).generation()).isInstanceOf(Generation.Refused.class);
        }
        try (Nl2Sql taught = Nl2Sql.builder().dataSource("shop", host).synonyms(Map.of("patron", List.of("customers"))).build()) {
            assertThat(taught.generateSql("shop", question).generation()).isInstanceOfSatisfying(Generation.Generated.class,
                    generated -> assertThat(generated.query().sql()).containsIgnoringCase("count").containsIgnoringCase("customers"));
        }
    }

    @Test
    void runsQueryTemplatesFromTheClasspath() {
        try (Nl2Sql nl2sql = Nl2Sql.builder().dataSource("shop", host).templatesFromClasspath("library-templates.yaml").build()) {
            QueryOutcome outcome = nl2sql.useCases().runTemplate().run("customers_in_city", Map.of("city", "London"), Limits.DEFAULT);

            assertThat(outcome).isInstanceOfSatisfying(QueryOutcome.Succeeded.class,
                    ok -> assertThat(ok.result().rows()).containsExactly(List.of("Ada")));
        }
    }

    @Test
    void reportsAMissingClasspathTemplateFile() {
        assertThatThrownBy(() -> Nl2Sql.builder().dataSource("shop", host).templatesFromClasspath("nowhere.yaml").build())
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("classpath:nowhere.yaml");
    }

    @Test
    void showsTheSchemaItSees() {
        try (Nl2Sql nl2sql = Nl2Sql.builder().dataSource("shop", host).build()) {
            assertThat(nl2sql.schema("shop")).isInstanceOfSatisfying(Result.Ok.class,
                    ok -> assertThat(((dev.nl2sql.domain.schema.SchemaSnapshot) ok.value()).relations())
                            .extracting(relation -> relation.name().name()).containsExactly("customers"));
            assertThat(nl2sql.databases()).singleElement().satisfies(identity -> assertThat(identity.database()).isEqualTo(db.name()));
        }
    }

    private int customerCount() throws Exception {
        try (Connection connection = db.connect(); ResultSet rs = connection.createStatement().executeQuery("SELECT count(*) FROM customers")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private int nl2sqlConnections() throws Exception {
        try (Connection connection = db.connect(); ResultSet rs = connection.createStatement().executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + db.name() + "' AND application_name = 'nl2sql'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
