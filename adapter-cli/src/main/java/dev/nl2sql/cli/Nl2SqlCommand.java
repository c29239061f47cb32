package dev.nl2sql.cli;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Result;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The root command: global options, version, and the subcommands. */
@Command(
        name = "nl2sql",
        mixinStandardHelpOptions = true,
        versionProvider = Nl2SqlCommand.Version.class,
        description = "Ask PostgreSQL databases questions in plain language, safely.",
        footer = {"", "Examples:",
                "  nl2sql demo",
                "  nl2sql ask \"how many customers live in Germany\" --db shop",
                "  nl2sql shell --db shop",
                "  nl2sql sql \"SELECT name FROM products ORDER BY price DESC LIMIT 5\" --format csv",
                "  nl2sql sql --dsn postgres://postgres@127.0.0.1:5432/postgres \"select 1\"",
                "  nl2sql init --dsn postgres://reader@db.example.com/shop?sslmode=verify-full",
                "  nl2sql schema search order --detail summary",
                "  nl2sql serve --stdio --config nl2sql.yaml",
                "  nl2sql --config nl2sql.yaml doctor",
                "  nl2sql eval questions.jsonl --generator offline --out report.json",
                "", "Exit codes: 0 ok, 1 usage, 2 SQL rejected, 3 database unavailable, 4 invalid configuration,",
                "5 no language model answered, 6 timeout, 7 database error, 8 doctor found a problem,",
                "9 eval scored below its threshold, 70 internal error."})
public final class Nl2SqlCommand implements Runnable {

    @Option(names = "--config", scope = CommandLine.ScopeType.INHERIT, paramLabel = "FILE", description = "Configuration file (default: $NL2SQL_CONFIG, ./nl2sql.yaml, ~/.config/nl2sql/nl2sql.yaml).")
    Path config;

    @Option(names = "--dsn", scope = CommandLine.ScopeType.INHERIT, paramLabel = "URL",
            description = "One database by URL instead of the file's databases, e.g. postgres://user@host:5432/db?sslmode=verify-full "
                    + "(password: PGPASSWORD or ~/.pgpass; PG* variables fill what the URL leaves out).")
    String dsn;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Show details of internal errors.")
    boolean verbose;

    @Option(names = "--format", scope = CommandLine.ScopeType.INHERIT, paramLabel = "FORMAT",
            description = "Output format: table, json or csv (default: table on a terminal, json in a pipe).")
    Output.Format format;

    @Option(names = "--no-color", scope = CommandLine.ScopeType.INHERIT, description = "Never use colour (also: NO_COLOR set).")
    boolean noColor;

    @Option(names = "--quiet", scope = CommandLine.ScopeType.INHERIT, description = "Print only results and errors.")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Launcher launcher;

    Nl2SqlCommand(Launcher launcher) {
        this.launcher = launcher;
    }

    /** The subcommands, in the order the help lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(AskCommand.class, ShellCommand.class, SqlCommand.class, SchemaCommand.class,
            TemplatesCommand.class, HistoryCommand.class, ServeCommand.class, InitCommand.class, DoctorCommand.class, DemoCommand.class,
            FixturesCommand.class, EvalCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class);
    /** Subcommands that describe every other one. */
    private static final Set<String> WHOLE_TREE = Set.of("help", "completion");

    /** {@return a command line for {@code nl2sql} with every subcommand, wired to {@code launcher}} */
    public static CommandLine commandLine(Launcher launcher) {
        return commandLine(launcher, SUBCOMMANDS);
    }

    /**
     * {@return a command line for running {@code args}: with only the subcommand they name, or every subcommand when
     * they name none (the root's help lists them all, and a misspelt name gets suggestions), ask for help or for the
     * completion script} picocli reads every subcommand's annotations when it is added; for all fourteen that was
     * about a third of the CPU before an MCP server's first {@code tools/list}.
     */
    public static CommandLine commandLine(Launcher launcher, String... args) {
        return commandLine(launcher, subcommandsFor(args));
    }

