package dev.nl2sql.domain.schema;

/** What kind of relation a name in the catalog stands for. */
public enum RelationKind {
    TABLE,
    VIEW,
    MATERIALIZED_VIEW,
    FOREIGN_TABLE,
    PARTITIONED_TABLE
}
