package dev.nl2sql.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Runs the MCP server, over stdio for a client that launches nl2sql, or over HTTP for clients that connect. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the MCP server. Over stdio (the default) an MCP client launches nl2sql and talks on stdin/stdout; "
                + "over HTTP clients connect to http://BIND:PORT/mcp."},
        footer = {"", "Defaults come from the config file's server: section (transport, bind, port).",
                "Binding beyond 127.0.0.1 requires bearer tokens (server.auth_tokens_env).",
                "", "Examples:", "  nl2sql serve --stdio --config nl2sql.yaml", "  nl2sql serve --http --port 8080",
                "  nl2sql serve --http --stateless --bind 0.0.0.0   (one of several replicas behind a load balancer)"})
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    Nl2SqlCommand root;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true)
    Transport transport;

    /** The MCP client's requests in stdio mode; tests put their own. */
    InputStream stdin = System.in;

    @Option(names = "--port", paramLabel = "N", description = "HTTP port (default: server.port, 8080; 0 picks a free one).")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDR", description = "HTTP bind address (default: server.bind, 127.0.0.1).")
    String bind;

    @Option(names = "--stateless", description = "HTTP without sessions, for replicas behind a load balancer: no sampling, "
            + "subscriptions or notifications (default: server.stateless).")
    boolean stateless;

    static final class Transport {
        @Option(names = "--stdio", description = "Serve on stdin/stdout.")
        boolean stdio;

        @Option(names = "--http", description = "Serve Streamable HTTP at /mcp.")
        boolean http;
    }

    @Override
    public Integer call() throws Exception {
        // Asked for by name, stdio means a client launched us and is waiting: its session begins now, before the
        // configuration is loaded, so that its first requests can be answered from the last start's snapshot meanwhile.
        Launcher.StdioStart start = transport != null && transport.stdio
                ? root.launcher().startStdio(Optional.ofNullable(root.config), spec.root().commandLine().getParseResult().originalArgs())
                : Launcher.StdioStart.NONE;
        return switch (root.launch()) {
            case Launcher.Launch.Misconfigured bad -> {
                bad.problems().forEach(p -> spec.commandLine().getErr().println("nl2sql: CONFIG_INVALID: " + p));
                spec.commandLine().getErr().flush();
                if (transport == null || transport.stdio) {
                    Optional<Launcher.StdioStart.Abandoned> abandoned = start.abandon();
                    PrintWriter protocol = abandoned.map(a -> new PrintWriter(new OutputStreamWriter(a.protocol(), StandardCharsets.UTF_8)))
                            .orElse(spec.commandLine().getOut());
                    Optional<List<String>> read = abandoned.flatMap(Launcher.StdioStart.Abandoned::read);
                    if (read.isPresent()) {
                        StdioRefusal.answerAll(read.get(), protocol, bad.problems());
                    } else {
                        StdioRefusal.answer(stdin, protocol, bad.problems());
                    }
                }
                yield ExitCodes.CONFIG_INVALID;
            }
            case Launcher.Launch.Ready ready -> {
                try (AutoCloseable ignored = ready.resources()) {
                    Launcher.Listener listener = ready.listener();
                    boolean http = transport == null ? listener.http() : transport.http;
                    yield http ? ready.servers().http(bind == null ? listener.bind() : bind, port == null ? listener.port() : port,
                            stateless || listener.stateless()) : ready.servers().stdio(start);
                }
            }
        };
    }
}
