package dev.nl2sql.cli;

import dev.nl2sql.usecase.UseCases;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Loads the configuration and wires the use cases; app-bootstrap implements it, tests may script it. */
@FunctionalInterface
public interface Launcher {

    /** {@return the wired application for the configuration in {@code configFile} (or the usual places), or why not} */
    Launch launch(Optional<Path> configFile);

    /**
     * {@return the wired application, its databases replaced by the one at {@code dsn} when given (a libpq URL such as
     * {@code postgres://user@host:5432/db?sslmode=verify-full})}
     */
    default Launch launch(Optional<Path> configFile, Optional<String> dsn) {
        return dsn.isEmpty() ? launch(configFile) : new Launch.Misconfigured(List.of("--dsn: this build cannot connect by URL"));
    }

    /**
     * {@return a first configuration file for the database {@code dsn} names (else {@code DATABASE_URL}, the
     * {@code PG*} variables, the local server), or why it cannot be written}
     */
    default Draft draft(Optional<String> dsn) {
        return new Draft.Invalid(List.of("this build cannot write a configuration"));
    }

    /** What {@code nl2sql init} writes. */
    sealed interface Draft {

        /**
         * @param yaml the file's text, with comments and without a password
         * @param database the database's name in it
         * @param defaultFile where nl2sql looks for a configuration from any folder
         */
        record Ready(String yaml, String database, Path defaultFile) implements Draft {}

        /** The connection given cannot be configured; each problem reads "source: path: what is wrong". */
        record Invalid(List<String> problems) implements Draft {
            public Invalid {
                problems = List.copyOf(problems);
            }
        }
    }

    /**
     * Begins the stdio session of {@code serve --stdio} before the configuration is loaded: a build that keeps a snapshot
     * of its last answers starts answering the client's {@code initialize} and {@code tools/list} from it now, while the
     * real server is built (half a second on a small machine), and hands the session to {@link Servers#stdio(StdioStart)}.
     *
     * @param configFile the {@code --config} option, if given
     * @param arguments the whole command line, as given: part of what the snapshot's answers depend on
     * @return the session begun; {@link StdioStart#NONE} when this build keeps no snapshot
     */
    default StdioStart startStdio(Optional<Path> configFile, List<String> arguments) {
        return StdioStart.NONE;
    }

    /** A stdio session begun before the server is built, perhaps answered from the last start's snapshot already. */
    interface StdioStart {

        /** Nothing begun: the server reads stdin itself. */
        StdioStart NONE = () -> Optional.empty();

        /**
         * Stops answering: the server will not be built (its configuration is invalid). {@return what was read and
         * where the client reads answers; empty when nothing was begun (stdout is still {@code System.out})}
         */
        Optional<Abandoned> abandon();

        /**
         * What a session begun early leaves to the refusal.
         *
         * @param read the lines read and not answered, in order; empty when nothing was read, so that stdin is still the client's
         * @param protocol where the client reads answers (stdout, which {@code System.out} no longer is)
         */
        record Abandoned(Optional<List<String>> read, OutputStream protocol) {
            public Abandoned {
                read = read.map(List::copyOf);
            }
        }
    }

    /** {@return the sample databases (the demo's embedded server and the fixture loader); empty in a build without them} */
    default Optional<Samples> samples() {
        return Optional.empty();
    }

    /** The sample databases nl2sql ships for its demo, tests and benchmarks. */
    interface Samples {

        /**
         * Starts the demo's embedded PostgreSQL (reusing its cluster from an earlier run), loads the sample databases
         * unless they are already there, and wires nl2sql on them.
         *
         * @param progress hears each step, for a spinner or a line on stderr
         */
        Demo startDemo(Consumer<String> progress) throws Exception;

        /** {@return the questions the demo's tour asks, simple ones the offline generator can answer, by database} */
        List<TourQuestion> tour();

        /** {@return the names {@link #load} accepts, e.g. {@code small} or {@code chinook}} */
        List<String> names();

        /**
         * Loads the named samples into {@code target}'s server, each into a database of its own name (created if needed).
         *
         * @return one line per sample saying what was done
         */
        List<String> load(List<String> names, LoadTarget target, Consumer<String> progress) throws Exception;
    }

    /**
     * The demo, running.
     *
     * @param application nl2sql wired on the sample databases; closing its resources stops the embedded server
     * @param configFile the configuration written for them, usable by {@code nl2sql serve --config} while the server runs
     * @param postgresPort where the embedded server listens
     */
    record Demo(Launch.Ready application, Path configFile, int postgresPort) {}

    /** A question of the demo's tour, asked of the database called {@code database}. */
    record TourQuestion(String database, String question) {}

    /** Where {@code fixtures load} puts the samples. */
    sealed interface LoadTarget {

        /**
         * The server of a URL, libpq's {@code postgres://postgres@127.0.0.1:5432/postgres} or pgjdbc's
         * {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}.
         */
        record Dsn(String url) implements LoadTarget {}

        /** The server of the first database in the configuration. */
        record Configured(Optional<Path> configFile) implements LoadTarget {}
    }

    /** Runs the MCP server until its client goes away (stdio) or the process is stopped (HTTP). */
    interface Servers {

        /** {@return the exit code, once stdin has ended} */
        int stdio();

        /**
         * {@return the exit code, once stdin has ended} Serves the session {@code start} began; only the build that began
         * one can take it over, so a build without snapshots is given {@link StdioStart#NONE} only.
         */
        default int stdio(StdioStart start) {
            if (start != StdioStart.NONE) {
                throw new IllegalArgumentException("these servers cannot take over a stdio session begun elsewhere");
            }
            return stdio();
        }

        /**
         * {@return the exit code, once the server has stopped; it listens at {@code http://bind:port/mcp}, without
         * sessions when {@code stateless}}
         */
        int http(String bind, int port, boolean stateless);
    }

    /**
     * The configured defaults for {@code serve}.
     *
     * @param http whether the configured transport is HTTP (otherwise stdio)
     * @param stateless whether HTTP serves requests without sessions
     */
    record Listener(boolean http, String bind, int port, boolean stateless) {

        /** stdio; for HTTP, 127.0.0.1:8080 with sessions. */
        public static final Listener DEFAULT = new Listener(false, "127.0.0.1", 8080, false);
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
