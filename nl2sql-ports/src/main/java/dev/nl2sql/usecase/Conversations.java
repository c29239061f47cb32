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
import dev.nl2sql.port.ConversationStore;
import dev.nl2sql.port.LanguageModel;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Questions asked in a conversation: each answer is read against the earlier turns, and becomes one itself. A
 * conversation belongs to a scope (an MCP session, a shell): an id is unknown outside the scope that started it. The
 * turns are kept by a {@link ConversationStore}: in this process by default ({@link InMemoryConversationStore}, bounded
 * by {@link Settings}), or in a database several replicas share. Turns keep the question, the SQL and a small summary
 * of the rows, never the rows. A shared store that cannot be reached refuses the question with {@code DB_UNAVAILABLE}
 * before anything is asked of a model: a follow-up's earlier turns cannot be read, and a new conversation could not be
 * continued.
 */
public final class Conversations {

    private static final Logger LOG = LoggerFactory.getLogger(Conversations.class);

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

    private final GenerateSql generateSql;
    private final ConversationStore store;
    private final int promptTokens;

    /** Conversations kept in this process, with {@code settings}' limits. */
    public Conversations(GenerateSql generateSql, Settings settings, Clock clock) {
        this(generateSql, new InMemoryConversationStore(settings, clock), settings.promptTokens());
    }

    /** @param promptTokens the most tokens the earlier turns take in a prompt */
    public Conversations(GenerateSql generateSql, ConversationStore store, int promptTokens) {
        this.generateSql = requireNonNull(generateSql, "generateSql");
        this.store = requireNonNull(store, "store");
        this.promptTokens = promptTokens;
    }

    /**
     * {@return the answer to {@code question} in conversation {@code id} of {@code scope}, or in a new conversation
     * when {@code id} is empty} An id that is not open in {@code scope} fails with {@code CONVERSATION_UNKNOWN}; a
     * store that cannot be reached with {@code DB_UNAVAILABLE}, before the question is answered.
     */
    public Result<Asked> ask(String scope, Optional<ConversationId> id, QueryRequest.Question question,
            Optional<LanguageModel> clientModel, Caller caller) {
        requireNonNull(scope, "scope");
        try {
            return askStored(scope, id, question, clientModel, caller);
        } catch (ConversationStore.Unavailable down) {
            return Result.err(unavailable(down));
        }
    }

    private Result<Asked> askStored(String scope, Optional<ConversationId> id, QueryRequest.Question question,
            Optional<LanguageModel> clientModel, Caller caller) {
        ConversationId conversation = id.orElseGet(ConversationId::random);
        List<Turn> turns = List.of();
        if (id.isPresent()) {
            Optional<ConversationStore.Stored> found = store.find(scope, conversation);
            if (found.isEmpty()) {
                return Result.err(new Failure.UnknownConversation(conversation.value()));
            }
            if (!found.get().database().equals(question.database())) {
                return Result.err(new Failure.RequestInvalid("conversation " + conversation + " is about database '"
                        + found.get().database() + "'; start a new conversation to ask about '" + question.database() + "'"));
            }
            turns = found.get().turns();
        } else {
            store.start(scope, conversation, question.database());
        }
        Answer answer = generateSql.answer(question, clientModel, caller, new ConversationContext(turns, promptTokens));
        Turn turn = switch (answer.generation()) {
            case Generation.Generated generated -> new Turn(question.text(), Optional.of(generated.query().sql()),
                    answer.rows().map(ResultSummary::of));
            case Generation.Refused refused -> new Turn(question.text(), Optional.empty(), Optional.empty());
        };
        try {
            store.append(scope, conversation, turn);
        } catch (ConversationStore.Unavailable down) {
            // the answer stands (it is audited, and asking again would cost another model call); only this turn is lost
            LOG.warn("turn of conversation {} not kept: {}", conversation, unavailable(down).message());
        }
        return Result.ok(new Asked(conversation, answer));
    }

    private static Failure unavailable(ConversationStore.Unavailable down) {
        return new Failure.ConversationStoreUnavailable(down.store(), down.getMessage());
    }

    /** {@return the turns of conversation {@code id} of {@code scope}, oldest first} */
    public Result<List<Turn>> turns(String scope, ConversationId id) {
        try {
            return store.find(scope, id).<Result<List<Turn>>>map(found -> Result.ok(found.turns()))
                    .orElseGet(() -> Result.err(new Failure.UnknownConversation(id.value())));
        } catch (ConversationStore.Unavailable down) {
            return Result.err(unavailable(down));
        }
    }

    /** Forgets every conversation of {@code scope}: its session ended. */
    public void close(String scope) {
        try {
            store.close(scope);
        } catch (ConversationStore.Unavailable down) {
            // the session is gone either way; its conversations expire by their time to live
            LOG.warn("conversations of an ended session not deleted: {}", unavailable(down).message());
        }
    }

    /** {@return how many conversations are open, in every scope} */
    public int size() {
        return store.size();
    }
}
