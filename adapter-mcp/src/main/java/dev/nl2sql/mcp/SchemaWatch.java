package dev.nl2sql.mcp;

import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.SchemaFingerprint;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.usecase.ExploreSchema;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells connected clients when a schema changes. Every interval it re-reads each database's schema that some reader
 * has read (as every reader sees it, hidden tables left out, so a change to one of those is never told) and compares
 * it with the last one it saw: a changed schema is {@code notifications/resources/updated} for
 * {@code nl2sql://databases/{name}/schema} and for each table that changed, appeared or vanished (to the sessions that
 * subscribed to those URIs), and a table that appeared or vanished is also {@code notifications/resources/list_changed}
 * to every session.
 */
final class SchemaWatch implements AutoCloseable {

    /** Where the notifications go: the MCP server. */
    interface Notifications {
        void updated(String uri);

        void listChanged();
    }

    private static final Logger LOG = LoggerFactory.getLogger(SchemaWatch.class);
    /** The fingerprint of a table that is not there. */
    private static final SchemaFingerprint EMPTY = SchemaFingerprint.of(List.of(), List.of());

    private final ExploreSchema explore;
    private final Map<DatabaseName, SchemaSnapshot> seen = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    SchemaWatch(ExploreSchema explore) {
        this.explore = explore;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("mcp-schema-watch").daemon(true).factory());
    }

    /**
     * Checks now, in the background, then every {@code interval} until {@link #close()}; nothing once closed (a stdio
     * server whose input ended before its first answer after {@code initialize} went out starts it after closing).
     */
    void start(Duration interval, Notifications notifications) {
        try {
            timer.scheduleWithFixedDelay(() -> {
                try {
                    check(notifications);
                } catch (RuntimeException e) {
                    LOG.warn("schema check failed: {}", e.toString());
                }
            }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            LOG.debug("not watching the schemas: the server closed first");
        }
    }

    /**
     * Re-reads the schema of every database some reader has read and tells what changed since then. A schema nobody
     * has read is not read here: no client saw it, so there is no change to tell, and on a large catalog the read costs
     * a start-up second of CPU. The first comparison is with the snapshot the readers got from the cache.
     */
    void check(Notifications notifications) {
        for (DatabaseIdentity database : explore.databases()) {
            Optional<SchemaSnapshot> read = explore.cached(database.name());
            if (read.isEmpty()) {
                continue;
            }
            seen.putIfAbsent(database.name(), read.get());
            switch (explore.refresh(database.name())) {
                case Result.Ok<SchemaSnapshot> ok -> {
                    SchemaSnapshot before = seen.put(database.name(), ok.value());
                    if (before != null && !before.fingerprint().equals(ok.value().fingerprint())) {
                        tell(before, ok.value(), notifications);
                    }
                }
                // a table locked by a migration, say: the last snapshot stays, and the next check compares with it
                case Result.Err<SchemaSnapshot> err -> LOG.info("schema of {} not re-read, its last snapshot kept: {}", database.name(),
                        err.failure().message());
            }
        }
    }

    private static void tell(SchemaSnapshot before, SchemaSnapshot after, Notifications notifications) {
        Map<QualifiedName, SchemaFingerprint> old = shapes(before);
        Map<QualifiedName, SchemaFingerprint> now = shapes(after);
        Set<QualifiedName> changed = new TreeSet<>();
        for (QualifiedName name : union(old.keySet(), now.keySet())) {
            if (!now.getOrDefault(name, EMPTY).equals(old.getOrDefault(name, EMPTY))) {
                changed.add(name);
            }
        }
        boolean listChanged = !old.keySet().equals(now.keySet());
        LOG.info("schema of {} changed: {} tables or views changed{}", after.database(), changed.size(),
                listChanged ? ", some appeared or vanished" : "");
        String database = encode(after.database().value());
        notifications.updated("nl2sql://databases/" + database + "/schema");
        for (QualifiedName name : changed) {
            for (String table : uriNames(name, before, after)) {
                notifications.updated("nl2sql://databases/" + database + "/tables/" + encode(table));
            }
        }
        if (listChanged) {
            notifications.listChanged();
        }
    }

    /** {@return each relation's own fingerprint (row estimates left out, as for the whole schema)} */
    private static Map<QualifiedName, SchemaFingerprint> shapes(SchemaSnapshot snapshot) {
        return snapshot.relations().stream().collect(Collectors.toMap(Relation::name,
                relation -> SchemaFingerprint.of(List.of(relation), List.of()), (a, b) -> a));
    }

    /** {@return the names a client may have read the table by: schema.name, and name alone where that is unambiguous} */
    private static Set<String> uriNames(QualifiedName name, SchemaSnapshot before, SchemaSnapshot after) {
        Set<String> names = new LinkedHashSet<>();
        names.add(name.schema() + "." + name.name());
        boolean unique = before.relationsNamed(name.name()).size() <= 1 && after.relationsNamed(name.name()).size() <= 1;
        if (unique || name.schema().equals("public")) {
            names.add(name.name());
        }
        return names;
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
