package dev.nl2sql.library.config;

import dev.nl2sql.domain.database.TlsSettings;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;

/**
 * A first configuration file for one database, with comments that say what each part does and what else can go there;
 * {@code nl2sql init} writes it. It never holds a password.
 */
public final class StarterConfig {

    private StarterConfig() {}

    /** {@return the YAML text of a configuration for {@code database}, written on {@code today}} */
    public static String render(DatabaseConfig database, LocalDate today) {
        String passwordVariable = "NL2SQL_" + database.name().value().toUpperCase(Locale.ROOT).replace('-', '_') + "_PASSWORD";
        TlsSettings tls = database.tls();
        StringBuilder yaml = new StringBuilder();
        yaml.append("""
                # nl2sql configuration, written by `nl2sql init` on %s.
                # Every field: docs/configuration.md. Check it with `nl2sql doctor`; serve MCP with `nl2sql serve`.
                databases:
                  - name: %s               # what clients call it (--db, the MCP tools' database argument)
                    host: %s
                    port: %d
                    database: %s
                    user: %s
                    # Passwords never go in this file. nl2sql reads it from the variable password_env names, else
                    # PGPASSWORD, else ~/.pgpass (host:port:database:user:password, chmod 600), as psql does.
                    # password_env: %s
                    sslmode: %s             # disable, allow, prefer, require, verify-ca, verify-full (use verify-full beyond this machine)
                """.formatted(today, database.name(), database.host(), database.port(), database.database(), database.user(),
                passwordVariable, tls.mode().libpqName()));
        line(yaml, "sslrootcert", tls.rootCert());
        line(yaml, "sslcert", tls.clientCert());
        line(yaml, "sslkey", tls.clientKey());
        if (tls.rootCert().isEmpty()) {
            yaml.append("    # sslrootcert: /path/to/server-ca.pem   # the CA that signed the server's certificate\n");
        }
        yaml.append("""
                    # read_only_role: nl2sql_reader          # SET ROLE on every connection (docs/sql/nl2sql-reader.sql)
                    # statement_timeout: 30s
                    # max_rows: 1000
                    # schemas: {include: [public]}
                    # sensitive:                            # hide or mask personal data; `nl2sql doctor` suggests columns
                    #   hidden_columns: [people.ssn]
                    #   masked: [{column: "*.email", mode: mask}]

                # llm:                                      # a model for questions the offline generator cannot answer
                #   base_url: https://api.openai.com/v1     # any OpenAI-compatible API (Ollama: http://127.0.0.1:11434/v1)
                #   model: gpt-4o-mini
                #   api_key_env: OPENAI_API_KEY
                # server: {transport: stdio}                # or http, with bind and port
                """);
        return yaml.toString();
    }

    private static void line(StringBuilder yaml, String field, java.util.Optional<Path> value) {
        value.ifPresent(v -> yaml.append("    ").append(field).append(": ").append(v).append('\n'));
    }
}
