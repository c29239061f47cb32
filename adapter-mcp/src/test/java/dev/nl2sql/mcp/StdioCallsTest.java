package dev.nl2sql.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseHealth;
import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.result.ResultColumn;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.RelationKind;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.validation.Verdict;
import dev.nl2sql.port.Cancellation;
import dev.nl2sql.port.DatabaseProbe;
import dev.nl2sql.port.QueryExecutor;
import dev.nl2sql.port.SchemaCatalog;
import dev.nl2sql.usecase.testing.TestUseCases;
import io.modelcontextprotocol.json.McpJsonDefaults;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

/**
 * Calls of our own tools over stdio, several at once: stdin is read while they run (a cancellation reaches them, a
 * sampling reply too), each is answered once, no more run at once than the stdio transport allows, and the end of
 * stdin ends the server even with calls still running.
 */
class StdioCallsTest {

    private static final DatabaseName SHOP = DatabaseName.of("shop");
    private static final SchemaSnapshot SCHEMA = SchemaSnapshot.of(SHOP, List.of(Relation.of(QualifiedName.of("public", "item"),
            RelationKind.TABLE, List.of(Column.of("id", "integer")))), List.of(), Instant.EPOCH);
    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{"sampling":{}},\
            "clientInfo":{"name":"test","version":"1"}}}""";

    private final PipedOutputStream client = new PipedOutputStream();
    private final ServerLines server = new ServerLines();
    private CompletableFuture<Integer> serving;

    /** The threads statements ran on, in order. */
    private final List<String> statementThreads = new CopyOnWriteArrayList<>();
    private final Semaphore statementsStarted = new Semaphore(0);
    private final AtomicInteger statementsRunning = new AtomicInteger();
    private final AtomicInteger mostStatementsRunning = new AtomicInteger();
    private final AtomicInteger statementsCancelled = new AtomicInteger();
    /** Opened to let the statements finish; open from the start unless a test closes it. */
    private volatile CountDownLatch release = new CountDownLatch(0);
    /** Set to make the next statements fail with an exception, as a bug would. */
    private volatile boolean bug;

    private final QueryExecutor executor = new QueryExecutor() {
        @Override
        public QueryOutcome execute(DatabaseName database, Verdict.Accepted statement, List<Object> parameters, Limits limits) {
            if (bug) {
                throw new IllegalStateException("a bug in the executor, table secret_stuff");
            }
            statementThreads.add(Thread.currentThread().getName());
            mostStatementsRunning.accumulateAndGet(statementsRunning.incrementAndGet(), Math::max);
            CountDownLatch stopped = new CountDownLatch(1);
            try (Cancellation.Registration stop = Cancellation.current().orElseThrow().onCancel(stopped::countDown)) {
                statementsStarted.release();
                CountDownLatch gate = release;
                while (gate.getCount() > 0 && stopped.getCount() > 0) {
                    gate.await(5, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                statementsRunning.decrementAndGet();
            }
            if (stopped.getCount() == 0) {
                statementsCancelled.incrementAndGet();
                return QueryOutcome.failed(new Failure.Timeout(database, Duration.ZERO));
            }
            return QueryOutcome.succeeded(statement.sql(), new QueryResult(List.of(new ResultColumn("one", "int4")), List.of(List.of(1)),
                    false, Duration.ZERO));
        }

        @Override
        public Result<Double> estimateCost(DatabaseName database, Verdict.Accepted statement, Limits limits) {
            return Result.ok(1.0);
        }
    };

    @BeforeEach
    void serve() throws Exception {
        PipedInputStream in = new PipedInputStream(client, 1 << 20);
        SchemaCatalog catalog = new SchemaCatalog() {
            @Override
            public Result<SchemaSnapshot> snapshot(DatabaseName database) {
                return Result.ok(SCHEMA);
            }

            @Override
            public Result<SchemaSnapshot> refresh(DatabaseName database) {
                return snapshot(database);
            }

            @Override
            public Optional<SchemaSnapshot> cached(DatabaseName database) {
                return Optional.of(SCHEMA);
            }
        };
        DatabaseProbe probe = new DatabaseProbe() {
            @Override
            public List<DatabaseIdentity> databases() {
                return List.of(new DatabaseIdentity(SHOP, "localhost", 5432, "shop", "test"));
            }

            @Override
            public DatabaseHealth probe(DatabaseIdentity database) {
                throw new AssertionError("no database is probed here");
            }
        };
        McpServerFactory factory = new McpServerFactory(TestUseCases.over(catalog, executor).withProbe(probe).build(),
                ServerSettings.loopback("test", 0));
        serving = CompletableFuture.supplyAsync(() -> factory.serveStdio(in, server));
        send(INITIALIZE);
        assertThat(server.answer(0)).containsKey("result");
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    @AfterEach
    void endInput() throws Exception {
        release.countDown();
        client.close();
        serving.get(10, TimeUnit.SECONDS);
    }

    private static String runSql(Object id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"run_sql\",\"arguments\":{\"sql\":\"SELECT 1\"}}}";
    }

    private void send(String line) throws IOException {
        client.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        client.flush();
    }

    private void awaitStatements(int count) throws InterruptedException {
        assertThat(statementsStarted.tryAcquire(count, 10, TimeUnit.SECONDS)).as("%d statements started within 10 s", count).isTrue();
    }

    @Test
    void aCancellationSentWhileACallRunsStopsItsStatementAndItIsNeverAnswered() throws Exception {
        release = new CountDownLatch(1);
        send(runSql(5));
        awaitStatements(1);

        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":5,\"reason\":\"user\"}}");
        long waited = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (statementsCancelled.get() == 0 && System.nanoTime() < waited) {
            Thread.sleep(5);
        }
        send("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"ping\"}");

        assertThat(statementsCancelled).as("the running statement was cancelled").hasValue(1);
        assertThat(server.answer(6)).containsKey("result");
        Thread.sleep(300); // room for a late answer, had one been coming
        assertThat(server.all()).noneMatch(message -> Integer.valueOf(5).equals(message.get("id")));
    }

    @Test
    void twoHundredPipelinedCallsAreEachAnsweredOnceWithTheirOwnId() throws Exception {
        StringBuilder calls = new StringBuilder();
        for (int i = 1; i <= 200; i++) {
            calls.append(runSql(i % 2 == 0 ? i : "\"c" + i + "\"")).append('\n');
        }
        client.write(calls.toString().getBytes(StandardCharsets.UTF_8));
        client.flush();

        List<Object> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Map<String, Object> answer = server.next();
            assertThat(answer).containsKey("result");
            ids.add(answer.get("id"));
        }
        List<Object> expected = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            expected.add(i % 2 == 0 ? i : "c" + i);
        }

        assertThat(ids).containsExactlyInAnyOrderElementsOf(expected);
        Thread.sleep(200);
        assertThat(server.all()).filteredOn(message -> message.containsKey("id")).as("initialize's answer and the calls' only").hasSize(201);
    }

    @Test
    void thirtyTwoCallsInFlightRunNoMoreAtOnceThanReactorsWorkersAndStdinIsStillRead() throws Exception {
        release = new CountDownLatch(1);
        int atOnce = Schedulers.DEFAULT_BOUNDED_ELASTIC_SIZE;
        for (int i = 1; i <= 32; i++) {
            send(runSql(i));
        }
        awaitStatements(atOnce);
        send("{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"ping\"}");

        assertThat(server.answer(99)).as("answered while every thread but the reader runs a call").containsKey("result");
        assertThat(statementsRunning).hasValue(atOnce);
        release.countDown();
        Map<Object, Integer> answers = new HashMap<>();
        for (int i = 0; i < 32; i++) {
            answers.merge(server.next().get("id"), 1, Integer::sum);
        }
        assertThat(answers).hasSize(32).allSatisfy((id, times) -> assertThat(times).isOne());
        assertThat(mostStatementsRunning).hasValue(atOnce);
    }

    @Test
    void aSamplingReplyReachesTheCallWaitingForIt() throws Exception {
        send("""
                {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"generate_sql","arguments":{"question":"which ids are there"}}}""");

        Map<String, Object> asked = server.next();
        assertThat(asked).containsEntry("method", "sampling/createMessage");
        send("{\"jsonrpc\":\"2.0\",\"id\":" + McpJsonDefaults.getMapper().writeValueAsString(asked.get("id")) + ",\"result\":{\"role\":\"assistant\","
                + "\"content\":{\"type\":\"text\",\"text\":\"{\\\"sql\\\": \\\"SELECT id FROM item\\\"}\"},\"model\":\"client-model\"}}");

        assertThat(server.answer(7).toString()).contains("SELECT id FROM item").contains("sampling:client-model");
    }

    @Test
    void stdinEndingWhileCallsRunEndsTheServerPromptly() throws Exception {
        release = new CountDownLatch(1);
        send(runSql(1));
        send(runSql(2));
        awaitStatements(2);
        long closedAt = System.nanoTime();

        client.close();

        assertThat(serving.get(5, TimeUnit.SECONDS)).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isLessThan(Duration.ofSeconds(2));
        assertThat(statementsRunning).as("the calls still run").hasValue(2);
    }


    @Test
    void aCallThatHitsABugIsAnsweredInternalWithAReferenceAndItsStackIsLoggedOnce() throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8)); // where slf4j-simple writes, looked up per line
        String text;
        try {
            bug = true;
            send(runSql(9));
            text = server.answer(9).toString();
        } finally {
            System.setErr(stderr);
        }

        Matcher reference = Pattern.compile("INTERNAL: internal error \\(reference ([0-9a-f]{8})\\)").matcher(text);
        assertThat(reference.find()).as(text).isTrue();
        assertThat(text).doesNotContain("secret_stuff", "IllegalStateException");
        String log = logged.toString(StandardCharsets.UTF_8);
        assertThat(log.lines().filter(line -> line.contains(reference.group(1)))).as(log).hasSize(1);
        assertThat(log.lines().filter(line -> line.contains("IllegalStateException: a bug in the executor"))).as(log).hasSize(1);
    }
}
