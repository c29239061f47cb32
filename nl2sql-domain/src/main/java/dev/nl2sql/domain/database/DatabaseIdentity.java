package dev.nl2sql.domain.database;

import static java.util.Objects.requireNonNull;

/**
 * Where a configured database lives: its nl2sql name and its address on a server. Carries no credentials, so it is
 * safe to print, log and return to clients.
 */
public record DatabaseIdentity(DatabaseName name, String host, int port, String database, String user) {

    public DatabaseIdentity {
        requireNonNull(name, "name");
        requireNonNull(host, "host");
        requireNonNull(database, "database");
        requireNonNull(user, "user");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1-65535, was " + port);
        }
    }

    /** {@return host:port/database, the form people use to tell servers apart} */
    public String address() {
        return host + ":" + port + "/" + database;
    }
}
