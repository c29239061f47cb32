package dev.nl2sql.bootstrap.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.cli.ExitCodes;
import dev.nl2sql.fixtures.harness.TestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nl2sql serve --stdio} in child JVMs, started one after another on the same configuration: from the second
 * start on, {@code initialize} and {@code tools/list} are answered from the first start's snapshot while the server
 * is still being built. The child's wiring waits for a gate file ({@code GatedMain}), so an answer that arrives before
 * the gate opens was not the server's.
 */
class StdioSnapshotTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    private static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"list_databases\",\"arguments\":{}}}";

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    private Path config;
    private Path state;

    @BeforeEach
    void configure() throws Exception {
        config = ShopServer.configure(db, dir);
        state = dir.resolve("state");
    }

    /** A child nl2sql, its wiring held until {@link #open}. */
    private final class Child implements AutoCloseable {
        final Process process;
        final OutputStream stdin;
        final LinkedBlockingQueue<String> stdout = new LinkedBlockingQueue<>();
        final CompletableFuture<String> stderr;
        final Path gate;

        Child(String... extraArguments) throws IOException {
            gate = dir.resolve("gate-" + System.nanoTime());
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xlog:disable", "-Xlog:all=warning:stderr", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Dnl2sql.test.gate=" + gate,
                    "-cp", System.getProperty("java.class.path"), "dev.nl2sql.bootstrap.GatedMain", "--config", config.toString()));
            command.addAll(List.of(extraArguments));
            command.addAll(List.of("serve", "--stdio"));
            ProcessBuilder builder = new ProcessBuilder(command);
            Map<String, String> environment = new HashMap<>(ShopServer.environment(db));
            environment.put("XDG_STATE_HOME", state.toString());
            environment.put("NL2SQL_LOG_LEVEL", "DEBUG");
            builder.environment().putAll(environment);
            process = builder.start();
            stdin = process.getOutputStream();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = reader.readLine()) != null; ) {
                        stdout.add(line);
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            stderr = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "";
                }
            });
        }

        void send(String... lines) throws IOException {
            for (String line : lines) {
                stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
            stdin.flush();
        }

        /** Lets the child load its configuration and build its server. */
        void open() throws IOException {
            Files.writeString(gate, "");
        }

        String next() throws InterruptedException {
            String line = stdout.poll(30, TimeUnit.SECONDS);
            assertThat(line).as("a line within 30 s; stderr:\n%s", stderr.getNow("")).isNotNull();
            return line;
        }

        /** Ends the session and {@return the exit code} */
        int end() throws Exception {
            stdin.close();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("exits after stdin ends").isTrue();
            return process.exitValue();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    /** {@return the first start's raw tools/list result, once its snapshot is written} */
    private String firstStart() throws Exception {
        try (Child first = new Child()) {
            first.open();
            first.send(INITIALIZE, INITIALIZED, TOOLS_LIST);
            assertThat(first.next()).contains("\"id\":1");
            String tools = rawResult(first.next());
            assertThat(first.end()).isZero();
            assertThat(snapshots()).hasSize(1);
            return tools;
        }
    }

    @Test
    void theSecondStartAnswersToolsListFromTheSnapshotBeforeItsServerIsBuilt() throws Exception {
        String tools = firstStart();

        try (Child second = new Child()) {
            second.send(INITIALIZE, INITIALIZED, TOOLS_LIST);
            assertThat(second.next()).contains("\"id\":1");
            String listed = second.next();
            assertThat(Files.exists(second.gate)).as("answered while the wiring still waits").isFalse();
            assertThat(rawResult(listed)).as("byte for byte the first start's result").isEqualTo(tools);

            second.open();
            second.send(CALL);
            JsonNode call = JSON.readTree(second.next());
            assertThat(call.path("id").asInt()).as("the server took over: %s", call).isEqualTo(3);
            assertThat(call.path("result").path("structuredContent").toString()).contains("shop");
            assertThat(second.end()).isZero();
            assertThat(second.stdout).as("nothing more: no second answer, no changed list").isEmpty();
        }
    }

    @Test
    void aChangedConfigurationFileMissesTheSnapshot() throws Exception {
        firstStart();
        Files.writeString(config, Files.readString(config) + "# edited\n");

        assertAnsweredOnlyByTheServer(new Child());
    }

    @Test
    void anotherArgumentMissesTheSnapshot() throws Exception {
        firstStart();

        assertAnsweredOnlyByTheServer(new Child("--quiet"));
    }

    @Test
    void aCorruptSnapshotIsIgnoredAndRewritten() throws Exception {
        firstStart();
        Path snapshot = snapshots().getFirst();
        String sound = Files.readString(snapshot);
        Files.writeString(snapshot, sound.substring(0, sound.length() / 2));

        assertAnsweredOnlyByTheServer(new Child());
        try (Child third = new Child()) {
            third.send(INITIALIZE, INITIALIZED, TOOLS_LIST);
            assertThat(third.next()).contains("\"id\":1");
            assertThat(third.next()).contains("\"id\":2");
            assertThat(Files.exists(third.gate)).as("answered from the snapshot the second start rewrote").isFalse();
        }
    }

    @Test
    void aConfigurationThatBecameInvalidIsStillRefused() throws Exception {
        firstStart();
        Files.writeString(dir.resolve("templates.yaml"), "templates: [this is not a template]\n"); // not part of the key

        try (Child broken = new Child()) {
            broken.send(INITIALIZE, INITIALIZED, TOOLS_LIST, CALL);
            assertThat(broken.next()).contains("\"id\":1");
            assertThat(broken.next()).contains("\"id\":2");
            broken.open();
            JsonNode refusal = JSON.readTree(broken.next());
            assertThat(refusal.path("id").asInt()).isEqualTo(3);
            assertThat(refusal.path("error").path("data").path("code").asText()).isEqualTo("CONFIG_INVALID");
            assertThat(broken.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(broken.process.exitValue()).isEqualTo(ExitCodes.CONFIG_INVALID);
            assertThat(broken.stderr.get(10, TimeUnit.SECONDS)).contains("CONFIG_INVALID");
        }
    }

    @Test
    void anInvalidConfigurationWithoutASnapshotIsRefusedOnStdout() throws Exception {
        Files.writeString(dir.resolve("templates.yaml"), "templates: [this is not a template]\n");

        try (Child first = new Child()) {
            first.send(INITIALIZE);
            Thread.sleep(500); // the request waits on stdin: the refusal answers what is there, without blocking
            first.open();
            JsonNode refusal = JSON.readTree(first.next());
            assertThat(refusal.path("id").asInt()).isEqualTo(1);
            assertThat(refusal.path("error").path("data").path("code").asText()).isEqualTo("CONFIG_INVALID");
            assertThat(first.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(first.process.exitValue()).isEqualTo(ExitCodes.CONFIG_INVALID);
        }
    }

    /** The child answers nothing while its wiring waits, then everything, and keeps a snapshot of its own. */
    private void assertAnsweredOnlyByTheServer(Child child) throws Exception {
        try (child) {
            child.send(INITIALIZE, INITIALIZED, TOOLS_LIST);
            assertThat(child.stdout.poll(3, TimeUnit.SECONDS)).as("nothing answered before the server is built").isNull();
            child.open();
            assertThat(child.next()).contains("\"id\":1");
            assertThat(child.next()).contains("\"id\":2");
            assertThat(child.end()).isZero();
        }
    }

    private List<Path> snapshots() throws IOException, InterruptedException {
        Path folder = state.resolve("nl2sql/stdio");
        for (int i = 0; i < 200 && !Files.isDirectory(folder); i++) {
            Thread.sleep(10);
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.toString().endsWith(".snapshot")).sorted().toList();
        }
    }

    private static String rawResult(String line) {
        assertThat(line).contains("\"result\":").endsWith("}");
        return line.substring(line.indexOf("\"result\":") + "\"result\":".length(), line.length() - 1);
    }
}
