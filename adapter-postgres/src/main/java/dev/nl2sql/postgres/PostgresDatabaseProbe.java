package dev.nl2sql.postgres;

import dev.nl2sql.domain.database.DatabaseHealth;
import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.database.TlsSettings;
import dev.nl2sql.domain.database.Transport;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.sensitive.SensitiveCandidate;
import dev.nl2sql.domain.sensitive.SensitiveData;
import dev.nl2sql.port.DatabaseProbe;
import dev.nl2sql.port.SensitivePolicies;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Checks a PostgreSQL database: version, role, and every privilege that would let nl2sql's role write. */
final class PostgresDatabaseProbe implements DatabaseProbe {

    // One round trip. Roles that do not exist on older servers are looked up before pg_has_role is asked about them.
    private static final String CHECK = """
            SELECT version(), current_user, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls,
                   %s AS write_server_files, %s AS execute_server_program, %s AS read_server_files, %s AS write_all_data,
                   has_database_privilege(current_database(), 'CREATE') AS create_in_database,
                   has_database_privilege(current_database(), 'TEMP') AS create_temp,
                   (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE c.relkind IN ('r', 'p') AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%%'
                       AND (has_table_privilege(c.oid, 'INSERT') OR has_table_privilege(c.oid, 'UPDATE')
                         OR has_table_privilege(c.oid, 'DELETE') OR has_table_privilege(c.oid, 'TRUNCATE'))) AS writable_tables,
                   (SELECT string_agg(n.nspname, ', ' ORDER BY n.nspname) FROM pg_namespace n
                     WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%%'
                       AND has_schema_privilege(n.oid, 'CREATE')) AS creatable_schemas,
                   current_setting('default_transaction_read_only') AS read_only_default,
                   s.ssl, s.version AS tls_version, s.cipher AS tls_cipher
              FROM pg_roles r LEFT JOIN pg_stat_ssl s ON s.pid = pg_backend_pid() WHERE r.rolname = current_user
            """.formatted(member("pg_write_server_files"), member("pg_execute_server_program"),
            member("pg_read_server_files"), member("pg_write_all_data"));

    /** Text columns of user relations the session may read, for the personal data suggestions. */
    private static final String TEXT_COLUMNS = """
            SELECT n.nspname, c.relname, a.attname
              FROM pg_catalog.pg_attribute a
              JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
               AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
               AND a.atttypid IN ('text'::regtype, 'varchar'::regtype, 'bpchar'::regtype)
               AND has_column_privilege(c.oid, a.attnum, 'SELECT')
             ORDER BY n.nspname, c.relname, a.attnum
             LIMIT 500
            """;

    /** Values sampled per column: enough to tell a pattern, few enough that doctor stays fast. */
    static final int SAMPLE = 20;

    private final DatabaseConnections connections;
    private final SensitivePolicies sensitive;

    public PostgresDatabaseProbe(DatabaseConnections connections) {
        this(connections, SensitivePolicies.NONE);
    }

    /** @param sensitive each database's policy: columns it already hides or masks are not suggested again */
    public PostgresDatabaseProbe(DatabaseConnections connections, SensitivePolicies sensitive) {
        this.connections = connections;
        this.sensitive = sensitive;
    }

    @Override
    public List<SensitiveCandidate> sensitiveCandidates(DatabaseIdentity database) {
        SensitiveData policy = sensitive.of(database.name());
        Result<List<SensitiveCandidate>> found = connections.with(database.name(), connection -> {
            List<SensitiveCandidate> candidates = new ArrayList<>();
            try (var ignored = ReadOnlyTransaction.begin(connection, Duration.ofSeconds(2), "REPEATABLE READ");
                    Statement statement = connection.createStatement();
                    ResultSet columns = statement.executeQuery(TEXT_COLUMNS)) {
                List<String[]> names = new ArrayList<>();
                while (columns.next()) {
                    names.add(new String[] {columns.getString(1), columns.getString(2), columns.getString(3)});
                }
                for (String[] name : names) {
                    if (policy.hidesColumn(name[0], name[1], name[2]) || policy.masking(name[0], name[1], name[2]).isPresent()) {
                        continue;
                    }
                    QualifiedName table = QualifiedName.of(name[0], name[1]);
                    Optional<SensitiveCandidate> byName = SensitiveCandidate.of(table, name[2], List.of());
                    (byName.isPresent() ? byName : SensitiveCandidate.of(table, name[2], sample(connection, name)))
                            .ifPresent(candidates::add);
                }
            }
            return Result.ok(candidates);
        });
        return found instanceof Result.Ok<List<SensitiveCandidate>> ok ? ok.value() : List.of();
    }

