package dev.nl2sql.mcp.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.domain.error.Result;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArgumentsTest {

    private static final DatabaseIdentity SHOP = new DatabaseIdentity(DatabaseName.of("shop"), "127.0.0.1", 5432, "shop", "reader");
    private static final DatabaseIdentity HR = new DatabaseIdentity(DatabaseName.of("hr"), "127.0.0.1", 5432, "hr", "reader");

    @Test
    void omittedDatabaseIsTheOnlyConfiguredOne() {
        assertThat(Arguments.database(Optional.empty(), List.of(SHOP))).isEqualTo(Result.ok(DatabaseName.of("shop")));
    }

    @Test
    void omittedDatabaseAmongSeveralIsUnknownAndNamesThem() {
        Result<DatabaseName> result = Arguments.database(Optional.empty(), List.of(SHOP, HR));

        assertThat(result).isInstanceOfSatisfying(Result.Err.class, err -> {
            assertThat(err.failure().code()).isEqualTo(ErrorCode.DB_UNKNOWN);
            assertThat(err.failure().message()).contains("shop", "hr");
        });
    }

    @Test
    void unknownOrMalformedNameIsUnknown() {
        assertThat(Arguments.database(Optional.of("nope"), List.of(SHOP))).isInstanceOf(Result.Err.class);
        assertThat(Arguments.database(Optional.of("Robert'); DROP"), List.of(SHOP))).isInstanceOf(Result.Err.class);
    }

    @Test
    void namedDatabaseIsFound() {
        assertThat(Arguments.database(Optional.of("hr"), List.of(SHOP, HR))).isEqualTo(Result.ok(DatabaseName.of("hr")));
    }
}
