package dev.nl2sql.library;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.generation.ChatReply;
import dev.nl2sql.domain.generation.ChatRequest;
import dev.nl2sql.domain.query.TokenUsage;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.library.config.DatabaseConfig;
import dev.nl2sql.port.LanguageModel;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The library tests' shop: three customers, and what an embedding application brings (its pool, its model). */
final class Shop {

    static final String SCHEMA = """
            CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, city text NOT NULL);
            INSERT INTO customers VALUES (1, 'Ada', 'London'), (2, 'Grace', 'New York'), (3, 'Linus', 'Helsinki');
            CREATE FUNCTION shout(t text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT upper(t)';
            """;

    private Shop() {}

    static void create(TestDatabase db) throws SQLException {
        db.execute(SCHEMA);
    }

    /** {@return the host application's own pool, read-write as applications' pools are} */
    static HikariDataSource hostPool(TestDatabase db) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.server().user());
        if (!db.server().password().isEmpty()) {
            config.setPassword(db.server().password());
        }
        config.setMaximumPoolSize(4);
        config.setPoolName("host-pool");
        return new HikariDataSource(config);
    }

    /** {@return the shop as a configured database: nl2sql's own pool} */
    static DatabaseConfig configured(TestDatabase db) {
        DatabaseConfig shop = DatabaseConfig.of("shop", db.server().host(), db.server().port(), db.name(), db.server().user());
        return db.server().password().isEmpty() ? shop : shop.withPassword(db.server().password());
    }

    /** A model that always answers with {@code sql}, and remembers what it was asked. */
    static final class ScriptedModel implements LanguageModel {
        final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
        private final String sql;

        ScriptedModel(String sql) {
            this.sql = sql;
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public Result<ChatReply> chat(ChatRequest request) {
            requests.add(request);
            return Result.ok(new ChatReply("{\"sql\": \"" + sql + "\", \"explanation\": \"scripted\", \"confidence\": 0.9,"
                    + " \"tables\": [\"customers\"]}", new TokenUsage(10, 5), "scripted"));
        }
    }
}
