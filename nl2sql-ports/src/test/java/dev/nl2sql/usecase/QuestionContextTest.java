package dev.nl2sql.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.linking.ColumnRef;
import dev.nl2sql.domain.linking.SchemaLinker;
import dev.nl2sql.domain.linking.Synonyms;
import dev.nl2sql.domain.offline.OfflineGenerator;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.RelationKind;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.port.Cancellation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The sampled column values a question is read against: a failed sample is taken again after a while (at once when its
 * question's cancellation ended it), a good one kept, and only for each database's newest schema version.
 */
class QuestionContextTest {

    private static final DatabaseName SHOP = DatabaseName.of("shop");
    private static final DatabaseName OUTLET = DatabaseName.of("outlet");
    private static final Duration RETRY = Duration.ofMinutes(1);
    private static final QualifiedName CUSTOMER = QualifiedName.of("public", "customer");
    private static final SchemaSnapshot SCHEMA = SchemaSnapshot.of(SHOP,
            List.of(Relation.of(CUSTOMER, RelationKind.TABLE, List.of(Column.of("id", "integer"), Column.of("country", "text")))),
            List.of(), Instant.parse("2026-01-01T00:00:00Z"));
    private static final Result<Map<ColumnRef, List<String>>> SAMPLED =
            Result.ok(Map.of(new ColumnRef(CUSTOMER, "country"), List.of("Brazil", "Canada")));
    private static final Result<Map<ColumnRef, List<String>>> LOCKED =
            Result.err(new Failure.DatabaseError(SHOP, "55P03", "canceling statement due to lock timeout"));
    private static final Result<Map<ColumnRef, List<String>>> CANCELLED =
            Result.err(new Failure.DatabaseError(SHOP, "57014", "sampling column values was cancelled"));

    private final AtomicLong now = new AtomicLong(123_456_789L);
    private final Deque<Result<Map<ColumnRef, List<String>>>> script = new ConcurrentLinkedDeque<>();
    private final AtomicInteger samples = new AtomicInteger();
    private final List<DatabaseName> sampled = new CopyOnWriteArrayList<>();
    private final CountDownLatch retrying = new CountDownLatch(1);
    /** Holds the second sample (the first retry) until counted down; open unless a test closes it. */
    private volatile CountDownLatch retryMayEnd = new CountDownLatch(0);
    private final QuestionContext context = new QuestionContext(database -> {
        sampled.add(database);
        if (samples.incrementAndGet() == 2) {
            retrying.countDown();
            await(retryMayEnd);
        }
        return script.removeFirst();
    }, new SchemaLinker(Synonyms.DEFAULT, SchemaLinker.DEFAULT_TOKEN_BUDGET), new OfflineGenerator(Synonyms.DEFAULT), RETRY, now::get);

    private void ask() {
        askOn(SCHEMA);
    }

    private void askOn(SchemaSnapshot schema) {
        context.render("customers in Brazil", schema);
    }

    /** {@return the shop's schema after {@code migrations} migrations, each adding a column, read a minute after the one before} */
    private static SchemaSnapshot migrated(int migrations) {
        List<Column> columns = new ArrayList<>(SCHEMA.relations().getFirst().columns());
        for (int i = 1; i <= migrations; i++) {
            columns.add(Column.of("note_" + i, "text"));
        }
        return SchemaSnapshot.of(SHOP, List.of(Relation.of(CUSTOMER, RelationKind.TABLE, columns)), List.of(),
                SCHEMA.readAt().plus(Duration.ofMinutes(migrations)));
    }

    private void wait(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aFailedSampleIsTakenAgainByAQuestionOnceTheRetryIntervalHasPassed() {
        script.addAll(List.of(LOCKED, SAMPLED));
        ask();

        wait(RETRY);
        ask();

        assertThat(samples).hasValue(2);
    }

    @Test
    void aFailedSampleServesItsFallbackWithoutSamplingBeforeTheRetryInterval() {
        script.addAll(List.of(LOCKED, SAMPLED));
        ask();

        wait(RETRY.minusNanos(1));
        ask();

        assertThat(samples).hasValue(1);
    }

    @Test
    void aSampleEndedByItsQuestionsCancellationIsTakenAgainByTheNextQuestion() {
        script.addAll(List.of(CANCELLED, SAMPLED));
        Cancellation cancelled = new Cancellation();
        cancelled.cancel();
        cancelled.within(() -> context.render("customers in Brazil", SCHEMA));

        ask();

        assertThat(samples).hasValue(2);
    }

    @Test
    void aRetryThatFailsAgainWaitsAnotherInterval() {
        script.addAll(List.of(LOCKED, LOCKED, SAMPLED));
        ask();
        wait(RETRY);
        ask();

        wait(RETRY.minusNanos(1));
        ask();

        assertThat(samples).hasValue(2);
    }

    @Test
    void questionsAskedWhileARetryRunsKeepTheFallbackInsteadOfSamplingOrWaiting() throws Exception {
        script.addAll(List.of(LOCKED, SAMPLED));
        retryMayEnd = new CountDownLatch(1);
        ask();
        wait(RETRY);
        try (ExecutorService questions = Executors.newFixedThreadPool(2)) {
            Future<?> retry = questions.submit(this::ask);
            await(retrying);

            questions.submit(this::ask).get(10, TimeUnit.SECONDS); // would wait for the retry if it shared it
            retryMayEnd.countDown();
            retry.get(10, TimeUnit.SECONDS);
        }

        assertThat(samples).hasValue(2);
    }

    @Test
    void aSuccessfulSampleIsKeptForItsSchemaVersion() {
        script.addAll(List.of(SAMPLED, SAMPLED));
        ask();

        wait(Duration.ofHours(1));
        ask();

        assertThat(samples).hasValue(1);
    }

    @Test
    void onlyTheNewestSchemaVersionsSampleIsKeptSoAQuestionOnAnOlderOneSamplesAgain() {
        for (int migrations = 0; migrations <= 4; migrations++) {
            script.add(SAMPLED);
            askOn(migrated(migrations));
        }

        for (int migrations = 0; migrations < 4; migrations++) {
            script.add(SAMPLED);
            askOn(migrated(migrations));
        }

        assertThat(samples).hasValue(5 + 4);
    }

    @Test
    void aQuestionOnAnOlderSchemaVersionDoesNotDisplaceTheNewerOnesSample() {
        script.addAll(List.of(SAMPLED, SAMPLED, SAMPLED));
        askOn(migrated(1));

        askOn(migrated(0)); // a question that got the schema just before the migration
        askOn(migrated(1));

        assertThat(samples).hasValue(2);
    }

    @Test
    void eachDatabaseKeepsASampleOfItsOwnEvenWhenTheirSchemasAreTheSame() {
        script.addAll(List.of(SAMPLED, SAMPLED, SAMPLED));
        SchemaSnapshot outlet = SchemaSnapshot.of(OUTLET, SCHEMA.relations(), SCHEMA.enums(), SCHEMA.readAt());

        askOn(SCHEMA);
        askOn(outlet);
        askOn(SCHEMA);
        askOn(outlet);

        assertThat(sampled).containsExactly(SHOP, OUTLET);
    }

    @Test
    void aRetryThatANewerSchemaVersionOvertookDoesNotPutTheOlderSampleBack() throws Exception {
        script.addAll(List.of(LOCKED, SAMPLED, SAMPLED, SAMPLED));
        retryMayEnd = new CountDownLatch(1);
        askOn(migrated(0));
        wait(RETRY);
        try (ExecutorService questions = Executors.newSingleThreadExecutor()) {
            Future<?> retry = questions.submit(() -> askOn(migrated(0)));
            await(retrying);

            askOn(migrated(1));
            retryMayEnd.countDown();
            retry.get(10, TimeUnit.SECONDS);
        }
        askOn(migrated(1));

        assertThat(samples).hasValue(3);
    }
}
