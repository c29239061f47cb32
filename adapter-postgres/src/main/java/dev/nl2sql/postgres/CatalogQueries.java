package dev.nl2sql.postgres;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The five set-based pg_catalog queries the catalog reader runs, whatever the number of tables. jOOQ's {@code meta()}
 * is not used: it re-reads every table on each foreign-key and index lookup and took about a minute at 1,000 tables.
 * Each query carries the schema filter as {@code {0}} over the namespace alias {@code n}.
 */
final class CatalogQueries {

    /** Tables, views, materialized views, foreign and partitioned tables; partitions are reached through their parent. */
    private static final String RELATION_KINDS = "c.relkind IN ('r', 'v', 'm', 'f', 'p') AND NOT c.relispartition";

    private static final String RELATIONS = """
            SELECT c.oid::int8 AS oid, n.nspname, c.relname, c.relkind::text AS relkind,
                   ds.description, c.reltuples::float8 AS reltuples
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_catalog.pg_description ds
                   ON ds.objoid = c.oid AND ds.classoid = 'pg_catalog.pg_class'::regclass AND ds.objsubid = 0
            WHERE %s AND {0}
            """.formatted(RELATION_KINDS);

    private static final String COLUMNS = """
            SELECT a.attrelid::int8 AS oid, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
                   a.attnotnull, a.attidentity::text AS identity, a.attgenerated::text AS generated,
                   pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS default_expression, ds.description,
                   CASE WHEN t.typtype = 'e' THEN tn.nspname END AS enum_schema,
                   CASE WHEN t.typtype = 'e' THEN t.typname END AS enum_name
            FROM pg_catalog.pg_attribute a
            JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
            JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace
            LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            LEFT JOIN pg_catalog.pg_description ds
                   ON ds.objoid = a.attrelid AND ds.classoid = 'pg_catalog.pg_class'::regclass AND ds.objsubid = a.attnum
            WHERE a.attnum > 0 AND NOT a.attisdropped AND %s AND {0}
            ORDER BY a.attrelid, a.attnum
            """.formatted(RELATION_KINDS);

    /** Primary and foreign keys, one row per key column, paired with the referenced column by position. */
    private static final String KEYS = """
            SELECT k.conrelid::int8 AS oid, k.contype::text AS contype, k.conname,
                   rn.nspname AS referenced_schema, r.relname AS referenced_name,
                   a.attname, ra.attname AS referenced_attname
            FROM pg_catalog.pg_constraint k
            JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            CROSS JOIN LATERAL unnest(k.conkey, k.confkey) WITH ORDINALITY AS u(attnum, referenced_attnum, position)
            JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum
            LEFT JOIN pg_catalog.pg_class r ON r.oid = k.confrelid
            LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace
            LEFT JOIN pg_catalog.pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = u.referenced_attnum
            WHERE k.contype IN ('p', 'f') AND %s AND {0}
            ORDER BY k.conrelid, k.contype, k.conname, u.position
            """.formatted(RELATION_KINDS);

    /** Indexes with their plain key columns in order; expression parts appear only in the definition. */
    private static final String INDEXES = """
            SELECT x.indrelid::int8 AS oid, i.relname AS name, x.indisunique, x.indisprimary,
                   pg_catalog.pg_get_indexdef(x.indexrelid) AS definition,
                   ARRAY(SELECT a.attname::text
                         FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS u(attnum, position)
                         JOIN pg_catalog.pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = u.attnum
                         ORDER BY u.position) AS columns
            FROM pg_catalog.pg_index x
            JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
            JOIN pg_catalog.pg_class c ON c.oid = x.indrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE %s AND {0}
            ORDER BY x.indrelid, i.relname
            """.formatted(RELATION_KINDS);

    /** Enum types in the read schemas, or used by a column of a read relation wherever they live. */
    private static final String ENUMS = """
            SELECT n.nspname, t.typname, e.enumlabel
            FROM pg_catalog.pg_enum e
            JOIN pg_catalog.pg_type t ON t.oid = e.enumtypid
            JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
            WHERE {0} OR t.oid IN (
                SELECT a.atttypid
                FROM pg_catalog.pg_attribute a
                JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE a.attnum > 0 AND NOT a.attisdropped AND {0})
            ORDER BY n.nspname, t.typname, e.enumsortorder
            """;

    private final DSLContext context;
    private final Condition schemas;

    CatalogQueries(DSLContext context, SchemaFilter filter) {
        this.context = context;
        this.schemas = schemaCondition(DSL.field(DSL.name("n", "nspname"), String.class), filter);
    }

    Result<Record> relations() {
        return context.resultQuery(RELATIONS, schemas).fetch();
    }

    Result<Record> columns() {
        return context.resultQuery(COLUMNS, schemas).fetch();
    }

    Result<Record> keys() {
        return context.resultQuery(KEYS, schemas).fetch();
    }

    Result<Record> indexes() {
        return context.resultQuery(INDEXES, schemas).fetch();
    }

    Result<Record> enums() {
        return context.resultQuery(ENUMS, schemas).fetch();
    }

    private static Condition schemaCondition(Field<String> schema, SchemaFilter filter) {
        Condition condition = schema.notIn("pg_catalog", "information_schema")
                .and(schema.notLike("pg\\_toast%"))
                .and(schema.notLike("pg\\_temp\\_%"));
        if (!filter.include().isEmpty()) {
            condition = condition.and(DSL.condition("{0} LIKE ANY ({1})", schema, patterns(filter.includeLikePatterns())));
        }
        if (!filter.exclude().isEmpty()) {
            condition = condition.andNot(DSL.condition("{0} LIKE ANY ({1})", schema, patterns(filter.excludeLikePatterns())));
        }
        return condition;
    }

    private static Field<String[]> patterns(java.util.List<String> likePatterns) {
        return DSL.val(likePatterns.toArray(String[]::new), SQLDataType.VARCHAR.array());
    }
}
