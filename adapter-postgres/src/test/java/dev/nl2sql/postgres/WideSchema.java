package dev.nl2sql.postgres;

/**
 * The DDL of a wide schema, as one script: {@code tables} tables in schema {@code wide}, each with an id primary key,
 * a {@code parent_id} foreign key to the previous table, 18 typed columns and a comment.
 */
final class WideSchema {

    static final String SCHEMA = "wide";
    static final int COLUMNS_PER_TABLE = 20;

    private static final String[] TYPES = {
        "text", "integer", "bigint", "numeric(12,2)", "timestamptz", "date", "boolean", "jsonb", "uuid",
        "text[]", "inet", "varchar(64)", "double precision", "smallint", "bytea", "interval", "time", "char(3)"
    };

    private WideSchema() {}

    /** {@return the script that creates the schema, in one transaction} */
    static String ddl(int tables) {
        StringBuilder sql = new StringBuilder("BEGIN;\nCREATE SCHEMA " + SCHEMA + ";\n");
        for (int t = 0; t < tables; t++) {
            sql.append("CREATE TABLE ").append(table(t)).append(" (id bigint PRIMARY KEY, parent_id bigint");
            if (t > 0) {
                sql.append(" REFERENCES ").append(table(t - 1)).append(" (id)");
            }
            for (int c = 0; c < TYPES.length; c++) {
                sql.append(", c").append(c + 1).append(' ').append(TYPES[c]);
            }
            sql.append(");\nCOMMENT ON TABLE ").append(table(t)).append(" IS 'Table number ").append(t).append("';\n");
        }
        return sql.append("COMMIT;\n").toString();
    }

    private static String table(int number) {
        return SCHEMA + ".t" + String.format("%04d", number);
    }
}
