package dev.nl2sql.domain.database;

import java.util.regex.Pattern;

/** The name a configured database is known by in nl2sql (not necessarily its name on the server). */
public record DatabaseName(String value) implements Comparable<DatabaseName> {

    private static final Pattern SHAPE = Pattern.compile("[a-z][a-z0-9_-]{0,62}");

    public DatabaseName {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("database name must match " + SHAPE.pattern() + ", was '" + value + "'");
        }
    }

    /** {@return whether {@code candidate} is a valid database name} */
    public static boolean isValid(String candidate) {
        return candidate != null && SHAPE.matcher(candidate).matches();
    }

    public static DatabaseName of(String value) {
        return new DatabaseName(value);
    }

    @Override
    public int compareTo(DatabaseName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
