package dev.nl2sql.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The root command: global options, version, and the subcommands. */
@Command(
        name = "nl2sql",
        mixinStandardHelpOptions = true,
        versionProvider = Nl2SqlCommand.Version.class,
        description = "Ask PostgreSQL databases questions in plain language, safely.",
        subcommands = {DoctorCommand.class, ServeCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Examples:", "  nl2sql doctor", "  nl2sql --config nl2sql.yaml doctor",
                "  nl2sql serve --stdio --config nl2sql.yaml"})
public final class Nl2SqlCommand implements Runnable {

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: $NL2SQL_CONFIG, ./nl2sql.yaml, ~/.config/nl2sql/nl2sql.yaml).")
    Path config;

    @Option(names = "--verbose", description = "Show details of internal errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Launcher launcher;

    Nl2SqlCommand(Launcher launcher) {
        this.launcher = launcher;
    }

    /** {@return a command line for {@code nl2sql}, wired to {@code launcher}} */
    public static CommandLine commandLine(Launcher launcher) {
        CommandLine commandLine = new CommandLine(new Nl2SqlCommand(launcher));
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

    private static void useUsageExitCode(CommandLine command) {
        command.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE);
        command.getSubcommands().values().forEach(Nl2SqlCommand::useUsageExitCode);
    }

    Launcher.Launch launch() {
        return launcher.launch(Optional.ofNullable(config));
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
