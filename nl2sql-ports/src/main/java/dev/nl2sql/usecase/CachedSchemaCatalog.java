package dev.nl2sql.usecase;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.port.Cancellation;
import dev.nl2sql.port.SchemaCatalog;
import dev.nl2sql.port.SchemaSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema catalog that reads each database once and then serves from memory: stale-while-revalidate. After the TTL
 * a reader still gets the cached snapshot at once while one background read replaces it; a reader never waits on a
 * refresh, only on a database's very first read. A failed background read keeps the old snapshot.
 */
public final class CachedSchemaCatalog implements SchemaCatalog {

    /** The default time a snapshot is served before a background read replaces it. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(CachedSchemaCatalog.class);

    private final SchemaSource source;
    private final Duration ttl;
    private final Executor background;
    private final Clock clock;
    private final BiConsumer<SchemaSnapshot, SchemaSnapshot> onChange;
    private final Map<DatabaseName, Entry> entries = new ConcurrentHashMap<>();

    /**
     * @param background runs refreshes; a virtual-thread executor in production, a direct one in tests
     * @param onChange told (old, new) whenever a read finds a different fingerprint, e.g. to notify MCP clients
     */
    public CachedSchemaCatalog(SchemaSource source, Duration ttl, Executor background, Clock clock,
            BiConsumer<SchemaSnapshot, SchemaSnapshot> onChange) {
        this.source = requireNonNull(source, "source");
        this.ttl = requireNonNull(ttl, "ttl");
        this.background = requireNonNull(background, "background");
        this.clock = requireNonNull(clock, "clock");
        this.onChange = requireNonNull(onChange, "onChange");
    }

    private static final class Entry {
        volatile SchemaSnapshot snapshot;
        volatile Instant loadedAt;
        final AtomicBoolean refreshing = new AtomicBoolean();
        /** The first read under way, which every first reader shares (empty when its call was cancelled); null when none is. */
        final AtomicReference<CompletableFuture<Optional<Result<SchemaSnapshot>>>> firstRead = new AtomicReference<>();
    }

    @Override
    public Result<SchemaSnapshot> snapshot(DatabaseName database) {
        Entry entry = entries.computeIfAbsent(database, name -> new Entry());
        SchemaSnapshot cached = entry.snapshot;
        if (cached == null) {
            return firstRead(database, entry);
        }
        if (clock.instant().isAfter(entry.loadedAt.plus(ttl)) && entry.refreshing.compareAndSet(false, true)) {
            background.execute(() -> {
                try {
                    if (load(database, entry) instanceof Result.Err<SchemaSnapshot> err) {
                        LOG.warn("background schema read of {} failed, still serving the snapshot from {}: {}", database,
                                entry.loadedAt, err.failure().message());
                    }
                } finally {
                    entry.refreshing.set(false);
                }
            });
        }
        return Result.ok(cached);
    }

    /**
     * One first read per database, shared: readers that come while it runs get its result, a failure too. (Each waiting
     * in turn for a read of its own made a convoy: with the database unreachable, the tenth reader waited ten failed
     * connection attempts.) The read runs in the call of the reader that started it, so that call's cancellation stops
     * it; a read that failed because its call was cancelled is no one else's failure, and the others read again.
     */
    private Result<SchemaSnapshot> firstRead(DatabaseName database, Entry entry) {
        CompletableFuture<Optional<Result<SchemaSnapshot>>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<Result<SchemaSnapshot>>> running = entry.firstRead.compareAndExchange(null, mine);
        if (running != null) {
            return running.join().orElseGet(() -> snapshot(database));
        }
        try {
            Result<SchemaSnapshot> read = entry.snapshot != null ? Result.ok(entry.snapshot) : load(database, entry);
            boolean cancelled = read instanceof Result.Err<SchemaSnapshot>
                    && Cancellation.currentIsCancelled();
            entry.firstRead.set(null); // before the others learn of it: one that reads again must not find it still running
            mine.complete(cancelled ? Optional.empty() : Optional.of(read));
            return read;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            entry.firstRead.compareAndSet(mine, null);
        }
    }

    @Override
    public Result<SchemaSnapshot> refresh(DatabaseName database) {
        Entry entry = entries.computeIfAbsent(database, name -> new Entry());
        return load(database, entry);
    }

    @Override
    public Optional<SchemaSnapshot> cached(DatabaseName database) {
        Entry entry = entries.get(database);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.snapshot);
    }

    private Result<SchemaSnapshot> load(DatabaseName database, Entry entry) {
        Result<SchemaSnapshot> read = source.read(database);
        if (read instanceof Result.Ok<SchemaSnapshot> ok) {
            SchemaSnapshot previous = entry.snapshot;
            entry.snapshot = ok.value();
            entry.loadedAt = clock.instant();
            if (previous != null && !previous.fingerprint().equals(ok.value().fingerprint())) {
                onChange.accept(previous, ok.value());
            }
        }
        return read;
    }
}
