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

    /** Runs the MCP server until its client goes away (stdio) or the process is stopped (HTTP). */
    interface Servers {

        /** {@return the exit code, once stdin has ended} */
        int stdio();

        /** {@return the exit code, once the server has stopped; it listens at {@code http://bind:port/mcp}} */
        int http(String bind, int port);
    }

    /**
     * The configured defaults for {@code serve}.
     *
     * @param http whether the configured transport is HTTP (otherwise stdio)
     */
    record Listener(boolean http, String bind, int port) {

        /** stdio; for HTTP, 127.0.0.1:8080. */
        public static final Listener DEFAULT = new Listener(false, "127.0.0.1", 8080);
    }

    /** What launching gave. */
    sealed interface Launch {

        /**
         * The application is ready; close {@code resources} when done.
         *
         * @param configSource the file the configuration came from, or {@code defaults}
         * @param servers runs the MCP server over the use cases
         * @param listener how {@code serve} listens when its options do not say
         */
        record Ready(String configSource, UseCases useCases, Servers servers, Listener listener, AutoCloseable resources)
                implements Launch {}

        /** The configuration is invalid; each problem reads "source: path: what is wrong". */
        record Misconfigured(List<String> problems) implements Launch {
            public Misconfigured {
                problems = List.copyOf(problems);
            }
        }
    }
}
