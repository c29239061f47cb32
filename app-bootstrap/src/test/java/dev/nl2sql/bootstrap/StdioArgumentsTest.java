package dev.nl2sql.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Only arguments that can mean nothing but {@code serve --stdio} begin the session before picocli has read them. */
class StdioArgumentsTest {

    private static Optional<Optional<Path>> of(String... args) {
        return StdioArguments.configFile(args);
    }

    @Test
    void plainServeStdioShapesAreRecognisedWithTheirConfigFile() {
        assertThat(of("serve", "--stdio")).contains(Optional.empty());
        assertThat(of("--config", "a.yaml", "serve", "--stdio")).contains(Optional.of(Path.of("a.yaml")));
        assertThat(of("serve", "--stdio", "--config", "a.yaml")).contains(Optional.of(Path.of("a.yaml")));
        assertThat(of("serve", "--config=a.yaml", "--stdio", "--quiet")).contains(Optional.of(Path.of("a.yaml")));
        assertThat(of("--dsn", "postgres://h/db", "serve", "--stdio")).contains(Optional.empty());
    }

    @Test
    void anythingElseIsLeftToPicocli() {
        assertThat(of("serve")).as("stdio only by default: the configuration may say HTTP").isEmpty();
        assertThat(of("--stdio", "serve")).as("not a root option").isEmpty();
        assertThat(of("serve", "--stdio", "--help")).isEmpty();
        assertThat(of("serve", "--stdio", "--http")).isEmpty();
        assertThat(of("serve", "--stdio", "--config")).as("a missing value").isEmpty();
        assertThat(of("serve", "--stdio", "--config", "--quiet")).as("a value that is an option").isEmpty();
        assertThat(of("--config", "a.yaml", "--config", "b.yaml", "serve", "--stdio")).as("twice").isEmpty();
        assertThat(of("ask", "serve", "--stdio")).isEmpty();
        assertThat(of("serve", "serve", "--stdio")).isEmpty();
    }
}
