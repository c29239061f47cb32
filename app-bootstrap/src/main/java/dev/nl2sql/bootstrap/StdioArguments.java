package dev.nl2sql.bootstrap;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises, before picocli builds the command line, arguments that can only mean {@code nl2sql serve --stdio}, so that
 * the session can begin (and be answered from its snapshot) while the rest starts: building the command line alone
 * takes a few hundred milliseconds on a small machine. Only plain shapes are recognised: {@code serve} once,
 * {@code --stdio} after it, {@code --config FILE} or {@code --config=FILE} and {@code --dsn URL} or {@code --dsn=URL} at
 * most once each, and the flags {@code --verbose}, {@code --quiet} and {@code --no-color}. Anything else (help, another
 * option, a value that looks like an option) is left to picocli, and the session begins when {@code serve} runs.
 */
final class StdioArguments {

    private static final Set<String> FLAGS = Set.of("--verbose", "--quiet", "--no-color");

    private StdioArguments() {}

    /** {@return the {@code --config} given (empty for none) when {@code args} can only mean {@code serve --stdio}; empty otherwise} */
    static Optional<Optional<Path>> configFile(String[] args) {
        boolean serve = false;
        boolean stdio = false;
        boolean dsn = false;
        Optional<Path> config = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("serve") && !serve) {
                serve = true;
            } else if (arg.equals("--stdio") && serve && !stdio) {
                stdio = true;
            } else if (FLAGS.contains(arg)) {
                continue;
            } else if ((arg.equals("--config") || arg.equals("--dsn")) && i + 1 < args.length && !args[i + 1].startsWith("-")
                    && !args[i + 1].isEmpty()) {
                if (arg.equals("--config") ? config.isPresent() : dsn) {
                    return Optional.empty();
                }
                if (arg.equals("--config")) {
                    config = Optional.of(Path.of(args[++i]));
                } else {
                    dsn = true;
                    i++;
                }
            } else if (arg.startsWith("--config=") && arg.length() > "--config=".length() && config.isEmpty()) {
                config = Optional.of(Path.of(arg.substring("--config=".length())));
            } else if (arg.startsWith("--dsn=") && arg.length() > "--dsn=".length() && !dsn) {
                dsn = true;
            } else {
                return Optional.empty();
            }
        }
        return serve && stdio ? Optional.of(config) : Optional.empty();
    }
}
