package dev.nl2sql.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP server over Streamable HTTP at {@code /mcp}, on embedded Jetty, with sessions or, when the settings say
 * stateless, without: each POST answered on its own, by whichever replica a load balancer picked. {@link #close()}
 * stops it gracefully.
 */
public final class HttpServer implements AutoCloseable {

    public static final String ENDPOINT = "/mcp";

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    private final Server jetty;
    private final Runnable mcp;
    private final Optional<OpenSessions> sessions;
    private final McpServerFactory factory;

    /** @param mcp closes the MCP server gracefully */
    private HttpServer(Server jetty, Runnable mcp, Optional<OpenSessions> sessions, McpServerFactory factory) {
        this.jetty = jetty;
        this.mcp = mcp;
        this.sessions = sessions;
        this.factory = factory;
    }

    /**
     * {@return a running server; port 0 in the settings picks a free one}
     *
     * @throws IllegalArgumentException if the settings would expose the server without authentication
     * @throws Exception if Jetty cannot start, e.g. the port is taken
     */
    public static HttpServer start(McpServerFactory factory) throws Exception {
        return start(factory, Operations.NONE);
    }

    /**
     * {@return a running server that also serves {@code /metrics}, {@code /healthz} and {@code /readyz} from
     * {@code operations}, behind the same Host and Origin checks and bearer tokens as {@code /mcp}}
     *
     * @throws IllegalArgumentException if the settings would expose the server without authentication
     * @throws Exception if Jetty cannot start, e.g. the port is taken
     */
    public static HttpServer start(McpServerFactory factory, Operations operations) throws Exception {
        ServerSettings settings = factory.settings();
        settings.problem().ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        // Each in-flight call holds a Reactor worker and a container thread; on virtual threads both are cheap.
        // Must be set before Reactor's Schedulers class initialises, i.e. before the first server is built.
        if (System.getProperty("reactor.schedulers.defaultBoundedElasticOnVirtualThreads") == null) {
            System.setProperty("reactor.schedulers.defaultBoundedElasticOnVirtualThreads", "true");
        }
        Optional<OpenSessions> sessions;
        Optional<HttpToolCalls> answeredHere = Optional.empty(); // our tools' calls in a session, past the SDK's dispatch
        HttpServlet transport;
        Runnable mcp;
        if (settings.stateless()) {
            HttpServletStatelessServerTransport stateless = HttpServletStatelessServerTransport.builder()
                    .messageEndpoint(ENDPOINT)
                    .maxRequestSize(settings.maxRequestSize())
                    // the request's traceparent and tracestate headers, for the trace a tool call continues
                    .contextExtractor(request -> McpTransportContext.create(CallerTraces.withHeaders(request, Map.of())))
                    .build(); // Host and Origin: HostOriginFilter, in front of every endpoint
            McpStatelessSyncServer server = factory.buildStateless(McpServer.sync(stateless));
            sessions = Optional.empty();
            transport = stateless;
            mcp = server::closeGracefully;
        } else {
            HttpServletStreamableServerTransportProvider streamable = HttpServletStreamableServerTransportProvider.builder()
                    .mcpEndpoint(ENDPOINT)
                    .keepAliveInterval(null) // OpenSessions pings, without a WARN per unanswered ping
                    .maxRequestSize(settings.maxRequestSize())
                    // the SDK forgets a closed session at its next sweep; OpenSessions ends idle ones before that
                    .sessionSweepInterval(settings.sessions().idleTimeout())
                    // a request's JSON-RPC id, which CancellationFilter leaves on it, so that a tool runs within its
                    // cancellation, and its traceparent and tracestate headers, for the trace a tool call continues
                    .contextExtractor(request -> McpTransportContext.create(CallerTraces.withHeaders(request,
                            request.getAttribute(CancelledRequests.REQUEST_ID) instanceof Object id ? Map.of(CancelledRequests.REQUEST_ID, id) : Map.of())))
                    .build(); // Host and Origin: HostOriginFilter, in front of every endpoint
            OpenSessions open = new OpenSessions(streamable, settings.sessions(), factory::sessionEnded);
            McpServerFactory.Served served = factory.serve(McpServer.sync(open));
            served.afterStartUp().run();
            McpSyncServer server = served.server();
            answeredHere = Optional.of(new HttpToolCalls(open, served.toolCalls(), factory.cancelled()));
            sessions = Optional.of(open);
            transport = streamable;
            mcp = server::closeGracefully;
        }

        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setName("mcp-http");
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server jetty = new Server(pool);
        ServerConnector connector = new ServerConnector(jetty);
        // no "Server: Jetty(12.x)" header or version in error pages: it tells a client nothing and an attacker which flaws to try
        connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration().setSendServerVersion(false);
        connector.setHost(settings.bind());
        connector.setPort(settings.port());
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addFilter(new FilterHolder(new HostOriginFilter(settings.bind(), settings.allowed())), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(new JsonRpcErrorFilter(settings.maxRequestSize())), "/*", EnumSet.of(DispatcherType.REQUEST));
        if (!settings.authTokens().isEmpty()) {
            context.addFilter(new FilterHolder(new BearerAuthFilter(settings.authTokens(), settings.ui())), "/*",
                    EnumSet.of(DispatcherType.REQUEST));
        }
        // without sessions a request id names no single call (ids repeat across clients): a stateless server cancels nothing
        sessions.ifPresent(open -> {
            context.addFilter(new FilterHolder(new SessionFilter(open, factory::subscribing)), ENDPOINT, EnumSet.of(DispatcherType.REQUEST));
            context.addFilter(new FilterHolder(new CancellationFilter(factory.cancelled())), ENDPOINT, EnumSet.of(DispatcherType.REQUEST));
        });
        answeredHere.ifPresent(filter -> context.addFilter(new FilterHolder(filter), ENDPOINT, EnumSet.of(DispatcherType.REQUEST)));
        ServletHolder servlet = new ServletHolder("mcp", transport);
        servlet.setAsyncSupported(true);
        context.addServlet(servlet, ENDPOINT);
        ServletHolder operator = new ServletHolder("operations", new OperationsServlet(operations));
        context.addServlet(operator, OperationsServlet.METRICS);
        context.addServlet(operator, OperationsServlet.HEALTH);
        context.addServlet(operator, OperationsServlet.READY);
        if (settings.ui()) {
            context.addServlet(new ServletHolder("ui", new UiServlet()), UiServlet.PATH + "/*");
        }
        jetty.setHandler(context);
        jetty.setStopTimeout(5_000);
        try {
            jetty.start();
        } catch (Exception e) {
            factory.close();
            mcp.run();
            throw e;
        }
        HttpServer server = new HttpServer(jetty, mcp, sessions, factory);
        LOG.info("MCP over HTTP at http://{}:{}{} ({}{})", settings.bind(), server.port(), ENDPOINT,
                settings.authTokens().isEmpty() ? "no authentication" : "bearer tokens required", settings.stateless() ? ", stateless" : "");
        if (settings.ui()) {
            LOG.info("the web page at http://{}:{}{}/ (paste a bearer token into it)", settings.bind(), server.port(), UiServlet.PATH);
        }
        return server;
    }

    /** {@return the port the server listens on} */
    public int port() {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    /** {@return how many MCP sessions are open; none when stateless} */
    public int openSessions() {
        return sessions.map(OpenSessions::size).orElse(0);
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        jetty.join();
    }

    /** Closes every MCP session, then stops Jetty, letting in-flight requests finish for a few seconds. */
    @Override
    public void close() {
        factory.close();
        try {
            mcp.run();
        } catch (RuntimeException e) {
            LOG.warn("closing MCP sessions failed: {}", e.toString());
        }
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("stopping Jetty failed: {}", e.toString());
        }
    }
}
