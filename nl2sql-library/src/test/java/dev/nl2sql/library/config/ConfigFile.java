package dev.nl2sql.library.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A configuration file written into a test's folder and loaded with a given environment. */
record ConfigFile(Path dir, Map<String, String> env) {

    ConfigLoader.Outcome load(String yaml) throws IOException {
        Path file = dir.resolve("nl2sql.yaml");
        Files.writeString(file, yaml);
        return new ConfigLoader(env, dir, dir).load(Optional.of(file));
    }

    /** {@return the configuration {@code yaml} gives, asserting that it loads} */
    Nl2SqlConfig loaded(String yaml) throws IOException {
        ConfigLoader.Outcome outcome = load(yaml);
        assertThat(outcome).isInstanceOf(ConfigLoader.Outcome.Loaded.class);
        return ((ConfigLoader.Outcome.Loaded) outcome).config();
    }

    /** {@return the problems {@code yaml} has, asserting that it does not load} */
    List<String> problems(String yaml) throws IOException {
        ConfigLoader.Outcome outcome = load(yaml);
        assertThat(outcome).isInstanceOf(ConfigLoader.Outcome.Invalid.class);
        return ((ConfigLoader.Outcome.Invalid) outcome).problems().stream().map(ConfigProblem::toString).toList();
    }
}
