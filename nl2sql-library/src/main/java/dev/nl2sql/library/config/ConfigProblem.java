package dev.nl2sql.library.config;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with the configuration: where it is and what is wrong, e.g.
 * {@code nl2sql.yaml: databases[1].port: must be 1-65535, was 70000}.
 *
 * @param source the file, or {@code environment} for an override, or {@code defaults}
 * @param path the field path, e.g. {@code databases[0].password_env}
 */
public record ConfigProblem(String source, String path, String message) {

    public ConfigProblem {
        requireNonNull(source, "source");
        requireNonNull(path, "path");
        requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return source + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
