package dev.nl2sql.library.audit;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.audit.HistoryPage;
import dev.nl2sql.domain.audit.HistoryQuery;
import dev.nl2sql.library.config.AuditConfig;
import dev.nl2sql.port.AuditCopy;
import dev.nl2sql.port.AuditHistory;
import dev.nl2sql.port.AuditLog;
import dev.nl2sql.port.AuditStorage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log as configured: the local JSONL files (read back by the history), any further sinks such as a shared
 * table or the metrics, and redaction in front of those that keep text. Closing it flushes the files.
 */
public final class AuditTrail implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    private static final Duration CATCH_UP_STOP = Duration.ofSeconds(5);

    private final Optional<JsonlAuditLog> files;
    private final AuditLog log;
    private final AuditHistory history;
    /** Closed before the files: the other sinks, and the catch-up threads that feed them. */
    private final List<AutoCloseable> sinks;

    private AuditTrail(Optional<JsonlAuditLog> files, AuditLog log, List<AutoCloseable> sinks) {
        this.files = files;
        this.log = log;
        this.history = files.<AuditHistory>map(f -> new JsonlAuditHistory(f.directory())).orElse(AuditHistory.NONE);
        this.sinks = new ArrayList<>(sinks);
    }

    /**
     * {@return a trail without local files: entries go to {@code sinks} only, and the history is empty} What an
     * embedding application gets unless it asks for files: a library writes nothing to disk on its own.
     */
    public static AuditTrail withoutFiles(List<AuditLog> sinks) {
        return new AuditTrail(Optional.empty(), sinks.isEmpty() ? AuditLog.NONE : new CompositeAuditLog(sinks), closeable(sinks));
    }

    private static List<AutoCloseable> closeable(List<AuditLog> logs) {
        return logs.stream().filter(AutoCloseable.class::isInstance).map(AutoCloseable.class::cast).toList();
    }

    /**
     * {@return the trail {@code config} describes}
     *
     * @param keepers further logs that keep the entry's text (a shared table); redacted like the files
     * @param counters logs that only count (metrics); they see entries unredacted, since they keep no text
     */
    public static AuditTrail of(AuditConfig config, Clock clock, List<AuditLog> keepers, List<AuditLog> counters) {
        requireNonNull(config, "config");
        JsonlAuditLog.Settings settings = new JsonlAuditLog.Settings(config.path(),
                config.fsync() == AuditConfig.Fsync.ALWAYS ? JsonlAuditLog.Fsync.ALWAYS : JsonlAuditLog.Fsync.BATCH,
                config.fsyncInterval(), config.maxFileSize(), config.retentionDays(), JsonlAuditLog.Settings.DEFAULT_QUEUE_CAPACITY);
        JsonlAuditLog files = new JsonlAuditLog(settings, clock);
        List<AuditLog> kept = new ArrayList<>();
        kept.add(files);
        kept.addAll(keepers);
        List<AuditLog> all = new ArrayList<>();
        all.add(RedactingAuditLog.around(kept.size() == 1 ? files : new CompositeAuditLog(kept), config.redactLiterals(),
                config.redactQuestions()));
        all.addAll(counters);
        AuditTrail trail = new AuditTrail(Optional.of(files), all.size() == 1 ? all.getFirst() : new CompositeAuditLog(all),
                closeable(keepers));
        keepers.stream().filter(AuditCopy.class::isInstance).map(AuditCopy.class::cast).forEach(trail::catchUpInBackground);
        return trail;
    }

    /**
     * Hands {@code copy} every entry of the local files it may have missed (its process killed with entries still
     * queued), off the start-up path; entries it holds already are kept once.
     */
    private void catchUpInBackground(AuditCopy copy) {
        Instant since = copy.storedThrough().minus(AuditCopy.OUT_OF_ORDER);
        Thread catchUp = Thread.ofVirtual().name("nl2sql-audit-catch-up").unstarted(() -> {
            HistoryQuery query = new HistoryQuery(Optional.empty(), Optional.empty(), Optional.of(since), Optional.empty(), Optional.empty(),
                    HistoryQuery.MAX_LIMIT, Optional.empty());
            int handed = 0;
            while (!Thread.currentThread().isInterrupted()) {
                HistoryPage page = history.read(query);
                copy.catchUp(page.entries());
                handed += page.entries().size();
                if (page.next().isEmpty()) {
                    break;
                }
                query = query.withCursor(page.next().get());
            }
            LOG.info("audit: handed {} entries since {} to {} again", handed, since, copy);
        });
        // stopped, and waited for, before the copy closes: a hand-over after it would go to its spill file after close
        sinks.addFirst(() -> {
            catchUp.interrupt();
            catchUp.join(CATCH_UP_STOP);
        });
        catchUp.start();
    }

    /** {@return why the local files cannot be kept as promised now, if they cannot} See {@link JsonlAuditLog#problem()}. */
    public Optional<String> problem() {
        return files.flatMap(JsonlAuditLog::problem);
    }

    /** {@return the check of the local files' folder, for doctor; none when there are no files} */
    public AuditStorage storage() {
        return () -> files.map(JsonlAuditLog::check);
    }

    /** {@return the log every use case records into} */
    public AuditLog log() {
        return log;
    }

    /** {@return the local files, read back newest first} */
    public AuditHistory history() {
        return history;
    }

    /** Flushes the files and closes the other sinks. */
    @Override
    public void close() {
        for (AutoCloseable sink : sinks) {
            try {
                sink.close();
            } catch (Exception e) {
                LOG.warn("closing audit sink failed: {}", e.toString());
            }
        }
        files.ifPresent(JsonlAuditLog::close);
    }
}
