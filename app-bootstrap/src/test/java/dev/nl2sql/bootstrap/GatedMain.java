package dev.nl2sql.bootstrap;

import dev.nl2sql.cli.Launcher;
import dev.nl2sql.library.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * nl2sql's {@code main} for a child JVM whose start a test holds back: the configuration is loaded (and everything
 * wired) only once the file that {@code -Dnl2sql.test.gate} names exists. What is answered before that was answered
 * without the server. A system property, not a variable: the environment is part of the stdio snapshot's key.
 */
public final class GatedMain {

    private GatedMain() {}

    public static void main(String[] args) {
        Path gate = Path.of(System.getProperty("nl2sql.test.gate"));
        System.exit(Main.run(new Application(ConfigLoader.fromSystem()), launcher -> new Gated(launcher, gate), args));
    }

    private record Gated(Launcher launcher, Path gate) implements Launcher {

        @Override
        public Launch launch(Optional<Path> configFile) {
            await();
            return launcher.launch(configFile);
        }

        @Override
        public Launch launch(Optional<Path> configFile, Optional<String> dsn) {
            await();
            return launcher.launch(configFile, dsn);
        }

        @Override
        public StdioStart startStdio(Optional<Path> configFile, List<String> arguments) {
            return launcher.startStdio(configFile, arguments);
        }

        private void await() {
            try {
                while (!Files.exists(gate)) {
                    Thread.sleep(10);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
