package dev.nl2sql.postgres;

import java.sql.Connection;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/** jOOQ as this adapter uses it: PostgreSQL dialect, no banner, no tip of the day, no per-query logging. */
final class QuietJooq {

    static {
        // Read once, when jOOQ's Constants class initialises: these must be set before any jOOQ class loads.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    private static final Settings SETTINGS = new Settings()
            .withExecuteLogging(false)
            .withDiagnosticsLogging(false);

    private QuietJooq() {}

    /** {@return a context running on {@code connection}, which the caller keeps owning} */
    static DSLContext using(Connection connection) {
        return DSL.using(connection, SQLDialect.POSTGRES, SETTINGS);
    }
}
