package dev.nl2sql.library.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * Where the turns of conversations are kept: in this process (the default), or in a PostgreSQL table every replica
 * shares, so that a follow-up works on whichever replica it reaches.
 *
 * @param ttl how long a conversation nothing was asked in is kept
 * @param postgres the shared table, if configured
 */
public record ConversationsConfig(Duration ttl, Optional<PostgresTableConfig> postgres) {

    static final Duration DEFAULT_TTL = Duration.ofMinutes(30);

    /** Conversations in memory, 30 minutes. */
    public static final ConversationsConfig IN_MEMORY = new ConversationsConfig(DEFAULT_TTL, Optional.empty());

    public ConversationsConfig {
        requireNonNull(ttl, "ttl");
        requireNonNull(postgres, "postgres");
    }
}
