package dev.nl2sql.port;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.conversation.ConversationId;
import dev.nl2sql.domain.conversation.Turn;
import dev.nl2sql.domain.database.DatabaseName;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the turns of open conversations: in this process, or in a database every replica shares. A conversation
 * belongs to a scope (an MCP session, a shell; empty for a stateless server, where its unguessable id alone names it)
 * and expires when nothing was asked in it for the store's time to live. Turns are only ever appended, so two
 * follow-ups asked at once (on two replicas) both keep theirs. A store that cannot be reached throws
 * {@link Unavailable} from any method: infrastructure, not a bug, which the use case turns into a coded failure.
 */
public interface ConversationStore {

    /** The store cannot be reached now (its database is down or refuses the connection). */
    final class Unavailable extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final String store;

        /** @param store where the store is, e.g. host:port/database, never with a password */
        public Unavailable(String store, String reason, Throwable cause) {
            super(reason, cause);
            this.store = requireNonNull(store, "store");
        }

        public String store() {
            return store;
        }
    }

    /** A conversation: the database it is about and its turns, oldest first, as many as the store keeps. */
    record Stored(DatabaseName database, List<Turn> turns) {
        public Stored {
            requireNonNull(database, "database");
            turns = List.copyOf(turns);
        }
    }

    /** {@return conversation {@code id} of {@code scope}, unless it is unknown or expired} */
    Optional<Stored> find(String scope, ConversationId id);

    /** Opens conversation {@code id} of {@code scope} about {@code database}, without turns. */
    void start(String scope, ConversationId id, DatabaseName database);

    /** Adds {@code turn} after the others; a conversation that expired meanwhile stays gone. */
    void append(String scope, ConversationId id, Turn turn);

    /** Forgets every conversation of {@code scope}: its session ended. */
    void close(String scope);

    /** {@return how many conversations are open, in every scope} */
    int size();
}
