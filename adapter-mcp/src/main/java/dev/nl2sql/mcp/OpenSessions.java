package dev.nl2sql.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The HTTP sessions, bounded in number and in idle time. The SDK keeps every session until a DELETE or its own sweep
 * (30 minutes of silence, and never while a stream is open), and has no limit; so this wraps its transport: each
 * session the SDK starts is recorded here, {@link SessionFilter} refuses an initialize beyond {@code max} and a
 * request in a session that ended, and a sweep ends each session nothing was heard from for the idle timeout (a call
 * still running keeps it open; an answered keep-alive ping counts as heard, a re-opened event stream does not).
 * Keep-alive pings are sent from here, not by the SDK, whose scheduler logs a WARN for every unanswered ping: a
 * client that re-opens its stream but never answers made one every 30 seconds. Ending a session closes its streams,
 * fails its pending requests, drops its subscriptions and, through {@code onEnd}, its conversations; one log line says
 * so. The SDK's own sweep, set to the same interval, then forgets the closed session.
 */
final class OpenSessions implements McpStreamableServerTransportProvider {

    private static final Logger LOG = LoggerFactory.getLogger(OpenSessions.class);

    /** The most resources one session may subscribe to: the SDK keeps every subscription, of any URI, until the session ends. */
    static final int MAX_SUBSCRIPTIONS = 100;
    static final int MAX_URI_LENGTH = 2_048;

    /** How often a session's open event stream is pinged: often enough for proxies that cut idle connections at 60 s. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(30);
    private static final TypeRef<Object> ANY = new TypeRef<>() {};

    /** A session and what is known of its activity. */
    private static final class Open {
        final McpStreamableServerSession session;
        final McpSchema.InitializeRequest initialize;
        final String client;
        final AtomicInteger inFlight = new AtomicInteger();
        final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
        volatile long lastHeard;

        Open(McpStreamableServerSession session, McpSchema.InitializeRequest initialize, long now) {
            this.session = session;
            this.initialize = initialize;
            this.client = Optional.ofNullable(initialize.clientInfo()).map(info -> info.name() + " " + info.version()).orElse("a client");
            this.lastHeard = now;
        }
    }

    private final McpStreamableServerTransportProvider transport;
    private final ServerSettings.Sessions limits;
    private final Consumer<String> onEnd;
    private final LongSupplier nanos;
    private final Map<String, Open> open = new ConcurrentHashMap<>();
    private final Semaphore permits;
    private final ScheduledExecutorService sweeper;

    /**
     * @param transport the SDK's transport, whose sessions these are
     * @param onEnd told the id of every session that ended, by expiry or DELETE
     */
    OpenSessions(McpStreamableServerTransportProvider transport, ServerSettings.Sessions limits, Consumer<String> onEnd) {
        this(transport, limits, onEnd, System::nanoTime);
    }

