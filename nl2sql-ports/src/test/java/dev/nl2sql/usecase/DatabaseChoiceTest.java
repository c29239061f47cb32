package dev.nl2sql.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatabaseChoiceTest {

    private static final DatabaseIdentity SHOP = new DatabaseIdentity(DatabaseName.of("shop"), "127.0.0.1", 5432, "shop", "reader");
    private static final DatabaseIdentity HR = new DatabaseIdentity(DatabaseName.of("hr"), "127.0.0.1", 5432, "hr", "reader");

    @Test
    void theNamedDatabaseIsChosen() {
        assertThat(DatabaseChoice.choose(Optional.of("hr"), List.of(SHOP, HR))).isEqualTo(Result.ok(DatabaseName.of("hr")));
    }

    @Test
    void blanksAroundTheNameAreIgnored() {
        assertThat(DatabaseChoice.choose(Optional.of(" hr\n"), List.of(SHOP, HR))).isEqualTo(Result.ok(DatabaseName.of("hr")));
    }

    @Test
    void namingNoneChoosesTheOnlyOneConfigured() {
        assertThat(DatabaseChoice.choose(Optional.empty(), List.of(SHOP))).isEqualTo(Result.ok(DatabaseName.of("shop")));
    }

    @Test
    void aBlankNameNamesNone() {
        assertThat(DatabaseChoice.choose(Optional.of("  "), List.of(SHOP))).isEqualTo(Result.ok(DatabaseName.of("shop")));
    }

    @Test
    void namingNoneAmongSeveralIsUnknownAndListsThem() {
        assertThat(DatabaseChoice.choose(Optional.empty(), List.of(SHOP, HR)))
                .isEqualTo(Result.err(new Failure.UnknownDatabase("", List.of(DatabaseName.of("shop"), DatabaseName.of("hr")))));
        assertThat(new Failure.UnknownDatabase("", List.of(DatabaseName.of("shop"), DatabaseName.of("hr"))).message())
                .isEqualTo("no database was named and several are configured: shop, hr");
    }

    @Test
    void namingNoneWithNoneConfiguredIsUnknown() {
        Result<DatabaseName> none = DatabaseChoice.choose(Optional.empty(), List.of());

        assertThat(none).isEqualTo(Result.err(new Failure.UnknownDatabase("", List.of())));
        assertThat(((Result.Err<DatabaseName>) none).failure().message()).isEqualTo("no database is configured");
    }

    @Test
    void anUnconfiguredOrMalformedNameIsUnknownAndListsTheConfigured() {
        assertThat(DatabaseChoice.choose(Optional.of("nope"), List.of(SHOP)))
                .isEqualTo(Result.err(new Failure.UnknownDatabase("nope", List.of(DatabaseName.of("shop")))));
        assertThat(DatabaseChoice.choose(Optional.of("Robert'); DROP"), List.of(SHOP)))
                .isEqualTo(Result.err(new Failure.UnknownDatabase("Robert'); DROP", List.of(DatabaseName.of("shop")))));
    }

}
