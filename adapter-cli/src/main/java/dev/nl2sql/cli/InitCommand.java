package dev.nl2sql.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Writes a first configuration for one database, checks it as doctor does, and prints the SQL for a SELECT-only role. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Write a commented configuration for one database (--dsn, else DATABASE_URL, the PG* variables or the local "
                + "server), check the connection as doctor does, and print the SQL that creates a SELECT-only role for nl2sql."},
        footer = {"", "The password is never written: nl2sql reads it from password_env, PGPASSWORD or ~/.pgpass.",
                "", "Examples:", "  nl2sql init --dsn postgres://postgres@127.0.0.1:5432/shop",
                "  PGHOST=db.example.com PGUSER=reader PGDATABASE=shop PGSSLMODE=verify-full nl2sql init --file ./nl2sql.yaml",
                "", "Exit codes: as doctor's (0 all good, 3 unreachable, 4 invalid, 8 a role can write); 1 if the file exists."})
final class InitCommand implements Callable<Integer> {

    /** The role script of docs/sql, copied into the jar at build time. */
    static final String READER_SQL = "nl2sql-reader.sql";

    @ParentCommand
    Nl2SqlCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--file", paramLabel = "FILE",
            description = "Where to write it (default: ~/.config/nl2sql/nl2sql.yaml, or under $XDG_CONFIG_HOME; found from any folder).")
    Path file;

    @Option(names = "--force", description = "Replace the file if it exists.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<String> dsn = Optional.ofNullable(root.dsn);
        return switch (root.launcher().draft(dsn)) {
            case Launcher.Draft.Invalid invalid -> {
                err.println("nl2sql: CONFIG_INVALID: cannot configure this database:");
                invalid.problems().forEach(p -> err.println("  " + p));
                yield ExitCodes.CONFIG_INVALID;
            }
            case Launcher.Draft.Ready draft -> {
                Path target = file != null ? file : draft.defaultFile();
                if (Files.exists(target) && !force) {
                    err.println("nl2sql: " + target + " exists; give --force to replace it, or --file to write elsewhere");
                    yield ExitCodes.USAGE;
                }
                if (target.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(target.toAbsolutePath().getParent());
                }
                Files.writeString(target, draft.yaml());
                out.println("wrote      " + target + "  (database '" + draft.database() + "'; edit it, then run nl2sql doctor)");
                yield check(target, dsn, out);
            }
        };
    }

    /** Checks the new file's database as doctor does (with the DSN's password, which the file does not keep). */
    private int check(Path target, Optional<String> dsn, PrintWriter out) throws Exception {
        int exit = switch (root.launcher().launch(Optional.of(target), dsn)) {
            case Launcher.Launch.Misconfigured bad -> {
                bad.problems().forEach(p -> out.println("  problem  " + p));
                yield ExitCodes.CONFIG_INVALID;
            }
            case Launcher.Launch.Ready ready -> {
                try (AutoCloseable ignored = ready.resources()) {
                    yield DoctorCommand.report(ready.useCases().diagnose(), out);
                }
            }
        };
        out.println();
        out.println("To let nl2sql read and nothing else, run this as the database's owner or a superuser (psql -d DATABASE -f FILE),");
        out.println("set the role's password, then put user: nl2sql_reader in the file:");
        out.println();
        out.print(readerSql());
        out.flush();
        return exit;
    }

    static String readerSql() throws IOException {
        try (InputStream script = InitCommand.class.getResourceAsStream(READER_SQL)) {
            if (script == null) {
                throw new IOException(READER_SQL + " is missing from the jar");
            }
            return new String(script.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
