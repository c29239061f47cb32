package dev.nl2sql.usecase;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.audit.Caller;
import dev.nl2sql.domain.conversation.ConversationContext;
import dev.nl2sql.domain.conversation.ConversationId;
import dev.nl2sql.domain.conversation.ResultSummary;
import dev.nl2sql.domain.conversation.Turn;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.generation.Answer;
import dev.nl2sql.domain.generation.Generation;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.port.LanguageModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Questions asked in a conversation: each answer is read against the earlier turns, and becomes one itself. A
 * conversation belongs to a scope (an MCP session, a shell): an id is unknown outside the scope that started it.
 * Memory is bounded: a conversation expires after {@link Settings#ttl()} unused, the least recently used is dropped
 * beyond {@link Settings#maxConversations()}, and the oldest turns beyond {@link Settings#maxTurns()} or
 * {@link Settings#maxChars()}. Turns keep the question, the SQL and a small summary of the rows, never the rows.
 */
public final class Conversations {

    /**
     * How much is kept.
     *
     * @param promptTokens the most tokens the earlier turns take in a prompt
     */
    public record Settings(Duration ttl, int maxConversations, int maxTurns, int maxChars, int promptTokens) {
        public static final Settings DEFAULT = new Settings(Duration.ofMinutes(30), 200, 50, 64_000, 1_500);

        public Settings {
            requireNonNull(ttl, "ttl");
            if (ttl.isNegative() || ttl.isZero() || maxConversations < 1 || maxTurns < 1 || maxChars < 1 || promptTokens < 0) {
                throw new IllegalArgumentException("conversation limits must be positive: " + ttl + ", " + maxConversations + ", "
                        + maxTurns + ", " + maxChars + ", " + promptTokens);
            }
        }
    }

    /** An answer and the conversation it belongs to (new when the question started one). */
    public record Asked(ConversationId conversation, Answer answer) {
        public Asked {
            requireNonNull(conversation, "conversation");
            requireNonNull(answer, "answer");
        }
    }

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

        void add(Turn turn, Settings settings) {
            turns.addLast(turn);
            chars += turn.size();
            while (turns.size() > 1 && (turns.size() > settings.maxTurns() || chars > settings.maxChars())) {
                chars -= turns.removeFirst().size();
            }
        }
    }

    private final GenerateSql generateSql;
    private final Settings settings;
    private final Clock clock;
    // Access order: the first entry is the least recently used.
    private final Map<Key, Conversation> open = new LinkedHashMap<>(16, 0.75f, true);

    public Conversations(GenerateSql generateSql, Settings settings, Clock clock) {
        this.generateSql = requireNonNull(generateSql, "generateSql");
        this.settings = requireNonNull(settings, "settings");
        this.clock = requireNonNull(clock, "clock");
    }

    /**
     * {@return the answer to {@code question} in conversation {@code id} of {@code scope}, or in a new conversation
     * when {@code id} is empty} An id that is not open in {@code scope} fails with {@code CONVERSATION_UNKNOWN}.
     */
    public Result<Asked> ask(String scope, Optional<ConversationId> id, QueryRequest.Question question,
            Optional<LanguageModel> clientModel, Caller caller) {
        requireNonNull(scope, "scope");
        ConversationId conversation = id.orElseGet(ConversationId::random);
        Key key = new Key(scope, conversation);
        ConversationContext earlier;
        synchronized (open) {
            expire();
            Conversation found = open.get(key);
            if (id.isPresent() && found == null) {
                return Result.err(new Failure.UnknownConversation(conversation.value()));
            }
            if (found != null && !found.database.equals(question.database())) {
                return Result.err(new Failure.RequestInvalid("conversation " + conversation + " is about database '" + found.database
                        + "'; start a new conversation to ask about '" + question.database() + "'"));
            }
            if (found == null) {
                open.put(key, new Conversation(question.database(), clock.instant()));
                evictBeyondCap();
            }
            earlier = new ConversationContext(found == null ? List.of() : List.copyOf(found.turns), settings.promptTokens());
        }
        Answer answer = generateSql.answer(question, clientModel, caller, earlier);
        Turn turn = switch (answer.generation()) {
            case Generation.Generated generated -> new Turn(question.text(), Optional.of(generated.query().sql()),
                    answer.rows().map(ResultSummary::of));
            case Generation.Refused refused -> new Turn(question.text(), Optional.empty(), Optional.empty());
        };
        synchronized (open) {
            Conversation current = open.get(key);
            if (current != null) {
                current.add(turn, settings);
                current.lastUsed = clock.instant();
            }
        }
        return Result.ok(new Asked(conversation, answer));
    }

    /** {@return the turns of conversation {@code id} of {@code scope}, oldest first} */
    public Result<List<Turn>> turns(String scope, ConversationId id) {
        synchronized (open) {
            expire();
            Conversation found = open.get(new Key(scope, id));
            return found == null ? Result.err(new Failure.UnknownConversation(id.value())) : Result.ok(List.copyOf(found.turns));
        }
    }

    /** Forgets every conversation of {@code scope}: its session ended. */
    public void close(String scope) {
        synchronized (open) {
            open.keySet().removeIf(key -> key.scope().equals(scope));
        }
    }

    /** {@return how many conversations are open, in every scope} */
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
