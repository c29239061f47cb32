package dev.nl2sql.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.fixtures.harness.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The catalog reader prints index definitions and column defaults from the catalogs, without the table's lock where it
 * can: the text is exactly what {@code pg_get_indexdef} and {@code pg_get_expr} print, for every kind of index it
 * prints itself and every kind it leaves to them, and what it prints itself it reads while a migration holds the table.
 */
class CatalogDefinitionsTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final DatabaseName SHOP = DatabaseName.of("shop");

    /** What the reader's own text must match, as PostgreSQL prints it on the same connection. */
    private static final String INDEX_DEFINITIONS = """
            SELECT i.relname, pg_get_indexdef(x.indexrelid)
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname IN ('public', 'other') AND NOT c.relispartition
            """;

    private static final String DEFAULTS = """
            SELECT c.relname || '.' || a.attname,
                   CASE WHEN a.attgenerated = 's' THEN 'GENERATED ALWAYS AS (' || pg_get_expr(d.adbin, d.adrelid) || ') STORED'
                        ELSE pg_get_expr(d.adbin, d.adrelid) END
            FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum JOIN pg_class c ON c.oid = d.adrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname IN ('public', 'other')
            """;

    @BeforeAll
    static void createEveryKindOfIndex() throws SQLException {
        db.execute("""
                CREATE SCHEMA other;
                CREATE COLLATION other.bytewise FROM "C";
                CREATE FUNCTION other.label() RETURNS text LANGUAGE sql AS 'SELECT ''x''';
                CREATE TYPE mood AS ENUM ('sad', 'ok');
                CREATE DOMAIN code AS text;
                -- every kind of index the reader prints itself, and defaults, on a table a migration will lock
                CREATE TABLE plain (
                    id serial PRIMARY KEY, t text DEFAULT 'it''s', v varchar(20), c char(3), d code, tags int[], m mood,
                    r tstzrange, ip inet, net cidr, j jsonb, ts tsvector, tc text COLLATE "C", n int DEFAULT (1 + 2),
                    at timestamptz NOT NULL DEFAULT now(), labels text[] DEFAULT '{}'::text[], l text DEFAULT other.label(),
                    "select" text, "Mixed" int);
                CREATE INDEX plain_v ON plain (v);
                CREATE INDEX plain_c ON plain (c);
                CREATE INDEX plain_d ON plain (d);
                CREATE INDEX plain_tags ON plain (tags);
                CREATE INDEX plain_tags_gin ON plain USING gin (tags);
                CREATE INDEX plain_m ON plain (m);
                CREATE INDEX plain_r ON plain USING gist (r);
                CREATE INDEX plain_r_btree ON plain (r);
                CREATE INDEX plain_ip ON plain (ip);
                CREATE INDEX plain_net ON plain (net);
                CREATE INDEX plain_net_gist ON plain USING gist (net inet_ops);
                CREATE INDEX plain_j ON plain USING gin (j);
                CREATE INDEX plain_j_path ON plain USING gin (j jsonb_path_ops);
                CREATE INDEX plain_ts ON plain USING gin (ts);
                CREATE INDEX plain_tc ON plain (tc);
                CREATE INDEX plain_tc_default ON plain (tc COLLATE "default");
                CREATE INDEX plain_t_c ON plain (t COLLATE "C");
                CREATE INDEX plain_t_bytewise ON plain (t COLLATE other.bytewise);
                CREATE INDEX plain_t_pattern ON plain (t text_pattern_ops);
                CREATE INDEX plain_v_pattern ON plain (v varchar_pattern_ops);
                CREATE INDEX plain_v_text_ops ON plain (v text_ops);
                CREATE INDEX plain_t_bpchar ON plain (t bpchar_ops);
                CREATE INDEX plain_order ON plain (n DESC, t NULLS FIRST, v DESC NULLS LAST, c ASC NULLS LAST);
                CREATE INDEX plain_include ON plain (n) INCLUDE (t, v);
                CREATE INDEX plain_fillfactor ON plain (n) WITH (fillfactor = 70);
                CREATE INDEX plain_options ON plain (t) WITH (deduplicate_items = off, fillfactor = 80);
                CREATE UNIQUE INDEX plain_nulls ON plain (t, n) NULLS NOT DISTINCT;
                CREATE INDEX plain_hash ON plain USING hash (t);
                CREATE INDEX plain_brin ON plain USING brin (at) WITH (pages_per_range = 16, autosummarize = on);
                CREATE INDEX plain_quoted ON plain ("select", "Mixed");
                CREATE INDEX "Plain ""Name""\" ON plain (n);
                ALTER TABLE plain ADD CONSTRAINT plain_unique UNIQUE (v, c);
                ALTER TABLE plain ADD CONSTRAINT plain_excluded EXCLUDE USING gist (r WITH &&);
                CREATE TABLE other.item (id int PRIMARY KEY, name text UNIQUE);
                CREATE INDEX item_bytewise ON other.item (name COLLATE other.bytewise DESC);
                CREATE TABLE event (id int, at date, note text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
                CREATE TABLE event_2024 PARTITION OF event FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
                CREATE INDEX event_note ON event (note);
                CREATE MATERIALIZED VIEW plain_names AS SELECT id, t FROM plain;
                CREATE UNIQUE INDEX plain_names_id ON plain_names (id DESC);
                -- the kinds left to pg_get_indexdef and pg_get_expr, which need the table's lock
                CREATE DOMAIN code_of_code AS code;
                CREATE TABLE fancy (id int PRIMARY KEY, t text, v varchar(20), cc code_of_code, ts tsvector,
                    n int, twice int GENERATED ALWAYS AS (n * 2) STORED);
                CREATE INDEX fancy_lower ON fancy (lower(t));
                CREATE INDEX fancy_partial ON fancy (n) WHERE n > 0;
                CREATE INDEX fancy_cc ON fancy (cc);
                CREATE INDEX fancy_v_bpchar ON fancy (v bpchar_ops);
                CREATE INDEX fancy_signature ON fancy USING gist (ts tsvector_ops (siglen = 100));
                """);
    }

    private static SchemaSnapshot read(Connection connection) throws SQLException {
        return new PostgresCatalogReader().read(connection, SHOP, SchemaFilter.including("public", "other"));
    }

    private static Map<String, String> indexDefinitions(SchemaSnapshot snapshot) {
        Map<String, String> definitions = new TreeMap<>();
        snapshot.relations().stream().flatMap(r -> r.indexes().stream()).forEach(i -> definitions.put(i.name(), i.definition()));
        return definitions;
    }

    private static Map<String, String> defaults(SchemaSnapshot snapshot, String table) {
        Map<String, String> defaults = new TreeMap<>();
        for (Relation relation : snapshot.relations()) {
            if (relation.name().name().equals(table)) {
                for (Column column : relation.columns()) {
                    column.defaultExpression().ifPresent(d -> defaults.put(table + "." + column.name(), d));
                }
            }
        }
        return defaults;
    }

    private static Map<String, String> rows(Connection connection, String sql) throws SQLException {
        Map<String, String> rows = new TreeMap<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.put(result.getString(1), result.getString(2));
            }
        }
        return rows;
    }

    @Test
    void everyIndexReadsAsPgGetIndexdefPrintsIt() throws SQLException {
        try (Connection connection = db.connect()) {
            Map<String, String> printed = rows(connection, INDEX_DEFINITIONS);

            assertThat(indexDefinitions(read(connection))).hasSize(46).isEqualTo(printed);
        }
    }

    @Test
    void anIndexNamesItsCollationAsTheSearchPathMakesPgGetIndexdefNameIt() throws SQLException {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET search_path = other, public");
            Map<String, String> printed = rows(connection, INDEX_DEFINITIONS);

            assertThat(printed.get("plain_t_bytewise")).endsWith("(t COLLATE bytewise)");
            assertThat(indexDefinitions(read(connection))).isEqualTo(printed);
        }
    }

    /**
     * Indexes nobody listed: random btree key lists over text-like, numeric and domain columns, each key with or without
     * a collation, a pattern operator class, a direction and a nulls order, with included columns, uniqueness, NULLS NOT
     * DISTINCT and a fill factor, under names that need quoting or not.
     */
    @Test
    void randomIndexesReadAsPgGetIndexdefPrintsThem() throws SQLException {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String[][] columns = {{"t", "text_pattern_ops"}, {"v", "varchar_pattern_ops"}, {"c", "bpchar_pattern_ops"}, {"d", "text_pattern_ops"},
                {"n", ""}, {"at", ""}, {"ip", ""}, {"\"Odd Name\"", "text_pattern_ops"}};
        StringBuilder ddl = new StringBuilder("""
                CREATE SCHEMA gen;
                CREATE TABLE gen.item (t text, v varchar(20), c char(3), d code, n int, at timestamptz, ip inet, "Odd Name" text);
                """);
        for (int index = 0; index < 200; index++) {
            List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7));
            Collections.shuffle(order, random);
            int keys = 1 + random.nextInt(3);
            List<String> parts = new ArrayList<>();
            for (int k = 0; k < keys; k++) {
                String[] column = columns[order.get(k)];
                String part = column[0];
                boolean text = !column[1].isEmpty();
                if (text && random.nextInt(4) == 0) {
                    part += List.of(" COLLATE \"C\"", " COLLATE \"POSIX\"", " COLLATE \"default\"").get(random.nextInt(3));
                }
                if (text && random.nextInt(4) == 0) {
                    part += " " + column[1];
                }
                part += List.of("", " ASC", " DESC").get(random.nextInt(3)) + List.of("", " NULLS FIRST", " NULLS LAST").get(random.nextInt(3));
                parts.add(part);
            }
            boolean unique = random.nextInt(5) == 0;
            String include = random.nextInt(4) == 0 ? " INCLUDE (" + columns[order.get(keys)][0] + ")" : "";
            ddl.append("CREATE ").append(unique ? "UNIQUE " : "").append("INDEX ").append(random.nextBoolean() ? "\"Gen " + index + "\"" : "gen_" + index)
                    .append(" ON gen.item (").append(String.join(", ", parts)).append(")").append(include)
                    .append(unique && random.nextBoolean() ? " NULLS NOT DISTINCT" : "")
                    .append(random.nextInt(5) == 0 ? " WITH (fillfactor = " + (50 + random.nextInt(51)) + ")" : "").append(";\n");
        }
        db.execute(ddl.toString());
        try (Connection connection = db.connect()) {
            Map<String, String> printed = rows(connection, INDEX_DEFINITIONS.replace("('public', 'other')", "('gen')"));
            Map<String, String> read = indexDefinitions(new PostgresCatalogReader().read(connection, SHOP, SchemaFilter.including("gen")));

            assertThat(read).as("seed %d", seed).hasSize(200).isEqualTo(printed);
        } finally {
            db.execute("DROP SCHEMA gen CASCADE");
        }
    }

    @Test
    void everyDefaultReadsAsPgGetExprPrintsIt() throws SQLException {
        try (Connection connection = db.connect()) {
            Map<String, String> printed = rows(connection, DEFAULTS);
            SchemaSnapshot snapshot = read(connection);

            Map<String, String> read = new TreeMap<>(defaults(snapshot, "plain"));
            read.putAll(defaults(snapshot, "fancy"));
            assertThat(read).hasSize(7).isEqualTo(printed);
        }
    }

    @Test
    void aTableWithOnlyIndexesAndDefaultsItPrintsItselfIsReadWhileAMigrationHoldsIt() throws SQLException {
        try (Connection migration = db.connect(); Statement lock = migration.createStatement(); Connection reader = db.connect()) {
            Map<String, String> printed = rows(reader, INDEX_DEFINITIONS);
            migration.setAutoCommit(false);
            lock.execute("LOCK TABLE plain, other.item, event IN ACCESS EXCLUSIVE MODE");
            lock.execute("REFRESH MATERIALIZED VIEW plain_names"); // ACCESS EXCLUSIVE on the view too

            SchemaSnapshot snapshot = read(reader);
            migration.rollback();

            Map<String, String> plain = new TreeMap<>();
            snapshot.relation("public", "plain").orElseThrow().indexes().forEach(i -> plain.put(i.name(), i.definition()));
            assertThat(plain).hasSize(34);
            assertThat(printed).containsAllEntriesOf(plain);
            assertThat(defaults(snapshot, "plain")).containsEntry("plain.n", "(1 + 2)").containsEntry("plain.l", "other.label()");
        }
    }
}
