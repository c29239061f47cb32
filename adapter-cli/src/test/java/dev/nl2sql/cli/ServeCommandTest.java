package dev.nl2sql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.usecase.testing.TestUseCases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServeCommandTest {

    private final List<String> started = new ArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private final Launcher.Servers recording = new Launcher.Servers() {
        @Override
        public int stdio() {
            started.add("stdio");
            return 0;
        }

        @Override
        public int http(String bind, int port, boolean stateless) {
            started.add("http " + bind + ":" + port + (stateless ? " stateless" : ""));
            return 0;
        }
    };

    private int run(Launcher.Listener configured, String... args) {
        Launcher launcher = config -> new Launcher.Launch.Ready("test.yaml", TestUseCases.defaults().build(), recording, configured, () -> {});
        return Nl2SqlCommand.commandLine(launcher).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    }

    @Test
    void servesStdioByDefault() {
        int exit = run(Launcher.Listener.DEFAULT, "serve");

        assertThat(exit).isZero();
        assertThat(started).containsExactly("stdio");
        assertThat(out.toString()).isEmpty(); // stdout belongs to the protocol
    }

    @Test
    void configuredHttpListenerIsTheDefault() {
        run(new Launcher.Listener(true, "0.0.0.0", 9000, false), "serve");

        assertThat(started).containsExactly("http 0.0.0.0:9000");
    }

    @Test
    void optionsOverrideTheConfiguration() {
        run(new Launcher.Listener(false, "127.0.0.1", 8080, false), "serve", "--http", "--port", "0", "--bind", "::1");

        assertThat(started).containsExactly("http ::1:0");
    }

    @Test
    void statelessComesFromTheOptionOrTheConfiguration() {
        run(new Launcher.Listener(false, "127.0.0.1", 8080, false), "serve", "--http", "--stateless");
        run(new Launcher.Listener(true, "127.0.0.1", 8081, true), "serve");

        assertThat(started).containsExactly("http 127.0.0.1:8080 stateless", "http 127.0.0.1:8081 stateless");
    }

    @Test
    void stdioOptionOverridesAConfiguredHttpTransport() {
        run(new Launcher.Listener(true, "127.0.0.1", 8080, false), "serve", "--stdio");

        assertThat(started).containsExactly("stdio");
    }

    @Test
    void stdioAndHttpTogetherAreAUsageError() {
        int exit = run(Launcher.Listener.DEFAULT, "serve", "--stdio", "--http");

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(started).isEmpty();
    }

    @Test
    void invalidConfigurationIsReportedOnStderr() {
        int exit = runMisconfigured("", "serve", "--stdio");

        assertThat(exit).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(err.toString()).contains("CONFIG_INVALID: nl2sql.yaml: databases[0].port");
        assertThat(out.toString()).isEmpty();
    }

    private int runMisconfigured(String stdin, String... args) {
        picocli.CommandLine commandLine = Nl2SqlCommand.commandLine(config -> new Launcher.Launch.Misconfigured(
                List.of("nl2sql.yaml: databases[0].port: must be 1-65535, was 70000")));
        ((ServeCommand) commandLine.getSubcommands().get("serve").getCommand()).stdin =
                new java.io.ByteArrayInputStream(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return commandLine.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    }

    @Test
    void aConfigurationProblemAnswersAWaitingInitializeWithAnError() {
        int exit = runMisconfigured("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"initialize\",\"params\":{}}\n", "serve", "--stdio");

        assertThat(exit).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(err.toString()).contains("nl2sql: CONFIG_INVALID: nl2sql.yaml: databases[0].port: must be 1-65535");
        assertThat(out.toString()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32000,")
                .contains("\"message\":\"nl2sql cannot start: CONFIG_INVALID: nl2sql.yaml: databases[0].port", "\"problems\":[");
    }

    @Test
    void aConfigurationProblemWritesNothingOnStdoutWithoutAnInitialize() {
        assertThat(runMisconfigured("", "serve")).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(runMisconfigured("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}\n", "serve")).isEqualTo(ExitCodes.CONFIG_INVALID);
        assertThat(runMisconfigured("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"initialize\"}\n", "serve", "--http")).isEqualTo(ExitCodes.CONFIG_INVALID);

        assertThat(out.toString()).isEmpty();
    }
}
