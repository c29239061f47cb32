package dev.nl2sql.bootstrap.assembly;

import dev.nl2sql.bootstrap.InstalledTool;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What nl2sql prints on a real terminal (a tmux pane): colour, an aligned table and a progress spinner, none of which
 * may appear when the same command writes to a pipe.
 */
class TerminalIT {

    @TempDir
    static Path cache; // shared, so only the first test pays for creating the demo's cluster

    private String inTmux(String... args) throws Exception {
        Path done = cache.resolve("done-" + System.nanoTime());
        String command = "env XDG_CACHE_HOME=" + cache + " TERM=xterm-256color " + Nl2SqlProcess.JAVA + " -Xlog:disable -XX:TieredStopAtLevel=1 -jar "
                + Nl2SqlProcess.JAR + " " + String.join(" ", args) + "; touch " + done + "; sleep 60";
        try (TmuxPane pane = TmuxPane.start(160, 200, command)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!Files.exists(done) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(done).as("the command finished in the tmux pane").exists();
            return pane.screen(true);
        }
    }

    @Test
    void demoOnATerminalHasColourASpinnerAndAlignedTables() throws Exception {
        InstalledTool.require(TmuxPane.available(), "tmux is not installed (bin/ensure-tmux installs it)");

        String screen = inTmux("demo");

        assertThat(screen).contains("\u001b[").contains("✓").contains("demo databases ready");
        assertThat(screen).doesNotContain("nl2sql: starting PostgreSQL"); // the plain progress lines are for pipes
        List<String> table = screen.replaceAll("\u001b\\[[0-9;]*m", "").lines()
                .dropWhile(l -> !l.contains("How many employees work in each department")).skip(1)
                .takeWhile(l -> !l.startsWith("== ")).filter(l -> l.contains(" | ")).toList();
        assertThat(table).hasSizeGreaterThan(3);
        assertThat(table).extracting(l -> l.indexOf(" | ")).containsOnly(table.getFirst().indexOf(" | "));
    }

    @Test
    void demoInAPipeHasPlainProgressLinesAndNoEscapes() throws Exception {
        Nl2SqlProcess.Run run = Nl2SqlProcess.run(Map.of("XDG_CACHE_HOME", cache.toString()), Duration.ofSeconds(120), "demo");

        assertThat(run.exit()).isZero();
        assertThat(run.err()).contains("nl2sql: starting PostgreSQL", "nl2sql: demo databases ready").doesNotContain("\u001b[", "\r");
        assertThat(run.out()).doesNotContain("\u001b[");
    }
}
