package dev.nl2sql.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.RelationKind;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.port.Cancellation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CachedSchemaCatalogTest {

    private static final DatabaseName SHOP = DatabaseName.of("shop");
    private static final Duration TTL = Duration.ofMinutes(5);

    private final MutableClock clock = new MutableClock();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicReference<List<String>> liveColumns = new AtomicReference<>(List.of("id"));
    private final List<String> changes = new ArrayList<>();

    private Result<SchemaSnapshot> readLive(DatabaseName database) {
        reads.incrementAndGet();
        List<Column> columns = liveColumns.get().stream().map(c -> Column.of(c, "integer")).toList();
        return Result.ok(SchemaSnapshot.of(database, List.of(Relation.of(QualifiedName.of("public", "item"), RelationKind.TABLE, columns)),
                List.of(), clock.instant()));
    }

    private CachedSchemaCatalog catalog() {
        return new CachedSchemaCatalog(this::readLive, TTL, Runnable::run, clock,
                (before, after) -> changes.add(before.fingerprint() + "->" + after.fingerprint()));
    }

    @Test
    void concurrentFirstReadersShareOneReadAndItsFailure() throws Exception {
        java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        CachedSchemaCatalog catalog = new CachedSchemaCatalog(database -> {
            reads.incrementAndGet();
            reading.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Result.err(new Failure.DatabaseUnavailable(database, "no answer", false));
        }, TTL, Runnable::run, clock, (before, after) -> { });
        try (var readers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<Result<SchemaSnapshot>>> results = new ArrayList<>();
            results.add(readers.submit(() -> catalog.snapshot(SHOP)));
            reading.await();
            java.util.concurrent.CountDownLatch asking = new java.util.concurrent.CountDownLatch(9);
            for (int i = 0; i < 9; i++) {
                results.add(readers.submit(() -> {
                    asking.countDown();
                    return catalog.snapshot(SHOP);
                }));
            }
            asking.await();
            Thread.sleep(200); // from asking to waiting on the first read is a few instructions
            release.countDown();
            for (var result : results) {
                assertThat(result.get()).isInstanceOf(Result.Err.class);
            }
        }
        assertThat(reads).as("reads of an unreachable database for ten readers at once").hasValue(1);
    }

    @Test
    void aFirstReadEndedByItsCallersCancellationIsReadAgainForThoseWaitingOnIt() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CachedSchemaCatalog catalog = new CachedSchemaCatalog(database -> {
            if (reads.get() > 0) {
                return readLive(database);
            }
            reads.incrementAndGet();
            reading.countDown();
            await(release);
            return Result.err(new Failure.DatabaseError(database, "57014", "reading the schema was cancelled"));
        }, TTL, Runnable::run, clock, (before, after) -> { });
        Cancellation cancelled = new Cancellation();
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            var first = callers.submit(() -> cancelled.within(() -> catalog.snapshot(SHOP)));
            await(reading);
            var waiting = callers.submit(() -> catalog.snapshot(SHOP));
            Thread.sleep(200); // from submitted to waiting on the first read is a few instructions

            cancelled.cancel();
            release.countDown();

            assertThat(first.get()).isInstanceOf(Result.Err.class);
            assertThat(waiting.get()).isInstanceOf(Result.Ok.class);
        }
        assertThat(reads).hasValue(2);
    }

    @Test
    void readsOnceAndServesFromMemoryWithinTheTtl() {
        CachedSchemaCatalog catalog = catalog();

        SchemaSnapshot first = catalog.snapshot(SHOP).orElseThrow();
        clock.advance(TTL.minusSeconds(1));
        SchemaSnapshot second = catalog.snapshot(SHOP).orElseThrow();

        assertThat(second).isSameAs(first);
        assertThat(reads).hasValue(1);
    }

    @Test
    void afterTheTtlServesTheCachedSnapshotAndRefreshesBehind() {
        ExecutorService background = Executors.newSingleThreadExecutor();
        CountDownLatch refreshStarted = new CountDownLatch(1);
        CountDownLatch releaseRefresh = new CountDownLatch(1);
        CachedSchemaCatalog catalog = new CachedSchemaCatalog(database -> {
            if (reads.get() > 0) {
                refreshStarted.countDown();
                await(releaseRefresh);
            }
            return readLive(database);
        }, TTL, background, clock, (a, b) -> {});
        SchemaSnapshot first = catalog.snapshot(SHOP).orElseThrow();
        clock.advance(TTL.plusSeconds(1));

        SchemaSnapshot duringRefresh = catalog.snapshot(SHOP).orElseThrow(); // must not wait for the slow read
        await(refreshStarted);
        SchemaSnapshot stillDuringRefresh = catalog.snapshot(SHOP).orElseThrow();
        releaseRefresh.countDown();
        background.shutdown();
        awaitTermination(background);

        assertThat(duringRefresh).isSameAs(first);
        assertThat(stillDuringRefresh).isSameAs(first);
        assertThat(catalog.snapshot(SHOP).orElseThrow()).isNotSameAs(first);
        assertThat(reads).hasValue(2);
    }

    @Test
    void explicitRefreshReadsNowAndReportsAChangedFingerprint() {
        CachedSchemaCatalog catalog = catalog();
        SchemaSnapshot before = catalog.snapshot(SHOP).orElseThrow();

        liveColumns.set(List.of("id", "price"));
        SchemaSnapshot after = catalog.refresh(SHOP).orElseThrow();

        assertThat(after.fingerprint()).isNotEqualTo(before.fingerprint());
        assertThat(catalog.snapshot(SHOP).orElseThrow()).isSameAs(after);
        assertThat(changes).containsExactly(before.fingerprint() + "->" + after.fingerprint());
    }

    @Test
    void unchangedSchemaReportsNoChange() {
        CachedSchemaCatalog catalog = catalog();
        catalog.snapshot(SHOP);

        catalog.refresh(SHOP);

        assertThat(changes).isEmpty();
    }

    @Test
    void failedBackgroundReadKeepsServingTheOldSnapshot() {
        AtomicInteger calls = new AtomicInteger();
        CachedSchemaCatalog catalog = new CachedSchemaCatalog(database -> calls.incrementAndGet() == 1
                ? readLive(database)
                : Result.err(new Failure.DatabaseUnavailable(database, "down", false)), TTL, Runnable::run, clock, (a, b) -> {});
        SchemaSnapshot first = catalog.snapshot(SHOP).orElseThrow();
        clock.advance(TTL.plusSeconds(1));

        catalog.snapshot(SHOP);

        assertThat(catalog.snapshot(SHOP).orElseThrow()).isSameAs(first);
    }

    @Test
    void firstReadFailureIsReturnedAndRetriedNextTime() {
        AtomicInteger calls = new AtomicInteger();
        CachedSchemaCatalog catalog = new CachedSchemaCatalog(database -> calls.incrementAndGet() == 1
                ? Result.err(new Failure.DatabaseUnavailable(database, "down", false))
                : readLive(database), TTL, Runnable::run, clock, (a, b) -> {});

        assertThat(catalog.snapshot(SHOP)).isInstanceOf(Result.Err.class);
        assertThat(catalog.snapshot(SHOP)).isInstanceOf(Result.Ok.class);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(5, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTermination(ExecutorService executor) {
        try {
            assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
