package dev.nl2sql.bootstrap.assembly;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged assembly, {@code java -jar target/nl2sql.jar}, as a real process with stdout and stderr piped. */
final class Nl2SqlProcess {

    static final Path JAR = Path.of("target", "nl2sql.jar").toAbsolutePath();
    static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    /** What a run gave. */
    record Run(int exit, String out, String err, Duration took) {}

    private Nl2SqlProcess() {}

    static Run run(Map<String, String> environment, Duration timeout, String... args) throws IOException, InterruptedException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: these tests run after package (failsafe, mvn verify)");
        }
        List<String> command = new ArrayList<>(List.of(JAVA.toString(), "-Xlog:disable", "-Xlog:all=warning:stderr",
                "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("nl2sql-out", ".txt");
        Path err = Files.createTempFile("nl2sql-err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().remove("NL2SQL_CONFIG");
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("nl2sql " + String.join(" ", args) + " did not finish in " + timeout + "; stderr:\n"
                    + Files.readString(err));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        try {
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8), took);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
