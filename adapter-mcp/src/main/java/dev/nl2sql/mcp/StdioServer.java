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
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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
        CountDownLatch ended = new CountDownLatch(1);
        LineTransport transport = new LineTransport(in, out, maxRequestSize, ended, factory.cancelled());
        McpServerFactory.Served served = factory.serve(McpServer.sync(transport));
        transport.toolCalls = served.toolCalls();
        transport.afterStartUp = served.afterStartUp();
        transport.subscribing = factory::subscribing;
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

    /** One session over newline-delimited JSON-RPC: stdio has exactly one client. */
    private static final class LineTransport implements McpServerTransportProvider {

        private final McpJsonMapper json = McpJsonDefaults.getMapper();
        private final Reader in;
        private final OutputStream out;
        private final int maxRequestSize;
        private final CountDownLatch ended;
        private final CancelledRequests cancelled;
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

        LineTransport(InputStream in, OutputStream out, int maxRequestSize, CountDownLatch ended, CancelledRequests cancelled) {
            this.in = new InputStreamReader(in, StandardCharsets.UTF_8);
            this.out = out;
            this.maxRequestSize = maxRequestSize;
            this.ended = ended;
            this.cancelled = cancelled;
        }

        @Override
        public void setSessionFactory(McpServerSession.Factory factory) {
            session = factory.create(new SessionTransport());
            Thread.ofPlatform().name("mcp-stdin").daemon(true).start(this::readUntilEnd);
        }

        private void readUntilEnd() {
            try (BufferedReader reader = new BufferedReader(in)) {
                StringBuilder line = new StringBuilder();
                while (true) {
                    Line next = readLine(reader, line);
                    if (next == Line.END) {
                        break;
                    }
                    if (next == Line.TOO_LONG) {
                        LOG.warn("skipped a line longer than {} characters", maxRequestSize);
                        error(JsonRpcEnvelope.INVALID_REQUEST, "Invalid request: longer than " + maxRequestSize + " characters");
                    } else if (!line.isEmpty() && !line.toString().isBlank()) {
                        dispatch(line.toString());
                    }
                }
            } catch (IOException e) {
                LOG.debug("stdin failed: {}", e.toString());
            } finally {
                ended.countDown();
            }
        }

        private enum Line { READ, TOO_LONG, END }

        /** Reads one line into {@code line}, or skips it to its end when it exceeds the request limit. */
        private Line readLine(BufferedReader reader, StringBuilder line) throws IOException {
            line.setLength(0);
            boolean tooLong = false;
            int c;
            while ((c = reader.read()) != -1 && c != '\n') {
                if (!tooLong) {
                    line.append((char) c);
                    if (line.length() > maxRequestSize) {
                        tooLong = true;
                        line.setLength(0);
                    }
                }
            }
            if (c == -1 && line.isEmpty() && !tooLong) {
                return Line.END;
            }
            return tooLong ? Line.TOO_LONG : Line.READ;
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
            if (calls == null || initialized == null || !(params instanceof Map<?, ?> fields) || !(fields.get("name") instanceof String name)
                    || !(fields.get("arguments") instanceof Map<?, ?> || fields.get("arguments") == null)
                    || !(fields.get("_meta") instanceof Map<?, ?> || fields.get("_meta") == null)) {
                return false;
            }
            var tool = calls.tool(name);
            if (tool.isEmpty()) {
                return false;
            }
            @SuppressWarnings("unchecked") // JSON objects, as read
            var request = new McpSchema.CallToolRequest(name, (Map<String, Object>) fields.get("arguments"), (Map<String, Object>) fields.get("_meta"));
            McpServerSession current = session;
            var exchange = new McpSyncServerExchange(new McpAsyncServerExchange(current.getId(), current, initialized.capabilities(),
                    initialized.clientInfo(), context(id)));
            Schedulers.boundedElastic().schedule(() -> {
                McpSchema.JSONRPCResponse response;
                try {
                    response = new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, id, calls.call(tool.get(), exchange, request), null);
                } catch (RuntimeException e) {
                    LOG.warn("tool {} failed: {}", name, e.toString(), e);
                    response = new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, id, null,
                            new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INTERNAL_ERROR, e.getMessage(), null));
                }
                send(response);
            });
            return true;
        }

        private void error(int code, String message) {
            write("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\"}}");
        }

        /** Writes {@code message}, unless it answers a request the client cancelled. */
        private void send(McpSchema.JSONRPCMessage message) {
            Runnable afterWrite = () -> {};
            if (message instanceof McpSchema.JSONRPCResponse response) {
                if (cancelled.isCancelled(session.getId(), response.id())) {
                    LOG.debug("not answering request {}: the client cancelled it", response.id());
                    return;
                }
                var pending = initializing;
                if (pending != null && response.error() == null && pending.getKey().equals(response.id())) {
                    client = pending.getValue();
                } else if (client != null) {
                    afterWrite = afterStartUp;
                }
            }
            try {
                write(json.writeValueAsString(withoutInternals(message)));
            } catch (IOException e) {
                LOG.warn("could not serialize a message: {}", e.toString());
            }
            afterWrite.run();
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

        /** One whole message and its newline per write, under one lock: answers of concurrent calls never interleave. */
        private void write(String line) {
            byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (out) {
                try {
                    out.write(bytes);
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
