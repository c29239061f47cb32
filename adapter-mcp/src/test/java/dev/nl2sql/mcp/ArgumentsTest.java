package dev.nl2sql.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.domain.error.Result;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The tools' database argument; the choice itself is DatabaseChoice's, specified in nl2sql-ports. */
class ArgumentsTest {

    private static final DatabaseIdentity SHOP = new DatabaseIdentity(DatabaseName.of("shop"), "127.0.0.1", 5432, "shop", "reader");
    private static final DatabaseIdentity HR = new DatabaseIdentity(DatabaseName.of("hr"), "127.0.0.1", 5432, "hr", "reader");

    private static Arguments of(Map<String, Object> values) {
        return new Arguments(values, Optional.empty());
    }

    @Test
    void theDatabaseArgumentNamesTheDatabase() {
        assertThat(of(Map.of("database", "hr")).database(List.of(SHOP, HR))).isEqualTo(Result.ok(DatabaseName.of("hr")));
    }

    @Test
    void withoutTheDatabaseArgumentTheOnlyConfiguredOneIsUsed() {
        assertThat(of(Map.of()).database(List.of(SHOP))).isEqualTo(Result.ok(DatabaseName.of("shop")));
    }

    @Test
    void withoutTheDatabaseArgumentAmongSeveralTheCallFailsWithDbUnknownNamingThem() {
        Result<DatabaseName> result = of(Map.of("question", "how many?")).database(List.of(SHOP, HR));

        assertThat(result).isInstanceOfSatisfying(Result.Err.class, err -> {
            assertThat(err.failure().code()).isEqualTo(ErrorCode.DB_UNKNOWN);
            assertThat(err.failure().message()).contains("shop", "hr");
        });
    }
}
