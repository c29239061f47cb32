package com.example.shop;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.generation.Answer;
import dev.nl2sql.domain.generation.ChatReply;
import dev.nl2sql.domain.generation.ChatRequest;
import dev.nl2sql.domain.generation.Generation;
import dev.nl2sql.domain.query.TokenUsage;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.library.Nl2Sql;
import dev.nl2sql.port.LanguageModel;
import java.sql.Connection;
import java.sql.Statement;

/**
 * An application with its own connection pool and its own (here: scripted) language model asks nl2sql a question.
 * Usage: AskTheShop [jdbc-url]; default jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres.
 */
public final class AskTheShop {

    /** The application's model client: a real one would call its provider; this one knows one answer. */
    static final class ScriptedModel implements LanguageModel {
        @Override
        public String name() {
            return "example-scripted";
        }

        @Override
        public Result<ChatReply> chat(ChatRequest request) {
            String reply = """
                    {"sql": "SELECT city, count(*) AS customers FROM example_shop.customers GROUP BY city ORDER BY customers DESC, city",
                     "explanation": "Customers per city", "confidence": 0.9, "tables": ["example_shop.customers"]}""";
            return Result.ok(new ChatReply(reply, new TokenUsage(0, 0), name()));
        }
    }

    public static void main(String[] args) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
        config.setMaximumPoolSize(4);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            createShop(pool);
            try {
                try (Nl2Sql nl2sql = Nl2Sql.builder().dataSource("shop", pool).languageModel(new ScriptedModel()).build()) {
                    Answer answer = nl2sql.ask("shop", "How many customers live in each city?");
                    if (answer.generation() instanceof Generation.Generated generated) {
                        System.out.println("SQL: " + generated.query().sql());
                    }
                    switch (answer.rows().orElseThrow()) {
                        case QueryOutcome.Succeeded ok -> ok.result().rows().forEach(row -> System.out.println(row.get(0) + " | " + row.get(1)));
                        case QueryOutcome.Failed failed -> throw new IllegalStateException(failed.failure().message());
                    }
                    QueryOutcome write = nl2sql.run("shop", "DELETE FROM example_shop.customers");
                    System.out.println("DELETE through nl2sql: " + (write instanceof QueryOutcome.Failed f ? "refused, " + f.failure().code() : "RAN"));
                }
                System.out.println("host pool still open after nl2sql closed: " + !pool.isClosed());
            } finally {
                try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                    statement.execute("DROP SCHEMA example_shop CASCADE");
                }
            }
        }
    }

    private static void createShop(HikariDataSource pool) throws Exception {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    DROP SCHEMA IF EXISTS example_shop CASCADE;
                    CREATE SCHEMA example_shop;
                    CREATE TABLE example_shop.customers (id int PRIMARY KEY, name text NOT NULL, city text NOT NULL);
                    INSERT INTO example_shop.customers VALUES (1, 'Ada', 'London'), (2, 'Grace', 'New York'), (3, 'Alan', 'London');
                    """);
        }
    }
}
