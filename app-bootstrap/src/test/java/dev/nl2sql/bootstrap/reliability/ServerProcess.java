package dev.nl2sql.bootstrap.reliability;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged assembly ({@code target/nl2sql.jar}) serving MCP over HTTP as a real process, with the launcher's JVM
 * flags, and what the tests read off it: metrics, resident memory, heap, threads.
 */
final class ServerProcess implements AutoCloseable {

    static final Path JAR = Path.of("target", "nl2sql.jar").toAbsolutePath();
    private static final Path JAVA_BIN = Path.of(System.getProperty("java.home"), "bin");

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient client = HttpClient.newHttpClient();

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static ServerProcess start(Path config, Map<String, String> environment) throws IOException, InterruptedException {
        return start(config, environment, List.of());
    }

    /** @param serveOptions further options of {@code serve}, e.g. {@code --stateless} */
    static ServerProcess start(Path config, Map<String, String> environment, List<String> serveOptions)
            throws IOException, InterruptedException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: these tests run after package (failsafe, mvn verify)");
        }
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path log = Files.createTempFile("nl2sql-server", ".log");
        List<String> command = new java.util.ArrayList<>(List.of(JAVA_BIN.resolve("java").toString(), "-Xlog:disable",
                "-Xlog:all=warning:stderr", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-jar", JAR.toString(),
                "--config", config.toString(), "serve", "--http", "--port", Integer.toString(port)));
        command.addAll(serveOptions);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("NL2SQL_CONFIG");
        builder.environment().putAll(environment);
        ServerProcess server = new ServerProcess(builder.start(), port, log);
        server.awaitHealthy(Duration.ofSeconds(60));
        return server;
    }

    private void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited: " + Files.readString(log));
            }
            try {
                if (get("/healthz").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the server was not healthy after " + timeout + ": " + Files.readString(log));
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port + "/mcp");
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {@return a pool gauge of {@code database}: active, idle, waiting or max} */
    int pool(String database, String state) throws IOException, InterruptedException {
        Matcher m = Pattern.compile("nl2sql_pool_connections\\{(?=[^}]*database=\"" + Pattern.quote(database) + "\")(?=[^}]*state=\""
                + state + "\")[^}]*} ([0-9.]+)").matcher(get("/metrics").body());
        if (!m.find()) {
            throw new IllegalStateException("no pool gauge for " + database + "/" + state);
        }
        return (int) Double.parseDouble(m.group(1));
    }

    /** {@return the peak resident set size so far, in MiB (VmHWM)} */
    long peakRssMiB() throws IOException {
        return status("VmHWM") / 1024;
    }

    private long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no " + field);
    }

    /** {@return the heap in use and committed per generation, from jcmd GC.heap_info, e.g. "DefNew 77M/55M, Tenured 170M/40M"} */
    String heap() throws IOException, InterruptedException {
        Pattern generation = Pattern.compile("^\\s*(\\S+)\\s.*total (\\d+)K, used (\\d+)K");
        return String.join(", ", jcmd("GC.heap_info").lines().map(generation::matcher).filter(Matcher::find)
                .map(m -> m.group(1) + " " + Long.parseLong(m.group(2)) / 1024 + "M committed/" + Long.parseLong(m.group(3)) / 1024 + "M used")
                .toList());
    }

    String threadDump() throws IOException, InterruptedException {
        return jcmd("Thread.print");
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(JAVA_BIN.resolve("jcmd").toString(), Long.toString(process.pid()), command)
                .redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        jcmd.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    int port() {
        return port;
    }

    /** Kills the process at once (SIGKILL), as a crashed machine or an OOM kill would: nothing is flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(log);
    }
}
