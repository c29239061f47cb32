package dev.nl2sql.mcp;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.usecase.CachedSchemaCatalog;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How the MCP server presents itself and, over HTTP, where it listens and whom it lets in.
 *
 * @param version the version reported in {@code serverInfo}
 * @param authTokens the bearer tokens accepted over HTTP; required when {@code bind} is not a loopback address
 * @param maxRequestSize the largest request accepted: an HTTP body in bytes, a stdio line in characters
 * @param tools the tools offered
 * @param sessions how many HTTP sessions are kept, and for how long
 * @param allowed the Host and Origin values accepted over HTTP beyond this server's own
 * @param schemaCheckInterval how often the schemas are re-read to tell clients of changes
 * @param ui whether the web page is served at {@code /ui} over HTTP; it calls {@code /mcp} with a bearer token
 * @param stateless whether HTTP serves every request on its own, without sessions, so that any replica behind a load
 *     balancer can answer it (no sampling, subscriptions or notifications then)
 */
public record ServerSettings(String version, String bind, int port, List<String> authTokens, int maxRequestSize, ToolSelection tools,
        Sessions sessions, AllowedClients allowed, Duration schemaCheckInterval, boolean ui, boolean stateless) {

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;

    public ServerSettings {
        requireNonNull(version, "version");
        requireNonNull(bind, "bind");
        requireNonNull(tools, "tools");
        requireNonNull(sessions, "sessions");
        requireNonNull(allowed, "allowed");
        requireNonNull(schemaCheckInterval, "schemaCheckInterval");
        authTokens = authTokens.stream().filter(t -> !t.isBlank()).toList();
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0-65535, was " + port);
        }
        if (maxRequestSize < 1) {
            throw new IllegalArgumentException("maxRequestSize must be positive, was " + maxRequestSize);
        }
    }

    /**
     * The HTTP sessions the server keeps: a client that opens one more than {@code max} is refused until one ends, and
     * a session nothing was heard from for {@code idleTimeout} ends, with its conversations and subscriptions.
     */
    public record Sessions(int max, Duration idleTimeout) {

        public static final int DEFAULT_MAX = 1_000;
        public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);

        public Sessions {
            requireNonNull(idleTimeout, "idleTimeout");
            if (max < 1 || idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("sessions need a positive limit and idle timeout, were " + max + " and " + idleTimeout);
            }
        }

        /** {@return 1,000 sessions, 30 minutes; nl2sql serve sizes the limit to the heap (server.max_sessions)} */
        public static Sessions defaults() {
            return new Sessions(DEFAULT_MAX, DEFAULT_IDLE_TIMEOUT);
        }
    }

    /**
     * What a request over HTTP may name beyond this server (localhost, 127.0.0.1, [::1] and the bind address, on its
     * port): e.g. the name behind a proxy, or the page of a tool such as the MCP Inspector.
     *
     * @param hosts {@code Host} values, {@code name} (any port) or {@code name:port}
     * @param origins browser origins, {@code scheme://host:port}, compared exactly (the default port written or not)
     */
    public record AllowedClients(List<String> hosts, List<String> origins) {

        public static final AllowedClients NONE = new AllowedClients(List.of(), List.of());

        public AllowedClients {
            hosts = List.copyOf(hosts);
            origins = List.copyOf(origins);
        }
    }

    /** {@return settings for {@code version} on 127.0.0.1:{@code port}, without tokens, with every tool} */
    public static ServerSettings loopback(String version, int port) {
        return new ServerSettings(version, DEFAULT_BIND, port, List.of(), DEFAULT_MAX_REQUEST_SIZE, ToolSelection.ALL, Sessions.defaults(),
                AllowedClients.NONE, CachedSchemaCatalog.DEFAULT_TTL, false, false);
    }

    public ServerSettings withListener(String newBind, int newPort) {
        return new ServerSettings(version, newBind, newPort, authTokens, maxRequestSize, tools, sessions, allowed, schemaCheckInterval, ui, stateless);
    }

    public ServerSettings withAuthTokens(List<String> tokens) {
        return new ServerSettings(version, bind, port, tokens, maxRequestSize, tools, sessions, allowed, schemaCheckInterval, ui, stateless);
    }

    public ServerSettings withTools(ToolSelection newTools) {
        return new ServerSettings(version, bind, port, authTokens, maxRequestSize, newTools, sessions, allowed, schemaCheckInterval, ui, stateless);
    }

    public ServerSettings withAllowed(AllowedClients newAllowed) {
        return new ServerSettings(version, bind, port, authTokens, maxRequestSize, tools, sessions, newAllowed, schemaCheckInterval, ui, stateless);
    }

    public ServerSettings withSchemaCheckInterval(Duration interval) {
        return new ServerSettings(version, bind, port, authTokens, maxRequestSize, tools, sessions, allowed, interval, ui, stateless);
    }

    public ServerSettings withSessions(Sessions newSessions) {
        return new ServerSettings(version, bind, port, authTokens, maxRequestSize, tools, newSessions, allowed, schemaCheckInterval, ui, stateless);
    }

    public ServerSettings withUi(boolean served) {
        return new ServerSettings(version, bind, port, authTokens, maxRequestSize, tools, sessions, allowed, schemaCheckInterval, served, stateless);
    }

    public ServerSettings withStateless(boolean newStateless) {
        return new ServerSettings(version, bind, port, authTokens, maxRequestSize, tools, sessions, allowed, schemaCheckInterval, ui, newStateless);
    }

    /** {@return whether {@code bind} only accepts connections from this machine} */
    public boolean isLoopback() {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** {@return why the server must not listen with these settings: beyond loopback without a token, or the page without one} */
    public Optional<String> problem() {
        if (ui && authTokens.isEmpty()) {
            return Optional.of("refusing to serve the web page (server.ui) without bearer tokens: set server.auth_tokens_env "
                    + "(NL2SQL_AUTH_TOKENS); the page asks for one");
        }
        if (!isLoopback() && authTokens.isEmpty()) {
            return Optional.of("refusing to listen on " + bind + " without bearer tokens: set server.auth_tokens_env "
                    + "(NL2SQL_AUTH_TOKENS) or bind to 127.0.0.1");
        }
        return Optional.empty();
    }
}
