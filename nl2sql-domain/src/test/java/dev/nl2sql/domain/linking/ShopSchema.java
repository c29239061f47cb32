package dev.nl2sql.domain.linking;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.EnumType;
import dev.nl2sql.domain.schema.ForeignKey;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.RelationKind;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small schemas for linking tests, and a generated wide one for the benchmark. */
final class ShopSchema {

    private ShopSchema() {}

    static final QualifiedName STATUS = QualifiedName.of("public", "order_status");

    static SchemaSnapshot shop() {
        return SchemaSnapshot.of(DatabaseName.of("shop"), List.of(
                relation("customer", List.of("customer_id"), List.of(), Optional.of("People who buy"),
                        Column.of("customer_id", "integer"), Column.of("first_name", "text"), Column.of("country", "text"),
                        Column.of("email", "text")),
                relation("invoice", List.of("invoice_id"), List.of(fk("customer_id", "customer")), Optional.empty(),
                        Column.of("invoice_id", "integer"), Column.of("customer_id", "integer"), Column.of("total", "numeric(10,2)"),
                        new Column("status", "order_status", false, Optional.empty(), Optional.empty(), Optional.of(STATUS))),
                relation("invoice_line", List.of("invoice_line_id"), List.of(fk("invoice_id", "invoice"), fk("track_id", "track")),
                        Optional.empty(), Column.of("invoice_line_id", "integer"), Column.of("invoice_id", "integer"),
                        Column.of("track_id", "integer"), Column.of("unit_price", "numeric(10,2)")),
                relation("track", List.of("track_id"), List.of(fk("album_id", "album")), Optional.of("Songs for sale"),
                        Column.of("track_id", "integer"), Column.of("name", "text"), Column.of("album_id", "integer"),
                        Column.of("milliseconds", "integer"), Column.of("composer", "text")),
                relation("album", List.of("album_id"), List.of(fk("artist_id", "artist")), Optional.empty(),
                        Column.of("album_id", "integer"), Column.of("title", "text"), Column.of("artist_id", "integer")),
                relation("artist", List.of("artist_id"), List.of(), Optional.empty(),
                        Column.of("artist_id", "integer"), Column.of("name", "text")),
                relation("employee", List.of("employee_id"), List.of(), Optional.empty(),
                        Column.of("employee_id", "integer"), Column.of("last_name", "text"), Column.of("hireDate", "date"))),
                List.of(new EnumType(STATUS, List.of("open", "paid", "void"))), Instant.EPOCH);
    }

    static Relation relation(String name, List<String> key, List<ForeignKey> fks, Optional<String> comment, Column... columns) {
        return new Relation(QualifiedName.of("public", name), RelationKind.TABLE, List.of(columns), key, fks, List.of(), comment,
                Optional.empty());
    }

    static ForeignKey fk(String column, String target) {
        return new ForeignKey(column + "_fk", List.of(column), QualifiedName.of("public", target), List.of(column));
    }

    /** {@code tables} tables of {@code columns} columns each, every table referencing the previous one. */
    static SchemaSnapshot wide(int tables, int columns) {
        List<Relation> relations = new ArrayList<>();
        String[] words = {"amount", "status", "created", "name", "code", "country", "city", "price", "quantity", "note"};
        for (int t = 1; t <= tables; t++) {
            List<Column> cols = new ArrayList<>();
            cols.add(Column.of("id", "bigint"));
            List<ForeignKey> fks = new ArrayList<>();
            if (t > 1) {
                cols.add(Column.of("parent_id", "bigint"));
                fks.add(new ForeignKey("t" + t + "_fk", List.of("parent_id"), QualifiedName.of("public", table(t - 1)), List.of("id")));
            }
            for (int c = cols.size(); c < columns; c++) {
                cols.add(Column.of(words[(t + c) % words.length] + "_" + c, "text"));
            }
            relations.add(new Relation(QualifiedName.of("public", table(t)), RelationKind.TABLE, cols, List.of("id"), fks, List.of(),
                    Optional.of("Synthetic table " + t + " about " + words[t % words.length]), Optional.empty()));
        }
        return SchemaSnapshot.of(DatabaseName.of("wide"), relations, List.of(), Instant.EPOCH);
    }

    static String table(int t) {
        return "wide_t" + String.format("%04d", t);
    }
}
