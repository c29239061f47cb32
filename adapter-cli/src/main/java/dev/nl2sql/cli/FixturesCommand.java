package dev.nl2sql.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Loads the sample databases into a PostgreSQL server. */
@Command(name = "fixtures", mixinStandardHelpOptions = true, description = "Load nl2sql's sample databases into a PostgreSQL server.",
        subcommands = FixturesCommand.Load.class)
final class FixturesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = {"Load sample databases, each into a database of its own name on the server (created if needed). "
                    + "Loading is idempotent: a database that already holds the same sample is left alone."},
            footer = {"", "Names: small (ecommerce_small), medium (social_medium), large (erp_large), wide (1,000 empty tables), "
                    + "chinook, northwind, all (every one but wide).",
                    "", "Examples:", "  nl2sql fixtures load --db small",
                    "  nl2sql fixtures load --db all --dsn postgres://postgres@127.0.0.1:5432/postgres",
                    "  nl2sql --config nl2sql.yaml fixtures load --db chinook --use-config"})
    static final class Load implements Callable<Integer> {

        @Option(names = "--db", paramLabel = "NAME", split = ",", defaultValue = "all",
                description = "small, medium, large, wide, chinook, northwind or all; comma-separated (default: ${DEFAULT-VALUE}).")
        List<String> names;

        @Option(names = "--use-config",
                description = "Load into the server of the first configured database (the file given with --config, or the usual places).")
        boolean useConfig;

        @Spec
        CommandSpec spec;

        static final String DEFAULT_DSN = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

        @Override
        public Integer call() throws Exception {
            Nl2SqlCommand root = Nl2SqlCommand.root(spec);
            PrintWriter err = spec.commandLine().getErr();
            Optional<Launcher.Samples> samples = root.launcher().samples();
            if (samples.isEmpty()) {
                err.println("nl2sql: this build has no sample databases");
                return ExitCodes.USAGE;
            }
            boolean configured = useConfig;
            String dsn = root.dsn; // the server to load into: postgres://... or jdbc:postgresql://...
            if (dsn != null && configured) {
                err.println("nl2sql: give --dsn or --use-config, not both");
                return ExitCodes.USAGE;
            }
            List<String> unknown = names.stream().filter(n -> !samples.get().names().contains(n)).toList();
            if (!unknown.isEmpty()) {
                err.println("nl2sql: unknown sample " + String.join(", ", unknown) + "; choose from " + String.join(", ", samples.get().names()));
                return ExitCodes.USAGE;
            }
            Launcher.LoadTarget target = configured ? new Launcher.LoadTarget.Configured(Optional.ofNullable(root.config))
                    : new Launcher.LoadTarget.Dsn(dsn == null ? DEFAULT_DSN : dsn);
            List<String> done;
            try (ProgressLine progress = ProgressLine.on(err, Terminal.isInteractive() && !root.noColor, root.quiet)) {
                try {
                    done = samples.get().load(names, target, progress);
                } catch (java.sql.SQLException e) {
                    progress.close();
                    err.println("nl2sql: DB_UNAVAILABLE: " + e.getMessage());
                    return ExitCodes.DB_UNAVAILABLE;
                } catch (IllegalArgumentException e) {
                    progress.close();
                    err.println("nl2sql: CONFIG_INVALID: " + e.getMessage());
                    return ExitCodes.CONFIG_INVALID;
                }
                progress.finish(String.format("%d loaded in %.1f s", done.size(), progress.elapsed().toMillis() / 1000.0));
            }
            done.forEach(spec.commandLine().getOut()::println);
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }
}
