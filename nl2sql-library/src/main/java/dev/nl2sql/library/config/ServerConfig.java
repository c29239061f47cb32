package dev.nl2sql.library.config;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.usecase.CachedSchemaCatalog;
import java.time.Duration;
import java.util.List;

/**
 * How the MCP server listens, and what it offers.
 *
 * @param authTokensEnv the environment variable holding the accepted bearer tokens, comma-separated
 * @param authTokens the tokens read from it at load time
 * @param tools the tools offered: profiles ({@code core}, {@code all}) and tool names; empty means {@code all}
 * @param templateTools whether each query template is also offered as a tool of its own
 * @param maxSessions the most HTTP sessions kept at once
 * @param sessionIdleTimeout how long an HTTP session nothing is heard from is kept
 * @param allowedHosts {@code Host} values accepted beyond the server's own names
 * @param allowedOrigins browser origins ({@code scheme://host:port}) accepted beyond the server's own
 * @param schemaCheckInterval how often the schemas are re-read to tell connected clients of changes
 * @param ui whether {@code nl2sql serve --http} also serves the web page at {@code /ui} (it needs bearer tokens)
 * @param stateless whether HTTP serves each request without a session, so that any replica can answer it
 */
public record ServerConfig(Transport transport, String bind, int port, String authTokensEnv, List<Secret> authTokens, List<String> tools,
        boolean templateTools, int maxSessions, Duration sessionIdleTimeout, List<String> allowedHosts, List<String> allowedOrigins,
        Duration schemaCheckInterval, boolean ui, boolean stateless) {

    /** The MCP transports. */
    public enum Transport {
        STDIO,
        HTTP
    }

    static final Transport DEFAULT_TRANSPORT = Transport.STDIO;
    static final String DEFAULT_BIND = "127.0.0.1";
    static final int DEFAULT_PORT = 8080;
    static final String DEFAULT_AUTH_TOKENS_ENV = "NL2SQL_AUTH_TOKENS";
    static final List<String> DEFAULT_TOOLS = List.of("all");
    static final Duration DEFAULT_SESSION_IDLE_TIMEOUT = Duration.ofMinutes(30);

    /** {@return one session per 256 KiB of this JVM's heap, between 100 and 10,000: 1,024 for a 256 MiB heap} */
    static int defaultMaxSessions() {
        return (int) Math.clamp(Runtime.getRuntime().maxMemory() / (256 * 1024), 100, 10_000);
    }

    /** {@return the defaults: stdio, or HTTP on 127.0.0.1:8080 without tokens when asked for; every tool} */
    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_TRANSPORT, DEFAULT_BIND, DEFAULT_PORT, DEFAULT_AUTH_TOKENS_ENV, List.of(), DEFAULT_TOOLS, false,
                defaultMaxSessions(), DEFAULT_SESSION_IDLE_TIMEOUT, List.of(), List.of(), CachedSchemaCatalog.DEFAULT_TTL, false, false);
    }

    public ServerConfig {
        requireNonNull(transport, "transport");
        requireNonNull(bind, "bind");
        requireNonNull(authTokensEnv, "authTokensEnv");
        requireNonNull(sessionIdleTimeout, "sessionIdleTimeout");
        requireNonNull(schemaCheckInterval, "schemaCheckInterval");
        authTokens = List.copyOf(authTokens);
        tools = List.copyOf(tools);
        allowedHosts = List.copyOf(allowedHosts);
        allowedOrigins = List.copyOf(allowedOrigins);
    }
}
