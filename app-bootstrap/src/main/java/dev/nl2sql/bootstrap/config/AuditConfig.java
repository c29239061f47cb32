package dev.nl2sql.bootstrap.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** Where the append-only audit log lives. */
public record AuditConfig(Path path) {

    public AuditConfig {
        requireNonNull(path, "path");
    }
}
