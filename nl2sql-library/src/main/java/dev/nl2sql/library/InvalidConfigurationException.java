package dev.nl2sql.library;

import java.util.List;

/**
 * Thrown by {@link Nl2Sql.Builder#build()} when the configuration cannot work: every problem found, each with where it
 * is (file and path) and what is wrong. Nothing was started.
 */
public final class InvalidConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidConfigurationException(List<String> problems) {
        super("nl2sql configuration is invalid:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** {@return every problem, one line each} */
    public List<String> problems() {
        return problems;
    }
}
