package dev.nl2sql.cli;

import dev.nl2sql.usecase.UseCases;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Loads the configuration and wires the use cases; app-bootstrap implements it, tests may script it. */
@FunctionalInterface
public interface Launcher {

    /** {@return the wired application for the configuration in {@code configFile} (or the usual places), or why not} */
    Launch launch(Optional<Path> configFile);

    /** What launching gave. */
    sealed interface Launch {

        /**
         * The application is ready; close {@code resources} when done.
         *
         * @param configSource the file the configuration came from, or {@code defaults}
         */
        record Ready(String configSource, UseCases useCases, AutoCloseable resources) implements Launch {}

        /** The configuration is invalid; each problem reads "source: path: what is wrong". */
        record Misconfigured(List<String> problems) implements Launch {
            public Misconfigured {
                problems = List.copyOf(problems);
            }
        }
    }
}
