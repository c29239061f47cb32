package dev.nl2sql.postgres;

import java.sql.Connection;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/** jOOQ as this adapter uses it: PostgreSQL dialect, no banner, no tip of the day, no per-query logging. */
final class QuietJooq {

    static {
        // Read when jOOQ's classes initialise, so set before any of them loads; an application's own choice wins.
        quietUnlessSet("org.jooq.no-logo", "true");
        quietUnlessSet("org.jooq.no-tips", "true");
        // The OSS POSTGRES dialect warns "Version mismatch" for every server older than the newest it knows (e.g. 15).
        // The catalog queries are plain SQL templates that need nothing version-specific from the dialect.
        quietUnlessSet("org.jooq.log.org.jooq.impl.DefaultExecuteContext.logVersionSupport", "ERROR");
    }

    private static final Settings SETTINGS = new Settings()
            .withExecuteLogging(false)
            .withDiagnosticsLogging(false);

    private QuietJooq() {}

    private static void quietUnlessSet(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** {@return a context running on {@code connection}, which the caller keeps owning} */
    static DSLContext using(Connection connection) {
        return DSL.using(connection, SQLDialect.POSTGRES, SETTINGS);
    }
}
