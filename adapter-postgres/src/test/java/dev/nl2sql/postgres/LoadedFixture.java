package dev.nl2sql.postgres;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.linking.ValueIndex;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.sensitive.SensitiveData;
import dev.nl2sql.fixtures.Fixture;
import dev.nl2sql.fixtures.FixtureLoader;
import dev.nl2sql.fixtures.Progress;
import dev.nl2sql.fixtures.harness.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A fixture loaded into a test database, with its snapshot and value index read the way production reads them. */
record LoadedFixture(TestDatabase database, SchemaSnapshot schema, ValueIndex values) {

    static LoadedFixture load(TestDatabase database, Fixture fixture, String name) throws SQLException {
        try (Connection connection = database.connect()) {
            new FixtureLoader().load(fixture, connection, Progress.none());
            try (Statement analyse = connection.createStatement()) {
                analyse.execute("ANALYZE");
            }
            SchemaSnapshot schema = new PostgresCatalogReader().read(connection, DatabaseName.of(name), SchemaFilter.all());
            var sampled = PostgresColumnValues.sample(connection, SchemaFilter.all(), Duration.ofSeconds(5), Duration.ofSeconds(20),
                    SensitiveData.NONE);
            return new LoadedFixture(database, schema, ValueIndex.of(schema, sampled));
        }
    }

    /** {@return the rows {@code sql} returns, each a list of normalised cell texts (numbers without trailing zeros)} */
    List<List<String>> rows(String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            ResultSetMetaData meta = result.getMetaData();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int c = 1; c <= meta.getColumnCount(); c++) {
                    Object value = result.getObject(c);
                    row.add(value instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString()
                            : value instanceof Number n ? new BigDecimal(n.toString()).stripTrailingZeros().toPlainString()
                            : String.valueOf(value));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    static Map<String, Long> multiset(List<List<String>> rows) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        rows.forEach(r -> counts.merge(String.join("\u0001", r), 1L, Long::sum));
        return counts;
    }
}
