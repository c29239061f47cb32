package dev.nl2sql.domain.audit;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Who made a call, for the audit log: the surface it came through and, when known, the client (an MCP client's name
 * and version, say).
 */
public record Caller(String surface, Optional<String> client) {

    public static final Caller CLI = new Caller("cli", Optional.empty());
    public static final Caller LIBRARY = new Caller("library", Optional.empty());

    public Caller {
        requireNonNull(surface, "surface");
        requireNonNull(client, "client");
    }

    /** {@return an MCP caller, named by the client's own {@code clientInfo} when it gave one} */
    public static Caller mcp(Optional<String> client) {
        return new Caller("mcp", client);
    }
}
