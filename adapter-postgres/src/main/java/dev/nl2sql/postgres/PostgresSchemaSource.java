package dev.nl2sql.postgres;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.port.SchemaSource;
import java.sql.SQLException;

/** Reads a database's structure from pg_catalog through its pool and breaker, honouring its schema filter. */
final class PostgresSchemaSource implements SchemaSource {

    private final DatabaseConnections connections;
    private final PostgresCatalogReader reader;

    public PostgresSchemaSource(DatabaseConnections connections) {
        this.connections = connections;
        this.reader = new PostgresCatalogReader();
    }

    @Override
    public Result<SchemaSnapshot> read(DatabaseName database) {
        SchemaFilter filter = connections.pools().settings(database).map(DatabaseSettings::schemas).orElse(SchemaFilter.all());
        return connections.with(database, connection -> {
            try {
                return Result.ok(reader.read(connection, database, filter));
            } catch (SQLException e) {
                // anything but the read's own end (a lost connection, say) is reported, and counted by the breaker, as
                // for any other work
                return reader.failure(database, e).<Result<SchemaSnapshot>>map(Result::err).orElseThrow(() -> e);
            }
        });
    }
}
