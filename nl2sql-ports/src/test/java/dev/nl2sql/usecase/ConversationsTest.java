package dev.nl2sql.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.audit.Caller;
import dev.nl2sql.domain.conversation.ConversationId;
import dev.nl2sql.domain.conversation.Turn;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.query.GeneratedQuery;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.query.ResponseMode;
import dev.nl2sql.domain.query.TokenUsage;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.RelationKind;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.validation.Verdict;
import dev.nl2sql.port.QueryExecutor;
import dev.nl2sql.port.SchemaCatalog;
import dev.nl2sql.usecase.testing.TestUseCases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The conversation store: ids scoped to who started them, and bounded in time, count and size. */
class ConversationsTest {

    private static final DatabaseName SHOP = DatabaseName.of("shop");
    private static final SchemaSnapshot SCHEMA = SchemaSnapshot.of(SHOP, List.of(Relation.of(QualifiedName.of("public", "item"),
            RelationKind.TABLE, List.of(Column.of("id", "integer")))), List.of(), Instant.EPOCH);

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final TestClock clock = new TestClock();

    private Conversations conversations(Conversations.Settings settings) {
        SchemaCatalog catalog = TestUseCases.catalogOf(SCHEMA);
        QueryExecutor executor = new QueryExecutor() {
            @Override
            public QueryOutcome execute(DatabaseName database, Verdict.Accepted statement, List<Object> parameters, Limits limits) {
                throw new AssertionError("only SQL is asked for");
            }

            @Override
            public Result<Double> estimateCost(DatabaseName database, Verdict.Accepted statement, Limits limits) {
                return Result.ok(1.0);
            }
        };
        GenerateSql.OfflineAnswers allItems = (question, schema) -> Result.ok(new GeneratedQuery("SELECT id FROM item", "all items", 0.9,
                List.of(), 1, TokenUsage.NONE, "offline"));
        return TestUseCases.over(catalog, executor).withOffline(allItems).withConversations(settings).withClock(clock).build().conversations();
    }

    private final Conversations conversations = conversations(new Conversations.Settings(Duration.ofMinutes(10), 2, 3, 10_000, 500));

    private static QueryRequest.Question question(String text) {
        return new QueryRequest.Question(SHOP, text, ResponseMode.SQL, Limits.AS_CONFIGURED);
    }

    private Result<Conversations.Asked> ask(String scope, Optional<ConversationId> id, String text) {
        return conversations.ask(scope, id, question(text), Optional.empty(), Caller.LIBRARY);
    }

    private ConversationId start(String scope) {
        return ask(scope, Optional.empty(), "all items").orElseThrow().conversation();
    }

    @Test
    void aFollowUpJoinsTheConversationItNames() {
        ConversationId id = start("a");

        Conversations.Asked followUp = ask("a", Optional.of(id), "again").orElseThrow();

        assertThat(followUp.conversation()).isEqualTo(id);
        assertThat(conversations.turns("a", id).orElseThrow()).extracting(Turn::question).containsExactly("all items", "again");
    }

    @Test
    void anIdFromAnotherScopeIsUnknown() {
        ConversationId id = start("a");

        Result<Conversations.Asked> elsewhere = ask("b", Optional.of(id), "again");

        assertThat(elsewhere).isInstanceOfSatisfying(Result.Err.class,
                err -> assertThat(err.failure().code()).isEqualTo(ErrorCode.CONVERSATION_UNKNOWN));
        assertThat(conversations.turns("b", id)).isInstanceOf(Result.Err.class);
    }

    @Test
    void anUnusedConversationExpires() {
        ConversationId id = start("a");

        clock.now = clock.now.plus(Duration.ofMinutes(11));

        assertThat(ask("a", Optional.of(id), "again")).isInstanceOf(Result.Err.class);
        assertThat(conversations.size()).isZero();
    }

    @Test
    void theLeastRecentlyUsedConversationGivesWayBeyondTheCap() {
        ConversationId first = start("a");
        ConversationId second = start("a");
        ask("a", Optional.of(first), "again").orElseThrow();

        start("a");

        assertThat(conversations.size()).isEqualTo(2);
        assertThat(conversations.turns("a", first)).isInstanceOf(Result.Ok.class);
        assertThat(conversations.turns("a", second)).isInstanceOf(Result.Err.class);
    }

    @Test
    void theOldestTurnsGiveWayBeyondTheTurnCap() {
        ConversationId id = start("a");
        for (int turn = 2; turn <= 5; turn++) {
            ask("a", Optional.of(id), "question " + turn).orElseThrow();
        }

        assertThat(conversations.turns("a", id).orElseThrow()).extracting(Turn::question)
                .containsExactly("question 3", "question 4", "question 5");
    }

    @Test
    void closingAScopeForgetsItsConversations() {
        ConversationId id = start("a");
        start("b");

        conversations.close("a");

        assertThat(conversations.turns("a", id)).isInstanceOf(Result.Err.class);
        assertThat(conversations.size()).isEqualTo(1);
    }
}
