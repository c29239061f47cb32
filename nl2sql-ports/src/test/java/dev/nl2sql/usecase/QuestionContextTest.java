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
import java.time.Duration;
import java.time.Instant;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The sampled column values a question is read against: a failed sample is taken again after a while, a good one kept. */
class QuestionContextTest {

    private static final DatabaseName SHOP = DatabaseName.of("shop");
    private static final Duration RETRY = Duration.ofMinutes(1);
    private static final QualifiedName CUSTOMER = QualifiedName.of("public", "customer");
    private static final SchemaSnapshot SCHEMA = SchemaSnapshot.of(SHOP,
            List.of(Relation.of(CUSTOMER, RelationKind.TABLE, List.of(Column.of("id", "integer"), Column.of("country", "text")))),
            List.of(), Instant.parse("2026-01-01T00:00:00Z"));
    private static final Result<Map<ColumnRef, List<String>>> SAMPLED =
            Result.ok(Map.of(new ColumnRef(CUSTOMER, "country"), List.of("Brazil", "Canada")));
    private static final Result<Map<ColumnRef, List<String>>> LOCKED =
            Result.err(new Failure.DatabaseError(SHOP, "55P03", "canceling statement due to lock timeout"));

    private final AtomicLong now = new AtomicLong(123_456_789L);
    private final Deque<Result<Map<ColumnRef, List<String>>>> script = new ConcurrentLinkedDeque<>();
    private final AtomicInteger samples = new AtomicInteger();
    private final CountDownLatch retrying = new CountDownLatch(1);
    /** Holds the second sample (the first retry) until counted down; open unless a test closes it. */
    private volatile CountDownLatch retryMayEnd = new CountDownLatch(0);
    private final QuestionContext context = new QuestionContext(database -> {
        if (samples.incrementAndGet() == 2) {
            retrying.countDown();
            await(retryMayEnd);
        }
        return script.removeFirst();
    }, new SchemaLinker(Synonyms.DEFAULT, SchemaLinker.DEFAULT_TOKEN_BUDGET), new OfflineGenerator(Synonyms.DEFAULT), RETRY, now::get);

    private void ask() {
        context.render("customers in Brazil", SCHEMA);
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
}
