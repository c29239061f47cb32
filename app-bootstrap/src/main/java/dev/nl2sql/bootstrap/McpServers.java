package dev.nl2sql.bootstrap;

import dev.nl2sql.cli.ExitCodes;
import dev.nl2sql.cli.Launcher;
import dev.nl2sql.mcp.HttpServer;
import dev.nl2sql.mcp.McpServerFactory;
import dev.nl2sql.mcp.Operations;
import dev.nl2sql.mcp.ServerSettings;
import dev.nl2sql.usecase.UseCases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The MCP server from adapter-mcp, run for {@code nl2sql serve}. */
final class McpServers implements Launcher.Servers {

    private static final Logger LOG = LoggerFactory.getLogger(McpServers.class);

    private final UseCases useCases;
    private final ServerSettings settings;
    private final Operations operations;

    McpServers(UseCases useCases, ServerSettings settings) {
        this(useCases, settings, Operations.NONE);
    }

    McpServers(UseCases useCases, ServerSettings settings, Operations operations) {
        this.useCases = useCases;
        this.settings = settings;
        this.operations = operations;
    }

    @Override
    public int stdio() {
        return new McpServerFactory(useCases, settings).serveStdio();
    }

    /** Serves the session {@link Application#startStdio} began, and keeps this server's first answers for the next start. */
    @Override
    public int stdio(Launcher.StdioStart start) {
        return start instanceof Application.SnapshotStart begun ? new McpServerFactory(useCases, settings).serveStdio(begun.early())
                : Launcher.Servers.super.stdio(start);
    }

    @Override
    public int http(String bind, int port, boolean stateless) {
        ServerSettings listening = settings.withListener(bind, port).withStateless(stateless);
        if (listening.problem().isPresent()) {
            System.err.println("nl2sql: CONFIG_INVALID: " + listening.problem().get());
            return ExitCodes.CONFIG_INVALID;
        }
        HttpServer server;
        try {
            server = HttpServer.start(new McpServerFactory(useCases, listening), operations);
        } catch (Exception e) {
            System.err.println("nl2sql: cannot listen on " + bind + ":" + port + ": " + (inUse(e)
                    ? "the port is in use (another nl2sql, or another server): choose another with --port, or --port 0 for a free one"
                    : e.getMessage()));
            LOG.debug("HTTP start failed", e);
            return ExitCodes.USAGE;
        }
        System.err.println("nl2sql: MCP server at http://" + hostForUrl(bind) + ":" + server.port() + HttpServer.ENDPOINT);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "mcp-http-shutdown"));
        try {
            server.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
        }
        return ExitCodes.OK;
    }

    private static String hostForUrl(String bind) {
        return bind.contains(":") ? "[" + bind + "]" : bind;
    }

    /** {@return whether {@code failure} is the port being taken, however deep Jetty wrapped it} */
    static boolean inUse(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) {
                return true;
            }
        }
        return false;
    }
}