    private static List<String> sample(java.sql.Connection connection, String[] name) throws SQLException {
        String column = quote(name[2]);
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT " + column + "::text FROM "
                + quote(name[0]) + "." + quote(name[1]) + " WHERE " + column + " IS NOT NULL LIMIT " + SAMPLE)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String member(String role) {
        return "CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN pg_has_role(current_user, '"
                + role + "', 'MEMBER') ELSE false END";
    }

    @Override
    public List<DatabaseIdentity> databases() {
        return connections.pools().names().stream()
                .map(name -> connections.pools().settings(name).orElseThrow().identity())
                .toList();
    }

    @Override
    public DatabaseHealth probe(DatabaseIdentity database) {
        TlsSettings.SslMode sslMode = connections.pools().settings(database.name()).map(s -> s.tls().mode()).orElse(TlsSettings.SslMode.PREFER);
        Result<Findings> checked = connections.with(database.name(), connection -> {
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(CHECK)) {
                if (!rs.next()) {
                    return Result.err(new Failure.DatabaseError(database.name(), "42704", "the session's role is not in pg_roles"));
                }
                return Result.ok(findings(rs, sslMode));
            }
        });
        String breaker = connections.breakers().state(database.name()).name().toLowerCase(Locale.ROOT);
        Optional<String> pool = connections.pools().usage(database.name())
                .map(u -> u.active() + " active, " + u.idle() + " idle, " + u.waiting() + " waiting (max " + u.max() + ")");
        return switch (checked) {
            case Result.Ok<Findings> ok -> new DatabaseHealth(database, Optional.of(ok.value().version()), Optional.of(ok.value().role()),
                    ok.value().risks(), breaker, pool, Optional.empty(), Optional.of(ok.value().transport()));
            case Result.Err<Findings> err -> new DatabaseHealth(database, Optional.empty(), Optional.empty(), List.of(), breaker, pool,
                    Optional.of(err.failure()));
        };
    }

    private record Findings(String version, String role, List<String> risks, Transport transport) {}

    private static Findings findings(ResultSet rs, TlsSettings.SslMode sslMode) throws SQLException {
        String role = rs.getString("current_user");
        List<String> risks = new ArrayList<>();
        String version = rs.getString("version").replaceFirst(" on .*", "");
        Transport transport = new Transport(rs.getBoolean("ssl"), Optional.ofNullable(rs.getString("tls_version")),
                Optional.ofNullable(rs.getString("tls_cipher")), sslMode);
        if (rs.getBoolean("rolsuper")) { // every other check is true for a superuser; one line says it all
            return new Findings(version, role, List.of("is a superuser: it can do anything, including writing tables and server files"), transport);
        }
        flag(rs, "write_server_files", risks, "is a member of pg_write_server_files: it can write files on the server");
        flag(rs, "execute_server_program", risks, "is a member of pg_execute_server_program: it can run programs on the server");
        flag(rs, "read_server_files", risks, "is a member of pg_read_server_files: it can read files on the server");
        flag(rs, "write_all_data", risks, "is a member of pg_write_all_data: it can change every table");
        flag(rs, "rolcreaterole", risks, "can create roles");
        flag(rs, "rolcreatedb", risks, "can create databases");
        flag(rs, "rolbypassrls", risks, "bypasses row-level security");
        flag(rs, "create_in_database", risks, "can create schemas in this database");
        long writable = rs.getLong("writable_tables");
        if (writable > 0) {
            risks.add("can INSERT, UPDATE, DELETE or TRUNCATE " + writable + " table" + (writable == 1 ? "" : "s"));
        }
        String creatable = rs.getString("creatable_schemas");
        if (creatable != null) {
            risks.add("can create objects in schema " + creatable);
        }
        if (!"on".equals(rs.getString("read_only_default"))) {
            risks.add("sessions are not read-only by default");
        }
        return new Findings(version, role, risks, transport);
    }

    private static void flag(ResultSet rs, String column, List<String> risks, String risk) throws SQLException {
        if (rs.getBoolean(column)) {
            risks.add(risk);
        }
    }
}
