package dev.nl2sql.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.EnumType;
import dev.nl2sql.domain.schema.ForeignKey;
import dev.nl2sql.domain.schema.Index;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.RelationKind;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.fixtures.harness.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

class PostgresCatalogReaderTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    /** Where tests that change the schema work, so that the others see the same relations in any order. */
    private static final String SCRATCH = "scratch";

    private static final DatabaseName SHOP = DatabaseName.of("shop");
    private final PostgresCatalogReader reader = new PostgresCatalogReader();

    @BeforeAll
    static void createSchema() throws SQLException {
        db.execute("""
                CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy');
                CREATE SCHEMA sales;
                CREATE SCHEMA audit;
                CREATE TABLE sales.region (
                    country char(2),
                    code integer,
                    name text NOT NULL,
                    PRIMARY KEY (country, code));
                CREATE TABLE sales.store (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    country char(2) NOT NULL,
                    region_code integer NOT NULL,
                    name varchar(80) DEFAULT 'unnamed',
                    staff_mood public.mood,
                    opened_at timestamptz NOT NULL DEFAULT now(),
                    price numeric(10,2),
                    price_with_tax numeric GENERATED ALWAYS AS (price * 1.2) STORED,
                    tags text[],
                    CONSTRAINT store_region_fk FOREIGN KEY (country, region_code) REFERENCES sales.region (country, code));
                CREATE UNIQUE INDEX store_name_key ON sales.store (name);
                COMMENT ON TABLE sales.store IS 'A shop';
                COMMENT ON COLUMN sales.store.name IS 'Display name';
                CREATE VIEW sales.store_names AS SELECT id, name FROM sales.store;
                COMMENT ON VIEW sales.store_names IS 'Names only';
                CREATE MATERIALIZED VIEW sales.store_counts AS SELECT country, count(*) AS stores FROM sales.store GROUP BY country;
                CREATE TABLE sales.event (id bigint NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
                CREATE TABLE sales.event_2024 PARTITION OF sales.event FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
                CREATE TABLE audit.log (id bigint PRIMARY KEY, entry text);
                INSERT INTO sales.region VALUES ('FR', 75, 'Paris'), ('FR', 69, 'Lyon'), ('DE', 11, 'Berlin');
                INSERT INTO sales.store (country, region_code, name) VALUES ('FR', 75, 'Rivoli'), ('DE', 11, 'Mitte');
                ANALYZE sales.region;
                """);
    }

    private SchemaSnapshot read(SchemaFilter filter) throws SQLException {
        try (Connection connection = db.connect()) {
            return reader.read(connection, SHOP, filter);
        }
    }

    private Relation relation(SchemaSnapshot snapshot, String schema, String name) {
        return snapshot.relation(schema, name).orElseThrow(() -> new AssertionError(schema + "." + name + " is missing"));
    }

    @Test
    void readsEveryKindOfRelationButNotPartitions() throws SQLException {
        SchemaSnapshot snapshot = read(SchemaFilter.all().excluding(SCRATCH));

        assertThat(snapshot.relations()).extracting(Relation::name, Relation::kind).containsExactly(
                tuple(QualifiedName.of("audit", "log"), RelationKind.TABLE),
                tuple(QualifiedName.of("sales", "event"), RelationKind.PARTITIONED_TABLE),
                tuple(QualifiedName.of("sales", "region"), RelationKind.TABLE),
                tuple(QualifiedName.of("sales", "store"), RelationKind.TABLE),
                tuple(QualifiedName.of("sales", "store_counts"), RelationKind.MATERIALIZED_VIEW),
                tuple(QualifiedName.of("sales", "store_names"), RelationKind.VIEW));
        assertThat(snapshot.database()).isEqualTo(SHOP);
    }

    @Test
    void readsColumnsWithTypesNullabilityDefaultsCommentsAndEnums() throws SQLException {
        Relation store = relation(read(SchemaFilter.all()), "sales", "store");

        QualifiedName mood = QualifiedName.of("public", "mood");
        assertThat(store.columns()).containsExactly(
                new Column("id", "bigint", false, Optional.of("GENERATED ALWAYS AS IDENTITY"), Optional.empty(), Optional.empty()),
                new Column("country", "character(2)", false, Optional.empty(), Optional.empty(), Optional.empty()),
                new Column("region_code", "integer", false, Optional.empty(), Optional.empty(), Optional.empty()),
                new Column("name", "character varying(80)", true, Optional.of("'unnamed'::character varying"),
                        Optional.of("Display name"), Optional.empty()),
                new Column("staff_mood", "mood", true, Optional.empty(), Optional.empty(), Optional.of(mood)),
                new Column("opened_at", "timestamp with time zone", false, Optional.of("now()"), Optional.empty(), Optional.empty()),
                new Column("price", "numeric(10,2)", true, Optional.empty(), Optional.empty(), Optional.empty()),
                new Column("price_with_tax", "numeric", true, Optional.of("GENERATED ALWAYS AS ((price * 1.2)) STORED"),
                        Optional.empty(), Optional.empty()),
                new Column("tags", "text[]", true, Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(store.comment()).contains("A shop");
    }

    @Test
    void readsKeysAndIndexes() throws SQLException {
        SchemaSnapshot snapshot = read(SchemaFilter.all());
        Relation store = relation(snapshot, "sales", "store");
        Relation region = relation(snapshot, "sales", "region");

        assertThat(store.primaryKey()).containsExactly("id");
        assertThat(region.primaryKey()).containsExactly("country", "code");
        assertThat(store.foreignKeys()).containsExactly(new ForeignKey("store_region_fk", List.of("country", "region_code"),
                QualifiedName.of("sales", "region"), List.of("country", "code")));
        assertThat(store.indexes()).containsExactly(
                new Index("store_name_key", List.of("name"), true, false,
                        "CREATE UNIQUE INDEX store_name_key ON sales.store USING btree (name)"),
                new Index("store_pkey", List.of("id"), true, true, "CREATE UNIQUE INDEX store_pkey ON sales.store USING btree (id)"));
        assertThat(region.indexes()).singleElement().satisfies(index -> {
            assertThat(index.columns()).containsExactly("country", "code");
            assertThat(index.primary()).isTrue();
        });
    }

    @Test
    void readsViewsWithTheirColumnsAndComments() throws SQLException {
        SchemaSnapshot snapshot = read(SchemaFilter.all());

        Relation view = relation(snapshot, "sales", "store_names");
        assertThat(view.columns()).extracting(Column::name, Column::type)
                .containsExactly(tuple("id", "bigint"),
                        tuple("name", "character varying(80)"));
        assertThat(view.comment()).contains("Names only");
        assertThat(view.rowEstimate()).isEmpty();
        assertThat(relation(snapshot, "sales", "store_counts").columns()).extracting(Column::name)
                .containsExactly("country", "stores");
    }

    @Test
    void readsEnumLabelsInDeclarationOrder() throws SQLException {
        db.execute("ALTER TYPE public.mood ADD VALUE 'meh' BEFORE 'ok'");

        assertThat(read(SchemaFilter.all()).enums())
                .containsExactly(new EnumType(QualifiedName.of("public", "mood"), List.of("sad", "meh", "ok", "happy")));
    }

    @Test
    void estimatesRowsOnlyOnceAnalysed() throws SQLException {
        SchemaSnapshot snapshot = read(SchemaFilter.all());

        assertThat(relation(snapshot, "sales", "region").rowEstimate()).contains(3L);
        assertThat(relation(snapshot, "audit", "log").rowEstimate()).isEmpty();
    }

    @Test
    void includesOnlyTheSchemasAsked() throws SQLException {
        assertThat(read(SchemaFilter.including("audit")).schemas()).containsExactly("audit");
        assertThat(read(SchemaFilter.including("sal*")).schemas()).containsExactly("sales");
        assertThat(read(SchemaFilter.including("s?les", "audit")).schemas()).containsExactly("audit", "sales");
        assertThat(read(SchemaFilter.including("sal")).relations()).isEmpty();
    }

    @Test
    void excludesTheSchemasAsked() throws SQLException {
        assertThat(read(SchemaFilter.all().excluding("sales", SCRATCH)).schemas()).containsExactly("audit");
        assertThat(read(SchemaFilter.including("*").excluding("a*", SCRATCH)).schemas()).containsExactly("sales");
    }

    @Test
    void keepsEnumsUsedByReadRelationsFromOtherSchemas() throws SQLException {
        assertThat(read(SchemaFilter.including("sales")).enums()).extracting(EnumType::name)
                .containsExactly(QualifiedName.of("public", "mood"));
        assertThat(read(SchemaFilter.including("audit")).enums()).isEmpty();
    }

    @Test
    void neverReadsSystemSchemas() throws SQLException {
        assertThat(read(SchemaFilter.including("pg_*", "information_schema")).relations()).isEmpty();
    }

    @Test
    void fingerprintFollowsStructureNotData() throws SQLException {
        db.execute("CREATE SCHEMA scratch; CREATE TABLE scratch.fingerprinted (id int PRIMARY KEY)");
        SchemaFilter scratch = SchemaFilter.including(SCRATCH);
        SchemaSnapshot before = read(scratch);

        db.execute("INSERT INTO scratch.fingerprinted SELECT generate_series(1, 100); ANALYZE scratch.fingerprinted");
        SchemaSnapshot afterData = read(scratch);
        db.execute("ALTER TABLE scratch.fingerprinted ADD COLUMN note text");
        SchemaSnapshot afterColumn = read(scratch);

        assertThat(afterData.relation(SCRATCH, "fingerprinted").orElseThrow().rowEstimate()).contains(100L);
        assertThat(afterData.fingerprint()).isEqualTo(before.fingerprint());
        assertThat(afterColumn.fingerprint()).isNotEqualTo(before.fingerprint());
    }

    @Test
    void leavesTheConnectionAsItFoundIt() throws SQLException {
        try (Connection connection = db.connect()) {
            reader.read(connection, SHOP, SchemaFilter.all());

            assertThat(connection.getAutoCommit()).isTrue();
            assertThat(connection.isReadOnly()).isFalse();
            assertThat(connection.unwrap(BaseConnection.class).getTransactionState()).isEqualTo(TransactionState.IDLE);
            assertThat(Sessions.show(connection, "statement_timeout")).isEqualTo("0");
            assertThat(Sessions.show(connection, "transaction_isolation")).isEqualTo("read committed");
        }
    }
}
