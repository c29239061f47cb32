package dev.nl2sql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Only the subcommand a command line runs is built, unless the whole tree is needed. */
class SubcommandsForTest {

    private static final List<Class<?>> ALL = Nl2SqlCommand.subcommandsFor();

    @Test
    void theNamedSubcommandAloneWhateverTheGlobalOptionsBeforeIt() {
        assertThat(Nl2SqlCommand.subcommandsFor("serve", "--stdio")).containsExactly(ServeCommand.class);
        assertThat(Nl2SqlCommand.subcommandsFor("--config", "serve", "ask", "serve?")).as("an option's value is not a subcommand")
                .containsExactly(AskCommand.class);
        assertThat(Nl2SqlCommand.subcommandsFor("--config=x.yaml", "--verbose", "sql", "select 1")).containsExactly(SqlCommand.class);
    }

    @Test
    void everySubcommandForTheRootsHelpASuggestionTheHelpCommandAndTheCompletionScript() {
        assertThat(ALL).hasSize(14).contains(ServeCommand.class, CommandLine.HelpCommand.class);
        assertThat(Nl2SqlCommand.subcommandsFor("--help")).isEqualTo(ALL);
        assertThat(Nl2SqlCommand.subcommandsFor("sevre")).as("misspelt: picocli suggests from all").isEqualTo(ALL);
        assertThat(Nl2SqlCommand.subcommandsFor("help", "serve")).isEqualTo(ALL);
        assertThat(Nl2SqlCommand.subcommandsFor("completion")).isEqualTo(ALL);
    }

    @Test
    void noSubcommandForTheVersion() {
        assertThat(Nl2SqlCommand.subcommandsFor("--version")).isEmpty();
    }

    @Test
    void aCommandLineBuiltForOneSubcommandRunsItWithTheGlobalOptions() {
        CommandLine line = Nl2SqlCommand.commandLine(null, "--quiet", "doctor", "--help");

        assertThat(line.getSubcommands()).containsOnlyKeys("doctor");
        assertThat(line.getSubcommands().get("doctor").getCommandSpec().findOption("--quiet")).as("inherited").isNotNull();
        assertThat(line.execute("--quiet", "doctor", "--help")).isZero();
    }
}
