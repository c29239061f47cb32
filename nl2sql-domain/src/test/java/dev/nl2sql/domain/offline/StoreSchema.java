package dev.nl2sql.domain.offline;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.linking.ColumnRef;
import dev.nl2sql.domain.linking.ValueIndex;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.EnumType;
import dev.nl2sql.domain.schema.ForeignKey;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.RelationKind;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A small record shop for the offline generator's tests: customers, orders, staff with a manager, artists and albums. */
final class StoreSchema {

    private static final QualifiedName STATUS = QualifiedName.of("public", "order_status");

    static final SchemaSnapshot SCHEMA = SchemaSnapshot.of(DatabaseName.of("store"), List.of(
            table("customers", List.of(), Optional.of("People who buy records"), Column.of("customer_id", "integer"),
                    Column.of("first_name", "text"), Column.of("last_name", "text"), Column.of("city", "text"), Column.of("country", "text"),
                    Column.of("is_vip", "boolean"), notNull("signed_up_on", "date")),
            table("orders", List.of(fk("customer_id", "customers"), fk("sales_rep_id", "employees", "employee_id")), Optional.empty(),
                    Column.of("order_id", "integer"), Column.of("customer_id", "integer"), Column.of("sales_rep_id", "integer"),
                    notNull("ordered_at", "timestamp with time zone"),
                    Column.of("shipped_at", "timestamp with time zone"), Column.of("total", "numeric(10,2)"),
                    new Column("status", "order_status", false, Optional.empty(), Optional.empty(), Optional.of(STATUS))),
            table("employees", List.of(fk("reports_to", "employees", "employee_id")), Optional.of("Staff of the shop"),
                    Column.of("employee_id", "integer"), Column.of("first_name", "text"), Column.of("last_name", "text"),
                    Column.of("reports_to", "integer"), Column.of("rating", "real")),
            table("artists", List.of(), Optional.empty(), Column.of("artist_id", "integer"), Column.of("name", "text")),
            table("albums", List.of(fk("artist_id", "artists")), Optional.empty(), Column.of("album_id", "integer"),
                    Column.of("title", "text"), Column.of("artist_id", "integer"), Column.of("price", "numeric(6,2)"),
                    Column.of("release_date", "date"))),
            List.of(new EnumType(STATUS, List.of("open", "shipped", "cancelled"))), Instant.EPOCH);

    static final ValueIndex VALUES = ValueIndex.of(SCHEMA, Map.of(
            ref("customers", "city"), List.of("São Paulo", "Berlin", "Paris"),
            ref("customers", "country"), List.of("Brazil", "Germany", "France"),
            ref("employees", "first_name"), List.of("Ann", "Bo"),
            ref("employees", "last_name"), List.of("Lee", "Smith"),
            ref("artists", "name"), List.of("Led Zeppelin", "Queen", "Iron Maiden"),
            ref("albums", "title"), List.of("Iron Maiden", "Jazz", "Innuendo")));

    private StoreSchema() {}

    private static Relation table(String name, List<ForeignKey> keys, Optional<String> comment, Column... columns) {
        return new Relation(QualifiedName.of("public", name), RelationKind.TABLE, List.of(columns), List.of(columns[0].name()), keys,
                List.of(), comment, Optional.empty());
    }

    private static Column notNull(String name, String type) {
        return new Column(name, type, false, Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static ForeignKey fk(String column, String target) {
        return fk(column, target, column);
    }

    private static ForeignKey fk(String column, String target, String targetColumn) {
        return new ForeignKey(column + "_fk", List.of(column), QualifiedName.of("public", target), List.of(targetColumn));
    }

    private static ColumnRef ref(String table, String column) {
        return new ColumnRef(QualifiedName.of("public", table), column);
    }
}
