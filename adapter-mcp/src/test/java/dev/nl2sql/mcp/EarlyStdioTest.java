package dev.nl2sql.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.usecase.testing.TestUseCases;
import io.modelcontextprotocol.json.McpJsonDefaults;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stdio session begun before its server is built: {@code initialize} and {@code tools/list} answered from the last
 * session's snapshot, then everything handed to the server, which keeps its own answers for the next start.
 */
class EarlyStdioTest {

    private static final String KEY = "key-1";
    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},\
            "clientInfo":{"name":"test","version":"1"}}}""";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    private static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
    private static final String CALL = """
            {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"list_databases","arguments":{}}}""";

    @TempDir
    Path dir;

    /** One stdio session on pipes; its server is built only when {@link #serve} is called. */
    private final class Session implements AutoCloseable {
        final PipedOutputStream client = new PipedOutputStream();
        final Lines out = new Lines();
        final EarlyStdio early;
        CompletableFuture<Integer> serving;

        Session(String key) throws IOException {
            early = EarlyStdio.begin(dir.resolve("stdio.snapshot"), key, new PipedInputStream(client, 1 << 16), out);
        }

        void send(String... lines) throws IOException {
            for (String line : lines) {
                client.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
            client.flush();
        }

        void serve() {
            McpServerFactory factory = new McpServerFactory(TestUseCases.defaults().build(), ServerSettings.loopback("test", 0));
            serving = CompletableFuture.supplyAsync(() -> factory.serveStdio(early));
        }

        @Override
        public void close() throws IOException {
            client.close();
            if (serving != null) {
                serving.join();
            }
        }
    }

    /** {@return the raw results of a first session's initialize and tools/list, after it kept them in the snapshot} */
    private List<String> firstSession() throws Exception {
        try (Session first = new Session(KEY)) {
            assertThat(first.early.reading()).as("no snapshot yet: the server reads stdin itself").isFalse();
            first.serve();
            first.send(INITIALIZE, INITIALIZED, TOOLS_LIST);
            List<String> results = List.of(rawResult(first.out.next()), rawResult(first.out.next()));
            awaitSnapshot(snapshot -> true);
            return results;
        }
    }

    @Test
    void aSecondSessionIsAnsweredFromTheSnapshotBeforeItsServerIsBuiltAndThenServed() throws Exception {
        List<String> first = firstSession();

        try (Session second = new Session(KEY)) {
            second.send(INITIALIZE, INITIALIZED, TOOLS_LIST);
            String initialize = second.out.next();
            String tools = second.out.next();

            assertThat(second.serving).as("answered before any server exists").isNull();
            assertThat(rawResult(initialize)).isEqualTo(first.get(0));
            assertThat(rawResult(tools)).as("byte for byte what the first session's server sent").isEqualTo(first.get(1));
            assertThat(json(initialize)).containsEntry("id", 1);
            assertThat(json(tools)).containsEntry("id", 2);

            second.serve();
            second.send(CALL);
            String call = second.out.next();
            assertThat(json(call)).as("the server took over the reader: %s", call).containsEntry("id", 3).containsKey("result");
            second.send("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\"}");
            assertThat(json(second.out.next())).containsEntry("id", 4);
            assertThat(second.out.seen()).as("initialize and tools/list answered once, nothing said changed")
                    .extracting(line -> json(line).get("id")).containsExactly(1, 2, 3, 4);
        }
    }

    @Test
    void aCallReadBeforeTheServerTookOverIsAnsweredOnceAndSoIsEveryLineAfterIt() throws Exception {
        firstSession();

        try (Session second = new Session(KEY)) {
            second.send(INITIALIZE, INITIALIZED, TOOLS_LIST, CALL);
            second.out.next();
            second.out.next();
            Thread.sleep(100); // the call is read and kept
            second.serve();
            for (int id = 4; id < 40; id++) {
                second.send(CALL.replace("\"id\":3", "\"id\":" + id));
            }

            assertThat(second.out.seen()).extracting(line -> json(line).get("id"))
                    .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(1, 40).boxed().toList());
        }
    }

    @Test
    void anotherKeyADamagedFileOrAnUnknownProtocolVersionIsNotAnsweredEarly() throws Exception {
        firstSession();
        Path file = dir.resolve("stdio.snapshot");

        try (Session otherKey = new Session("key-2")) {
            assertThat(otherKey.early.reading()).isFalse();
        }
        String kept = Files.readString(file);
        Files.writeString(file, kept.replace("list_databases", "list_dbs"));
        try (Session damaged = new Session(KEY)) {
            assertThat(damaged.early.reading()).as("a digest that does not match").isFalse();
            damaged.serve();
            damaged.send(INITIALIZE, INITIALIZED, TOOLS_LIST);
            assertThat(json(damaged.out.next())).containsKey("result");
            assertThat(json(damaged.out.next())).containsKey("result");
            awaitSnapshot(text -> text.equals(kept));
        }
        try (Session unknownVersion = new Session(KEY)) {
            assertThat(unknownVersion.early.reading()).as("the server's rewrite is sound again").isTrue();
            unknownVersion.send(INITIALIZE.replace("2025-06-18", "2025-03-26"), INITIALIZED, TOOLS_LIST);
            assertThat(unknownVersion.out.poll(300)).as("a version the snapshot does not hold waits for the server").isEmpty();
            unknownVersion.serve();
            assertThat(json(unknownVersion.out.next())).containsEntry("id", 1);
            assertThat(json(unknownVersion.out.next())).containsEntry("id", 2);
            awaitSnapshot(text -> text.contains("initialize 2025-03-26 ") && text.contains("initialize 2025-06-18 "));
        }
    }

    @Test
    void toolsThatAreNoLongerTheServersAreSaidChangedAndTheSnapshotRewritten() throws Exception {
        List<String> first = firstSession();
        StdioSnapshot snapshot = new StdioSnapshot(dir.resolve("stdio.snapshot"), KEY);
        StdioSnapshot.Answers real = snapshot.read().orElseThrow();
        snapshot.write(new StdioSnapshot.Answers(real.initialize(), real.tools().replace("List the databases", "List the old databases")));

        try (Session stale = new Session(KEY)) {
            stale.send(INITIALIZE, INITIALIZED, TOOLS_LIST);
            assertThat(stale.out.next()).as("a client may be told the tools changed").contains("\"tools\":{\"listChanged\":true}");
            assertThat(stale.out.next()).as("what the snapshot held").contains("List the old databases");
            stale.serve();
            assertThat(json(stale.out.next())).containsEntry("method", "notifications/tools/list_changed");
            awaitSnapshot(text -> text.contains("tools " + first.get(1) + "\n") || (!text.contains("old databases") && text.contains("tools ")));
        }
        assertThat(Files.getPosixFilePermissions(dir.resolve("stdio.snapshot"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aToolsListWithANullIdDoesNotStopTheSession() throws Exception {
        try (Session session = new Session(KEY)) {
            session.serve();
            session.send(INITIALIZE, INITIALIZED, "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"tools/list\"}",
                    "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}");
            String line;
            do {
                line = session.out.next();
            } while (!line.contains("\"id\":9"));
            assertThat(json(line)).containsKey("result");
        }
    }

    @Test
    void abandoningGivesTheRequestsReadAndNotAnswered() throws Exception {
        firstSession();
        try (Session refused = new Session(KEY)) {
            refused.send(INITIALIZE, INITIALIZED, TOOLS_LIST, CALL);
            refused.out.next();
            refused.out.next();
            Optional<List<String>> unanswered = Optional.empty();
            for (int i = 0; i < 100 && unanswered.map(List::size).orElse(0) < 2; i++) {
                Thread.sleep(10);
                unanswered = refused.early.abandon();
            }
            assertThat(unanswered).contains(List.of(INITIALIZED, CALL));
        }
    }

    private void awaitSnapshot(java.util.function.Predicate<String> written) throws Exception {
        Path file = dir.resolve("stdio.snapshot");
        for (int i = 0; i < 500; i++) {
            if (Files.exists(file) && written.test(Files.readString(file))) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the snapshot was not written as expected: " + (Files.exists(file) ? Files.readString(file) : "none"));
    }

    /** {@return the {@code result} of a response line, as written} */
    private static String rawResult(String line) {
        assertThat(line).contains("\"result\":").endsWith("}");
        return line.substring(line.indexOf("\"result\":") + "\"result\":".length(), line.length() - 1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String line) {
        try {
            return McpJsonDefaults.getMapper().readValue(line, Map.class);
        } catch (IOException e) {
            throw new AssertionError(line, e);
        }
    }

    /** What a session wrote, line by line. */
    private static final class Lines extends OutputStream {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                lines.add(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        String next() throws InterruptedException {
            String next = lines.poll(10, TimeUnit.SECONDS);
            assertThat(next).as("a line within 10 s").isNotNull();
            seen.add(next);
            return next;
        }

        Optional<String> poll(long millis) throws InterruptedException {
            return Optional.ofNullable(lines.poll(millis, TimeUnit.MILLISECONDS));
        }

        List<String> seen() throws InterruptedException {
            String more;
            while ((more = lines.poll(300, TimeUnit.MILLISECONDS)) != null) {
                seen.add(more);
            }
            return seen;
        }
    }
}
