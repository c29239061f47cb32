package dev.nl2sql.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The MCP server over stdio: JSON-RPC lines on stdin and on the process's original stdout.
 *
 * <p>Our own transport rather than the SDK's {@code StdioServerTransportProvider}: that one hands every line to a
 * scheduler thread and every answer to a Reactor sink that busy-loops while another thread emits (42 % of the
 * server's CPU with 8 calls in flight, docs/performance.md), stops reading for good at the first line that is not
 * JSON, and reads lines of any length. Here the reading thread parses each line and hands it to the session (tool
 * calls still run on the SDK's worker threads, so sampling replies keep being read), an answer is written under a
 * lock by the thread that produced it, a bad line gets its JSON-RPC error, and a line longer than the request limit is
 * skipped unread. {@code notifications/cancelled} is taken here, before the SDK (which has no handler for it): the
 * call stops and its answer is not sent ({@link CancelledRequests}).
 */
final class StdioServer {

    private static final Logger LOG = LoggerFactory.getLogger(StdioServer.class);

    /** How long responses still in flight at end of input get to be written before the server returns. */
    static final long EOF_GRACE_MILLIS = 200;

    private StdioServer() {}

    /**
     * Serves on the process's stdin and stdout until stdin ends. Everything else written to {@code System.out} from
     * now on goes to stderr, so that stdout carries nothing but the protocol.
     *
     * @return the exit code: 0
     */
    static int serve(McpServerFactory factory, int maxRequestSize) {
        PrintStream protocol = System.out;
        System.setOut(System.err);
        return serve(factory, System.in, protocol, maxRequestSize);
    }

    /** Serves on {@code in} and {@code out} until {@code in} ends; returns promptly then, even with calls still running. */
    static int serve(McpServerFactory factory, InputStream in, OutputStream out, int maxRequestSize) {
        return serve(factory, out, (sink, sent) -> new StdinLines(in, maxRequestSize).start(sink), Optional.empty(), maxRequestSize);
    }

    /**
     * Serves the session {@code early} began until its input ends: takes over its reader (and the lines it kept) when it
     * answered from its snapshot, else reads its input from the start; either way what this server answers to
     * {@code initialize} and {@code tools/list} is kept for the next start (unless tools come from query templates, which
     * the snapshot's key does not cover).
     */
    static int serve(McpServerFactory factory, EarlyStdio early, int maxRequestSize) {
        LineSource source = early.reading() ? early::handOver : (sink, sent) -> new StdinLines(early.in(), maxRequestSize).start(sink);
        return serve(factory, early.protocol(), source, factory.settings().tools().templateTools() ? Optional.empty() : Optional.of(early),
                maxRequestSize);
    }

    private static int serve(McpServerFactory factory, OutputStream out, LineSource source, Optional<EarlyStdio> recorder,
            int maxRequestSize) {
        CountDownLatch ended = new CountDownLatch(1);
        LineTransport transport = new LineTransport(out, maxRequestSize, ended, factory.cancelled(), recorder);
        McpServerFactory.Served served = factory.serve(McpServer.sync(transport));
        transport.toolCalls = served.toolCalls();
        transport.afterStartUp = served.afterStartUp();
        transport.subscribing = factory::subscribing;
        transport.connect(source); // only now: a kept line may need the tools and the hooks set above
        McpSyncServer server = served.server();
        try {
            ended.await();
            Thread.sleep(EOF_GRACE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.debug("stdin ended: stopping the stdio server");
        factory.close();
        Thread closer = Thread.ofVirtual().start(server::closeGracefully);
        try {
            closer.join(EOF_GRACE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** Where a transport's lines come from: a reader it starts, or the early responder's, handed over with what it sent. */
    @FunctionalInterface
    private interface LineSource {
        void connect(Consumer<StdinLines.Line> sink, Map<String, EarlyStdio.Answered> sent);
    }

    /** One session over newline-delimited JSON-RPC: stdio has exactly one client. */
    private static final class LineTransport implements McpServerTransportProvider {

        private final McpJsonMapper json = McpJsonDefaults.getMapper();
        private final OutputStream out;
        private final int maxRequestSize;
        private final CountDownLatch ended;
        private final CancelledRequests cancelled;
        /** Where this server's answers to initialize and tools/list are kept for the next start; none for a plain stream. */
        private final Optional<EarlyStdio> recorder;
        /** The answers the early responder sent, by {@link EarlyStdio#sdkIdKey}: this server's own are not sent again. */
        private final Map<String, EarlyStdio.Answered> sentEarly = new ConcurrentHashMap<>();
        /** The ids of tools/list requests for the first page, whose answers are kept for the next start. */
        private final Set<Object> firstPageLists = ConcurrentHashMap.newKeySet();
        /** The protocol version the client asked for and this server's initialize result, once answered, for the snapshot. */
        private volatile Map.Entry<String, String> initializeAnswer;
        private volatile McpServerSession session;
        /** Our own tools, called without the SDK's dispatch once the client is initialised; none until the server is built. */
        private volatile ToolCalls toolCalls;
        /**
         * Starts watching the schemas (its first round reads them all) and loads the offline generator's English once the
         * first answer after {@code initialize} is out: a client starting up waits for {@code tools/list}, which needs
         * neither, and must not wait behind them on a small machine.
         */
        private volatile Runnable afterStartUp = () -> {};
        /** Told of each {@code resources/subscribe}: the watch reads only schemas someone has read or subscribed to. */
        private volatile Consumer<String> subscribing = uri -> {};
        /** Subscriptions and unsubscriptions, in the order they came, off the reading thread. */
        private final Executor subscriptions = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("mcp-subscriptions").factory());
        /** The {@code initialize} request under way, and the one that was answered: the client a tool's exchange names. */
        private volatile Map.Entry<Object, McpSchema.InitializeRequest> initializing;
        private volatile McpSchema.InitializeRequest client;

        LineTransport(OutputStream out, int maxRequestSize, CountDownLatch ended, CancelledRequests cancelled, Optional<EarlyStdio> recorder) {
            this.out = out;
            this.maxRequestSize = maxRequestSize;
            this.ended = ended;
            this.cancelled = cancelled;
            this.recorder = recorder;
        }

        @Override
        public void setSessionFactory(McpServerSession.Factory factory) {
            session = factory.create(new SessionTransport());
        }

        /** Starts taking lines from {@code source}. */
        void connect(LineSource source) {
            source.connect(this::accept, sentEarly);
        }

        private void accept(StdinLines.Line line) {
            switch (line) {
                case StdinLines.Line.Text text when text.text().length() > maxRequestSize -> tooLong(); // read under a larger limit
                case StdinLines.Line.Text text -> {
                    if (!text.text().isBlank()) {
                        dispatch(text.text());
                    }
                }
                case StdinLines.Line.TooLong ignored -> tooLong();
                case StdinLines.Line.End ignored -> ended.countDown();
            }
        }

        private void tooLong() {
            LOG.warn("skipped a line longer than {} characters", maxRequestSize);
            error(JsonRpcEnvelope.INVALID_REQUEST, "Invalid request: longer than " + maxRequestSize + " characters");
        }

        private void dispatch(String text) {
            JsonRpcEnvelope.Sound read;
            switch (JsonRpcEnvelope.read(text)) {
                case JsonRpcEnvelope.Sound sound -> read = sound;
                case JsonRpcEnvelope.Refusal refusal -> {
                    LOG.warn("refused a malformed message ({}): {}", refusal.message(), text.length() > 200 ? text.substring(0, 200) + "..." : text);
                    write(refusal.json());
                    return;
                }
            }
            Object id = read.fields().get("id");
            String method = read.method().orElse("");
            if (CancelledRequests.METHOD.equals(method) && !read.fields().containsKey("id")) {
                CancelledRequests.cancelledId(read.fields().get("params")).ifPresent(cancelledId -> {
                    LOG.debug("request {} cancelled by the client", cancelledId);
                    cancelled.cancel(session.getId(), cancelledId);
                });
                return;
            }
            if (id != null && McpSchema.METHOD_TOOLS_CALL.equals(method) && callDirectly(id, read.fields().get("params"))) {
                return;
            }
            McpSchema.JSONRPCMessage message;
            try {
                message = read.toSdk(json);
            } catch (RuntimeException e) {
                LOG.warn("refused a message the SDK cannot read: {}", e.toString());
                error(JsonRpcEnvelope.INVALID_REQUEST, "Invalid request: not a JSON-RPC message");
                return;
            }
            if (message instanceof McpSchema.JSONRPCRequest request && McpSchema.METHOD_INITIALIZE.equals(request.method())) {
                initializing = Map.entry(request.id(), json.convertValue(request.params(), McpSchema.InitializeRequest.class));
            }
            if (recorder.isPresent() && message instanceof McpSchema.JSONRPCRequest request && request.id() != null // "id": null is possible
                    && McpSchema.METHOD_TOOLS_LIST.equals(request.method())
                    && (!(request.params() instanceof Map<?, ?> params) || params.get("cursor") == null)) {
                firstPageLists.add(request.id());
            }
            if (McpSchema.METHOD_RESOURCES_SUBSCRIBE.equals(method) && read.fields().get("params") instanceof Map<?, ?> params
                    && params.get("uri") instanceof String uri) {
                // answered once the schema it names is read, off this thread: changes from then on are told
                subscriptions.execute(() -> {
                    subscribing.accept(uri);
                    handle(message);
                });
                return;
            }
            if (McpSchema.METHOD_RESOURCES_UNSUBSCRIBE.equals(method)) {
                subscriptions.execute(() -> handle(message)); // after any subscription still being read
                return;
            }
            handle(message);
        }

        private void handle(McpSchema.JSONRPCMessage message) {
            var handled = session.handle(message);
            if (message instanceof McpSchema.JSONRPCRequest request) {
                // the SDK does not tell a tool its request's id; the transport context does, for cancellation
                handled = handled.contextWrite(context -> context.put(McpTransportContext.KEY, context(request.id())));
            }
            handled.subscribe(null, e -> LOG.warn("handling a message failed: {}", e.toString()));
        }

        private static McpTransportContext context(Object requestId) {
            return McpTransportContext.create(Map.of(CancelledRequests.REQUEST_ID, requestId));
        }

        /**
         * Calls one of our own tools on a worker thread, as the SDK would, but from the message as read: the SDK's
         * dispatch parses the line again, converts it twice and runs a Reactor pipeline, a fifth of a call's CPU.
         * {@return false when the SDK must answer instead: before the client is initialised, for a tool that is not ours
         * (a test's), or for params the SDK should judge}
         */
        private boolean callDirectly(Object id, Object params) {
            ToolCalls calls = toolCalls;
            McpSchema.InitializeRequest initialized = client;
            if (calls == null || initialized == null) {
                return false;
            }
            var call = calls.call(params);
            if (call.isEmpty()) {
                return false;
            }
            McpServerSession current = session;
            var exchange = new McpSyncServerExchange(new McpAsyncServerExchange(current.getId(), current, initialized.capabilities(),
                    initialized.clientInfo(), context(id)));
            Schedulers.boundedElastic().schedule(() -> send(calls.answer(id, call.get(), exchange)));
            return true;
        }

        private void error(int code, String message) {
            write("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\"}}");
        }

        /**
         * Writes {@code message}, unless it answers a request the client cancelled or one the early responder answered
         * already (then it is compared with what was sent: a different tool list is notified as changed).
         */
        private void send(McpSchema.JSONRPCMessage message) {
            Runnable afterWrite = () -> {};
            Optional<EarlyStdio.Answered> sent = Optional.empty();
            if (message instanceof McpSchema.JSONRPCResponse response) {
                if (cancelled.isCancelled(session.getId(), response.id())) {
                    LOG.debug("not answering request {}: the client cancelled it", response.id());
                    return;
                }
                sent = EarlyStdio.sdkIdKey(response.id()).map(sentEarly::remove);
                var pending = initializing;
                if (pending != null && response.error() == null && pending.getKey().equals(response.id())) {
                    client = pending.getValue();
                    if (recorder.isPresent()) {
                        initializeAnswer = Map.entry(String.valueOf(pending.getValue().protocolVersion()), result(response));
                    }
                } else if (client != null) {
                    afterWrite = afterStartUp;
                }
                if (response.id() != null && firstPageLists.remove(response.id()) && response.error() == null) { // a concurrent set holds no null
                    var initialized = initializeAnswer;
                    if (initialized != null) {
                        recorder.ifPresent(r -> r.record(initialized.getKey(), initialized.getValue(), result(response)));
                    }
                }
            }
            if (sent.isPresent()) {
                compare(sent.get(), (McpSchema.JSONRPCResponse) message);
            } else {
                try {
                    write(json.writeValueAsBytes(withoutInternals(message)));
                } catch (IOException e) {
                    LOG.warn("could not serialize a message: {}", e.toString());
                }
            }
            afterWrite.run();
        }

        /** The client has {@code sent} already: a tool list that is no longer this server's is notified as changed. */
        private void compare(EarlyStdio.Answered sent, McpSchema.JSONRPCResponse own) {
            String result = own.error() == null ? result(own) : "";
            if (EarlyStdio.sameJson(result, sent.result())) {
                return;
            }
            if (McpSchema.METHOD_TOOLS_LIST.equals(sent.method())) {
                LOG.info("the tools sent from the stdio snapshot are not this server's: telling the client the list changed");
                LOG.debug("sent from the snapshot: {}; this server's: {}", sent.result(), result);
                session.sendNotification(McpSchema.METHOD_NOTIFICATION_TOOLS_LIST_CHANGED, null)
                        .subscribe(null, e -> LOG.warn("could not notify the changed tool list: {}", e.toString()));
            } else {
                LOG.warn("the {} answer sent from the stdio snapshot differs from this server's (the snapshot is rewritten): {}",
                        sent.method(), own.error() == null ? "another result" : own.error().message());
            }
        }

        /** {@return the response's result as the protocol carries it} */
        private String result(McpSchema.JSONRPCResponse response) {
            try {
                return json.writeValueAsString(response.result());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The SDK answers a request it could not handle with its exception's text: logged here, not sent. */
        private McpSchema.JSONRPCMessage withoutInternals(McpSchema.JSONRPCMessage message) {
            if (message instanceof McpSchema.JSONRPCResponse response && response.error() != null
                    && response.error().code() == McpSchema.ErrorCodes.INTERNAL_ERROR) {
                LOG.warn("request {} failed inside the SDK: {}", response.id(), response.error().message());
                return new McpSchema.JSONRPCResponse(response.jsonrpc(), response.id(), null, new McpSchema.JSONRPCResponse.JSONRPCError(
                        McpSchema.ErrorCodes.INTERNAL_ERROR, "Internal error: the request could not be handled (details in the server log)",
                        null));
            }
            return message;
        }

        private void write(String line) {
            write(line.getBytes(StandardCharsets.UTF_8));
        }

        /** One whole message and its newline per write, under one lock: answers of concurrent calls never interleave. */
        private void write(byte[] message) {
            byte[] line = Arrays.copyOf(message, message.length + 1); // one write for both: the stream may not buffer
            line[message.length] = '\n';
            synchronized (out) {
                try {
                    out.write(line);
                    out.flush();
                } catch (IOException e) {
                    LOG.debug("could not write to stdout: {}", e.toString());
                }
            }
        }

        @Override
        public Mono<Void> notifyClients(String method, Object params) {
            McpServerSession current = session;
            return current == null ? Mono.empty() : current.sendNotification(method, params);
        }

        @Override
        public Mono<Void> notifyClient(String sessionId, String method, Object params) {
            McpServerSession current = session;
            return current == null || !current.getId().equals(sessionId) ? Mono.empty() : current.sendNotification(method, params);
        }

        @Override
        public Mono<Void> closeGracefully() {
            McpServerSession current = session;
            return current == null ? Mono.empty() : current.closeGracefully();
        }

        private final class SessionTransport implements McpServerTransport {

            @Override
            public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
                return Mono.fromRunnable(() -> send(message));
            }

            @Override
            public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
                return json.convertValue(data, type);
            }

            @Override
            public Mono<Void> closeGracefully() {
                return Mono.empty();
            }
        }
    }
}
