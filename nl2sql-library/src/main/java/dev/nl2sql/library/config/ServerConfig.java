package dev.nl2sql.library.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How the MCP server listens.
 *
 * @param authTokensEnv the environment variable holding the accepted bearer tokens, comma-separated
 * @param authTokens the tokens read from it at load time
 */
public record ServerConfig(Transport transport, String bind, int port, String authTokensEnv, List<Secret> authTokens) {

    /** The MCP transports. */
    public enum Transport {
        STDIO,
        HTTP
    }

    static final Transport DEFAULT_TRANSPORT = Transport.STDIO;
    static final String DEFAULT_BIND = "127.0.0.1";
    static final int DEFAULT_PORT = 8080;
    static final String DEFAULT_AUTH_TOKENS_ENV = "NL2SQL_AUTH_TOKENS";

    /** {@return the defaults: stdio, or HTTP on 127.0.0.1:8080 without tokens when asked for} */
    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_TRANSPORT, DEFAULT_BIND, DEFAULT_PORT, DEFAULT_AUTH_TOKENS_ENV, List.of());
    }

    public ServerConfig {
        requireNonNull(transport, "transport");
        requireNonNull(bind, "bind");
        requireNonNull(authTokensEnv, "authTokensEnv");
        authTokens = List.copyOf(authTokens);
    }
}
