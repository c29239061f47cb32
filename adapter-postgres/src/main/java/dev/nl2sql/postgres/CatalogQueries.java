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
 *
 * <p>They read the catalogs alone wherever PostgreSQL allows it, so that a table another session holds locked (a
 * migration's {@code ALTER TABLE} in an open transaction) does not hold up the read: {@code pg_get_expr} with a relation
 * and {@code pg_get_indexdef} open the table, and so wait for its lock. Only what cannot be printed otherwise still
 * does: a generated column's expression, and the few indexes {@link #INDEXES} leaves to {@code pg_get_indexdef}
 * (expressions, a predicate, ...); the reader bounds that wait ({@link PostgresCatalogReader#LOCK_WAIT}).
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

    /**
     * Columns of the read relations, in order. A default is printed without its relation ({@code pg_get_expr(adbin, 0)}),
     * which {@code pg_get_expr} would open: a default cannot name a column, so the text is the same. A generated
     * column's expression does name columns, by number, and needs the relation ("expression contains variables"
     * without it).
     */
    private static final String COLUMNS = """
            SELECT a.attrelid::int8 AS oid, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
                   a.attnotnull, a.attidentity::text AS identity, a.attgenerated::text AS generated,
                   CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(d.adbin, 0)
                        ELSE pg_catalog.pg_get_expr(d.adbin, d.adrelid) END AS default_expression, ds.description,
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

    /**
     * Indexes with their plain columns in order (key columns, then included ones); expression parts appear only in the
     * definition. The definition is {@code pg_get_indexdef}'s text, built from the catalogs the way
     * {@code pg_get_indexdef} builds it (its clauses in its order, the same quoting), which needs no lock on the table.
     * {@code pg_get_indexdef} itself prints only an index this cannot print for certain: one with expressions or a
     * predicate (node trees that name columns by number), with operator class options, on a column whose type is a
     * domain over a domain, or whose operator class may or may not be its column type's default. The default is
     * {@code GetDefaultOpClass}'s choice: the access method's default class for the type, else the one for a
     * binary-compatible type, preferring a polymorphic or preferred type; a choice among several is left to
     * {@code pg_get_indexdef}. {@code CatalogDefinitionsTest} holds the text to {@code pg_get_indexdef}'s.
     */
    private static final String INDEXES = """
            SELECT x.indrelid::int8 AS oid, i.relname AS name, x.indisunique, x.indisprimary,
                   CASE WHEN k.certain AND x.indexprs IS NULL AND x.indpred IS NULL
                             AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute o
                                             WHERE o.attrelid = x.indexrelid AND o.attoptions IS NOT NULL)
                             -- an option value with a backslash prints as standard_conforming_strings has it
                             AND strpos(coalesce(array_to_string(i.reloptions, ''), ''), chr(92)) = 0
                        THEN 'CREATE ' || CASE WHEN x.indisunique THEN 'UNIQUE ' ELSE '' END || 'INDEX ' || quote_ident(i.relname)
                             || ' ON ' || CASE WHEN i.relkind = 'I' THEN 'ONLY ' ELSE '' END
                             || quote_ident(n.nspname) || '.' || quote_ident(c.relname) || ' USING ' || quote_ident(am.amname)
                             || ' (' || k.parts || ')'
                             -- indnullsnotdistinct is new in PostgreSQL 15: read by name, so that older servers run this too
                             || CASE WHEN to_jsonb(x) ->> 'indnullsnotdistinct' = 'true' THEN ' NULLS NOT DISTINCT' ELSE '' END
                             || coalesce(' WITH (' || (
                                    SELECT string_agg(quote_ident(split_part(r.option, '=', 1)) || '='
                                                      || CASE WHEN quote_ident(r.value) = r.value THEN r.value ELSE quote_literal(r.value) END,
                                                      ', ' ORDER BY r.position)
                                    FROM (SELECT option, position,
                                                 CASE WHEN strpos(option, '=') = 0 THEN '' ELSE substr(option, strpos(option, '=') + 1) END
                                          FROM unnest(i.reloptions) WITH ORDINALITY AS o(option, position)) AS r(option, position, value)
                                ) || ')', '')
                        ELSE pg_catalog.pg_get_indexdef(x.indexrelid) END AS definition,
                   k.columns
            FROM pg_catalog.pg_index x
            JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
            JOIN pg_catalog.pg_am am ON am.oid = i.relam
            JOIN pg_catalog.pg_class c ON c.oid = x.indrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN (
                SELECT k.indexrelid, bool_and(k.certain) AS certain,
                       string_agg(CASE WHEN k.position = k.indnkeyatts + 1 THEN ') INCLUDE (' WHEN k.position > 1 THEN ', ' ELSE '' END
                                  || k.text, '' ORDER BY k.position) AS parts,
                       coalesce(array_agg(k.attname ORDER BY k.position) FILTER (WHERE k.attname IS NOT NULL), '{}') AS columns
                FROM (
                    SELECT x.indexrelid, x.indnkeyatts, u.position, a.attname::text,
                           coalesce(a.attnum IS NOT NULL AND (u.position > x.indnkeyatts
                                    OR bt.typtype <> 'd' AND (NOT opc.opcdefault OR d.omitted OR d.exact)), false) AS certain,
                           quote_ident(a.attname) || CASE WHEN u.position > x.indnkeyatts THEN '' ELSE
                               CASE WHEN u.coll = 0 OR u.coll = a.attcollation THEN ''
                                    WHEN pg_catalog.pg_collation_is_visible(co.oid) THEN ' COLLATE ' || quote_ident(co.collname)
                                    ELSE ' COLLATE ' || quote_ident(con.nspname) || '.' || quote_ident(co.collname) END
                               || CASE WHEN d.omitted THEN ''
                                       WHEN pg_catalog.pg_opclass_is_visible(opc.oid) THEN ' ' || quote_ident(opc.opcname)
                                       ELSE ' ' || quote_ident(opcn.nspname) || '.' || quote_ident(opc.opcname) END
                               || CASE WHEN NOT pg_catalog.pg_indexam_has_property(i.relam, 'can_order') THEN ''
                                       WHEN u.opt & 1 = 1 THEN ' DESC' || CASE WHEN u.opt & 2 = 0 THEN ' NULLS LAST' ELSE '' END
                                       WHEN u.opt & 2 = 2 THEN ' NULLS FIRST' ELSE '' END
                           END AS text
                    FROM pg_catalog.pg_index x
                    JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
                    JOIN pg_catalog.pg_class c ON c.oid = x.indrelid
                    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                    CROSS JOIN LATERAL unnest(x.indkey::int2[], x.indclass::oid[], x.indcollation::oid[], x.indoption::int2[])
                         WITH ORDINALITY AS u(attnum, opclass, coll, opt, position)
                    LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = u.attnum
                    LEFT JOIN pg_catalog.pg_type ct ON ct.oid = a.atttypid
                    LEFT JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN ct.typtype = 'd' THEN ct.typbasetype ELSE ct.oid END
                    LEFT JOIN pg_catalog.pg_collation co ON co.oid = u.coll
                    LEFT JOIN pg_catalog.pg_namespace con ON con.oid = co.collnamespace
                    LEFT JOIN pg_catalog.pg_opclass opc ON opc.oid = u.opclass
                    LEFT JOIN pg_catalog.pg_namespace opcn ON opcn.oid = opc.opcnamespace
                    LEFT JOIN pg_catalog.pg_type ot ON ot.oid = opc.opcintype
                    LEFT JOIN (SELECT DISTINCT opcmethod, opcintype FROM pg_catalog.pg_opclass WHERE opcdefault) AS dflt
                           ON dflt.opcmethod = opc.opcmethod AND dflt.opcintype = bt.oid
                    CROSS JOIN LATERAL (
                        SELECT dflt.opcmethod IS NOT NULL, opc.opcdefault AND (opc.opcintype = bt.oid OR dflt.opcmethod IS NULL
                                   AND (ot.typtype = 'p' OR ot.typispreferred AND ot.typcategory = bt.typcategory))
                    ) AS d(exact, omitted)
                    WHERE %1$s AND {0}
                ) k
                GROUP BY k.indexrelid
            ) k ON k.indexrelid = x.indexrelid
            WHERE %1$s AND {0}
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
