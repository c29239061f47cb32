package dev.nl2sql.domain.template;

/** The types a template parameter may have; each binds as a JDBC parameter, never as SQL text. */
public enum ParameterType {
    TEXT,
    INTEGER,
    DECIMAL,
    BOOLEAN,
    DATE,
    TIMESTAMP
}