    private static CommandLine commandLine(Launcher launcher, List<Class<?>> subcommands) {
        CommandLine commandLine = new CommandLine(new Nl2SqlCommand(launcher));
        subcommands.forEach(commandLine::addSubcommand);
        // --format json and --detail summary, as the help and docs spell them
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        useUsageExitCode(commandLine);
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            Nl2SqlCommand root = cmd.getCommandSpec().root().userObject() instanceof Nl2SqlCommand r ? r : null;
            cmd.getErr().println("nl2sql: INTERNAL: " + exception);
            if (root != null && root.verbose) {
                exception.printStackTrace(cmd.getErr());
            } else {
                cmd.getErr().println("nl2sql: run again with --verbose for details");
            }
            return ExitCodes.INTERNAL;
        });
        return commandLine;
    }

    /** {@return the subcommand classes {@code args} need; the first word that is neither an option nor an option's value names it} */
    static List<Class<?>> subcommandsFor(String... args) {
        CommandLine.Model.CommandSpec root = CommandLine.Model.CommandSpec.forAnnotatedObject(new Nl2SqlCommand(null));
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("-")) {
                CommandLine.Model.OptionSpec option = root.findOption(arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg);
                if (option != null && !arg.contains("=") && option.arity().max() > 0) {
                    i++; // the option's value, not a subcommand
                }
                if (option != null && option.versionHelp()) {
                    return List.of(); // --version needs no subcommand
                }
                continue;
            }
            if (WHOLE_TREE.contains(arg)) {
                return SUBCOMMANDS;
            }
            return SUBCOMMANDS.stream().filter(type -> type.getAnnotation(Command.class).name().equals(arg)).findFirst()
                    .<List<Class<?>>>map(List::of).orElse(SUBCOMMANDS);
        }
        return SUBCOMMANDS;
    }

    private static void useUsageExitCode(CommandLine command) {
        command.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE);
        command.getSubcommands().values().forEach(Nl2SqlCommand::useUsageExitCode);
    }

    Launcher launcher() {
        return launcher;
    }

    /** {@return output for a tour shown to people: a table unless --format says otherwise, wherever stdout goes} */
    Output tourOutput(CommandLine command) {
        boolean terminal = Terminal.isInteractive();
        return new Output(format != null ? format : Output.Format.TABLE, terminal && !noColor && System.getenv("NO_COLOR") == null,
                quiet, command.getOut(), command.getErr());
    }

    Launcher.Launch launch() {
        return launcher.launch(Optional.ofNullable(config), Optional.ofNullable(dsn));
    }

    /** {@return the output of {@code command}, in the format chosen (or the one that suits where stdout goes)} */
    Output output(CommandLine command) {
        boolean terminal = Terminal.isInteractive();
        Output.Format chosen = format != null ? format : terminal ? Output.Format.TABLE : Output.Format.JSON;
        boolean colour = terminal && !noColor && System.getenv("NO_COLOR") == null;
        return new Output(chosen, colour, quiet, command.getOut(), command.getErr());
    }

    /** The work of a command that needs the wired application. */
    @FunctionalInterface
    interface Work {
        int run(Launcher.Launch.Ready application) throws Exception;
    }

    /** Launches the application, runs {@code work} and closes it; an invalid configuration is reported. {@return the exit code} */
    int withApplication(CommandLine command, Work work) throws Exception {
        return switch (launch()) {
            case Launcher.Launch.Misconfigured bad -> {
                command.getErr().println("nl2sql: CONFIG_INVALID: the configuration has " + bad.problems().size()
                        + (bad.problems().size() == 1 ? " problem:" : " problems:"));
                bad.problems().forEach(p -> command.getErr().println("  " + p));
                command.getErr().flush();
                yield ExitCodes.CONFIG_INVALID;
            }
            case Launcher.Launch.Ready ready -> {
                try (AutoCloseable ignored = ready.resources()) {
                    yield work.run(ready);
                }
            }
        };
    }

    /** The work of a command on one database, with its output and the wired application. */
    @FunctionalInterface
    interface DatabaseWork {
        int run(Output output, Launcher.Launch.Ready application, DatabaseName database) throws Exception;
    }

    /** The work of a command with its output and the wired application. */
    @FunctionalInterface
    interface OutputWork {
        int run(Output output, Launcher.Launch.Ready application) throws Exception;
    }

    /** Runs {@code work} for the subcommand {@code spec} with the wired application; {@return the exit code} */
    static int run(CommandLine.Model.CommandSpec spec, OutputWork work) throws Exception {
        Nl2SqlCommand root = root(spec);
        Output output = root.output(spec.commandLine());
        return root.withApplication(spec.commandLine(), app -> work.run(output, app));
    }

    /** Runs {@code work} on the database {@code --db} names (or the only one); {@return the exit code} */
    static int run(CommandLine.Model.CommandSpec spec, DatabaseOption database, DatabaseWork work) throws Exception {
        return run(spec, (output, app) -> switch (database.resolve(app.useCases().exploreSchema())) {
            case Result.Err<DatabaseName> err -> output.failure(err.failure());
            case Result.Ok<DatabaseName> db -> work.run(output, app, db.value());
        });
    }

    /** {@return the root command of {@code command}'s tree} */
    static Nl2SqlCommand root(CommandLine.Model.CommandSpec command) {
        return (Nl2SqlCommand) command.root().userObject();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reads the version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"nl2sql " + version(),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + "), " + System.getProperty("os.name") + " "
                            + System.getProperty("os.arch")};
        }
    }

    static String version() {
        String version = Nl2SqlCommand.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
