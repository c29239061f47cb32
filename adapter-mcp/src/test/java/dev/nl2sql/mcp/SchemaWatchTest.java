package dev.nl2sql.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseHealth;
import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.RelationKind;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.sensitive.SensitiveData;
import dev.nl2sql.port.DatabaseProbe;
import dev.nl2sql.port.SchemaCatalog;
import dev.nl2sql.port.ViewLineage;
import dev.nl2sql.usecase.DatabasePolicy;
import dev.nl2sql.usecase.ExploreSchema;
import dev.nl2sql.usecase.SensitiveSchemaCatalog;
import dev.nl2sql.usecase.testing.TestUseCases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a schema change tells clients, with a catalog whose next read the test chooses. */
class SchemaWatchTest {

    private static final DatabaseName SHOP = DatabaseName.of("shop");

    /** The catalog as the database would be read: the test sets what the next read finds. */
    private final List<Relation> live = new ArrayList<>(List.of(table("orders", "id"), table("customers", "id"), table("salaries", "amount")));
    private final List<String> told = new ArrayList<>();

    private final SchemaWatch.Notifications notifications = new SchemaWatch.Notifications() {
        @Override
        public void updated(String uri) {
            told.add("updated " + uri);
        }

        @Override
        public void listChanged() {
            told.add("list_changed");
        }
    };

    /** Every read of the live catalog. */
    private int reads;
    /** Why the next reads fail, if they do (a migration's lock, say). */
    private Optional<Failure> failing = Optional.empty();
    private Optional<SchemaSnapshot> lastRead = Optional.empty();

    /** What the application reads the live catalog through: shop's policy hides salaries. */
    private final SchemaCatalog catalog = new SensitiveSchemaCatalog(new SchemaCatalog() {
        @Override
        public Result<SchemaSnapshot> snapshot(DatabaseName database) {
            return lastRead.isPresent() ? Result.ok(lastRead.get()) : refresh(database);
        }

        @Override
        public Result<SchemaSnapshot> refresh(DatabaseName database) {
            reads++;
            if (failing.isPresent()) {
                return Result.err(failing.get());
            }
            lastRead = Optional.of(SchemaSnapshot.of(database, List.copyOf(live), List.of(), Instant.now()));
            return Result.ok(lastRead.get());
        }

        @Override
        public Optional<SchemaSnapshot> cached(DatabaseName database) {
            return lastRead;
        }
    }, Map.of(SHOP, new DatabasePolicy(Limits.DEFAULT, Set.of(), new SensitiveData(List.of("salaries"), List.of(), List.of(), Optional.empty(),
            false))), ViewLineage.NONE);

    private final ExploreSchema explore = TestUseCases.defaults().withProbe(new OneDatabase()).withCatalog(catalog).build().exploreSchema();
    private final SchemaWatch watch = new SchemaWatch(explore);

    private static Relation table(String name, String... columns) {
        return Relation.of(new QualifiedName("public", name), RelationKind.TABLE, List.of(columns).stream().map(c -> Column.of(c, "integer")).toList());
    }

    @Test
    void aWatchClosedBeforeItStartedStartsNothing() {
        explore.schema(SHOP);
        watch.close();

        watch.start(Duration.ofMillis(1), notifications);

        assertThat(told).isEmpty();
    }

    @Test
    void aSchemaNobodyReadIsNotReadAndItsChangesAreNotTold() {
        watch.check(notifications);
        live.add(table("coupons", "code"));
        watch.check(notifications);

        assertThat(reads).isZero();
        assertThat(told).isEmpty();
    }

    @Test
    void aChangeSinceAClientReadTheSchemaIsToldAtTheFirstCheck() {
        explore.schema(SHOP);
        live.add(table("coupons", "code"));
        watch.check(notifications);

        assertThat(told).contains("updated nl2sql://databases/shop/tables/coupons", "list_changed");
    }

    @Test
    void nothingIsToldUntilTheSchemaChanges() {
        explore.schema(SHOP);
        watch.check(notifications);
        watch.check(notifications);

        assertThat(told).isEmpty();
    }

    @Test
    void aChangedTableIsToldToItsSubscribersByBothNames() {
        explore.schema(SHOP);
        watch.check(notifications);
        live.set(0, table("orders", "id", "gift_note"));
        watch.check(notifications);

        assertThat(told).containsExactly("updated nl2sql://databases/shop/schema", "updated nl2sql://databases/shop/tables/public.orders",
                "updated nl2sql://databases/shop/tables/orders");
    }

    @Test
    void aNewTableAlsoChangesTheList() {
        explore.schema(SHOP);
        watch.check(notifications);
        live.add(table("coupons", "code"));
        watch.check(notifications);

        assertThat(told).contains("updated nl2sql://databases/shop/tables/coupons", "list_changed");
    }

    @Test
    void aCheckWhoseReadFailsTellsNothingAndTheNextComparesWithTheLastSnapshot() {
        explore.schema(SHOP);
        watch.check(notifications);
        live.add(table("coupons", "code"));
        failing = Optional.of(Failure.Timeout.whileReadingSchema(SHOP, Duration.ofSeconds(2), true));
        watch.check(notifications);

        assertThat(told).isEmpty();

        failing = Optional.empty();
        watch.check(notifications);

        assertThat(told).containsExactly("updated nl2sql://databases/shop/schema", "updated nl2sql://databases/shop/tables/public.coupons",
                "updated nl2sql://databases/shop/tables/coupons", "list_changed");
    }

    @Test
    void aChangeToAHiddenTableIsNeverTold() {
        explore.schema(SHOP);
        watch.check(notifications);
        live.set(2, table("salaries", "amount", "bonus"));
        watch.check(notifications);

        assertThat(told).isEmpty();
    }

    private static final class OneDatabase implements DatabaseProbe {
        @Override
        public List<DatabaseIdentity> databases() {
            return List.of(new DatabaseIdentity(SHOP, "localhost", 5432, "shop", "nl2sql"));
        }

        @Override
        public DatabaseHealth probe(DatabaseIdentity database) {
            throw new UnsupportedOperationException("not probed by the watch");
        }
    }
}
