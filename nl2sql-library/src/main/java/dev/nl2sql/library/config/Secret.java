package dev.nl2sql.library.config;

import static java.util.Objects.requireNonNull;

/** A value that must never be printed: records print every field, so this one masks itself. */
public record Secret(String value) {

    public Secret {
        requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "****";
    }
}
