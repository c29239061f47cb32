package dev.nl2sql.usecase;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.conversation.ConversationId;
import dev.nl2sql.domain.conversation.Turn;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.port.ConversationStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Conversations in this process, for one instance: a conversation expires after {@link Conversations.Settings#ttl()}
 * unused, the least recently used is dropped beyond {@link Conversations.Settings#maxConversations()}, and the oldest
 * turns beyond {@link Conversations.Settings#maxTurns()} or {@link Conversations.Settings#maxChars()}.
 */
public final class InMemoryConversationStore implements ConversationStore {

    private record Key(String scope, ConversationId id) {}

    /** One conversation's turns, oldest first; guarded by the store's lock. */
    private static final class Conversation {
        final DatabaseName database;
        final Deque<Turn> turns = new ArrayDeque<>();
        Instant lastUsed;
        int chars;

        Conversation(DatabaseName database, Instant now) {
            this.database = database;
            this.lastUsed = now;
        }

        void add(Turn turn, Conversations.Settings settings) {
            turns.addLast(turn);
            chars += turn.size();
            while (turns.size() > 1 && (turns.size() > settings.maxTurns() || chars > settings.maxChars())) {
                chars -= turns.removeFirst().size();
            }
        }
    }

    private final Conversations.Settings settings;
    private final Clock clock;
    // Access order: the first entry is the least recently used.
    private final Map<Key, Conversation> open = new LinkedHashMap<>(16, 0.75f, true);

    public InMemoryConversationStore(Conversations.Settings settings, Clock clock) {
        this.settings = requireNonNull(settings, "settings");
        this.clock = requireNonNull(clock, "clock");
    }

    @Override
    public Optional<Stored> find(String scope, ConversationId id) {
        synchronized (open) {
            expire();
            Conversation found = open.get(new Key(scope, id));
            return found == null ? Optional.empty() : Optional.of(new Stored(found.database, List.copyOf(found.turns)));
        }
    }

    @Override
    public void start(String scope, ConversationId id, DatabaseName database) {
        synchronized (open) {
            expire();
            open.put(new Key(scope, id), new Conversation(database, clock.instant()));
            evictBeyondCap();
        }
    }

    @Override
    public void append(String scope, ConversationId id, Turn turn) {
        synchronized (open) {
            Conversation current = open.get(new Key(scope, id));
            if (current != null) {
                current.add(turn, settings);
                current.lastUsed = clock.instant();
            }
        }
    }

    @Override
    public void close(String scope) {
        synchronized (open) {
            open.keySet().removeIf(key -> key.scope().equals(scope));
        }
    }

    @Override
    public int size() {
        synchronized (open) {
            expire();
            return open.size();
        }
    }

    private void expire() {
        Instant oldest = clock.instant().minus(settings.ttl());
        open.values().removeIf(conversation -> conversation.lastUsed.isBefore(oldest));
    }

    private void evictBeyondCap() {
        Iterator<Key> leastRecent = open.keySet().iterator();
        while (open.size() > settings.maxConversations() && leastRecent.hasNext()) {
            leastRecent.next();
            leastRecent.remove();
        }
    }
}