    OpenSessions(McpStreamableServerTransportProvider transport, ServerSettings.Sessions limits, Consumer<String> onEnd, LongSupplier nanos) {
        this.transport = transport;
        this.limits = limits;
        this.onEnd = onEnd;
        this.nanos = nanos;
        this.permits = new Semaphore(limits.max());
        this.sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("mcp-session-sweep").daemon(true).factory());
        long every = sweepInterval(limits.idleTimeout()).toMillis();
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
        long ping = keepAlive(limits.idleTimeout()).toMillis();
        sweeper.scheduleWithFixedDelay(this::ping, ping, ping, TimeUnit.MILLISECONDS);
    }

    /** {@return how often open event streams are pinged: 30 s, or a third of a shorter idle timeout, so answers keep it open} */
    static Duration keepAlive(Duration idleTimeout) {
        return idleTimeout.dividedBy(3).compareTo(KEEP_ALIVE) < 0 ? idleTimeout.dividedBy(3) : KEEP_ALIVE;
    }

    /** {@return how often idle sessions are looked for: a tenth of the timeout, between 1 second and 1 minute} */
    static Duration sweepInterval(Duration idleTimeout) {
        return Duration.ofMillis(Math.clamp(idleTimeout.toMillis() / 10, 1_000, 60_000));
    }

    /** {@return the limits these sessions keep to} */
    ServerSettings.Sessions limits() {
        return limits;
    }

    /** {@return how many sessions are open} */
    int size() {
        return open.size();
    }

    /** An open session as the SDK holds it, and the client's {@code initialize}: what a tool call's exchange is made of. */
    record Client(McpStreamableServerSession session, McpSchema.InitializeRequest initialize) {}

    /** {@return open session {@code id} and its client, unless it ended or never started} */
    Optional<Client> client(String id) {
        return Optional.ofNullable(open.get(id)).map(session -> new Client(session.session, session.initialize));
    }

    /** {@return whether a new session may start; if so, one place is held for it until it starts or {@link #release()}} */
    boolean reserve() {
        return permits.tryAcquire();
    }

    /** Gives back a place {@link #reserve()} held, for an initialize that started no session. */
    void release() {
        permits.release();
    }

    /**
     * {@return whether {@code id} is open; if so, a request in it begins and the session is not idle while it runs}
     *
     * @param heard whether the request says the client is there (a message does; re-opening the event stream does not)
     */
    boolean enter(String id, boolean heard) {
        Open session = open.get(id);
        if (session == null) {
            return false;
        }
        session.inFlight.incrementAndGet();
        if (heard) {
            session.lastHeard = nanos.getAsLong();
        }
        return true;
    }

    /** A request in {@code id} that {@link #enter} let in has been answered. */
    void leave(String id, boolean heard) {
        Open session = open.get(id);
        if (session != null) {
            if (heard) {
                session.lastHeard = nanos.getAsLong();
            }
            session.inFlight.decrementAndGet();
        }
    }

    /** Pings each session's open event stream; an unanswered ping closes the stream (the client may open another). */
    private void ping() {
        for (Map.Entry<String, Open> entry : open.entrySet()) {
            McpStreamableServerSession session = entry.getValue().session;
            if (session.hasListeningStream()) {
                session.sendRequest("ping", null, ANY).timeout(keepAlive(limits.idleTimeout())).subscribe(answer -> {}, failure -> {
                    LOG.debug("keep-alive ping to session {} failed, closing its event stream: {}", entry.getKey(), failure.toString());
                    session.releaseListeningStream();
                });
            }
        }
    }

    /** {@return whether session {@code id} may subscribe to {@code uri}: within the limits, or subscribed already} */
    boolean subscribe(String id, String uri) {
        Open session = open.get(id);
        if (session == null || uri.length() > MAX_URI_LENGTH) {
            return false;
        }
        synchronized (session.subscriptions) {
            return session.subscriptions.contains(uri) || session.subscriptions.size() < MAX_SUBSCRIPTIONS && session.subscriptions.add(uri);
        }
    }

    void unsubscribe(String id, String uri) {
        Open session = open.get(id);
        if (session != null) {
            session.subscriptions.remove(uri);
        }
    }

    /** The client ended {@code id} with a DELETE, which the SDK has carried out. */
    void deleted(String id) {
        if (open.remove(id) != null) {
            permits.release();
            onEnd.accept(id);
            LOG.debug("session {} ended by its client", id);
        }
    }

    /** Ends every session idle for longer than the timeout; returns how many. */
    int sweep() {
        long now = nanos.getAsLong();
        long timeout = limits.idleTimeout().toNanos();
        int ended = 0;
        for (Map.Entry<String, Open> entry : List.copyOf(open.entrySet())) {
            Open session = entry.getValue();
            if (session.inFlight.get() == 0 && now - session.lastHeard > timeout && open.remove(entry.getKey(), session)) {
                end(entry.getKey(), session, Duration.ofNanos(now - session.lastHeard));
                ended++;
            }
        }
        return ended;
    }

    private void end(String id, Open session, Duration idle) {
        permits.release();
        try {
            session.session.closeGracefully().block(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debug("closing session {} failed: {}", id, e.toString());
        }
        onEnd.accept(id);
        LOG.info("session {} of {} ended: nothing heard from it for {} s (server.session_idle_timeout: {})", id, session.client,
                idle.toSeconds(), limits.idleTimeout());
    }

    @Override
    public void setSessionFactory(McpStreamableServerSession.Factory factory) {
        transport.setSessionFactory(request -> {
            McpStreamableServerSession.McpStreamableServerSessionInit init = factory.startSession(request);
            open.put(init.session().getId(), new Open(init.session(), request, nanos.getAsLong()));
            return init;
        });
    }

    /**
     * Sends to every session with an open event stream. The SDK would try the others too, and log each failure: a
     * session without a stream has nowhere to receive a notification.
     */
    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return Mono.fromRunnable(() -> open.keySet().forEach(id -> notifyClient(id, method, params).block()));
    }

    @Override
    public Mono<Void> notifyClient(String sessionId, String method, Object params) {
        Open session = open.get(sessionId);
        if (session == null || !session.session.hasListeningStream()) {
            LOG.debug("{} not sent to session {}: it has no open event stream", method, sessionId);
            return Mono.empty();
        }
        return session.session.sendNotification(method, params)
                .onErrorResume(e -> Mono.fromRunnable(() -> LOG.debug("{} not sent to session {}: {}", method, sessionId, e.toString())));
    }

    @Override
    public Mono<Void> closeGracefully() {
        sweeper.shutdownNow();
        return transport.closeGracefully();
    }

    @Override
    public List<String> protocolVersions() {
        return transport.protocolVersions();
    }
}
