package dev.nl2sql.usecase;

import static dev.nl2sql.usecase.ScriptedModel.sql;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.audit.Caller;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.generation.Answer;
import dev.nl2sql.domain.generation.ChatReply;
import dev.nl2sql.domain.generation.Generation;
import dev.nl2sql.domain.query.GeneratedQuery;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.query.ResponseMode;
import dev.nl2sql.domain.query.TokenUsage;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.result.ResultColumn;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.RelationKind;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.schema.SchemaText;
import dev.nl2sql.domain.template.QueryTemplate;
import dev.nl2sql.domain.validation.Verdict;
import dev.nl2sql.port.QueryExecutor;
import dev.nl2sql.port.SchemaCatalog;
import dev.nl2sql.usecase.testing.TestUseCases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The correction loop, through {@link GenerateSql} with scripted ports: what goes back to the writer, when it stops,
 * the one time budget, the offline fallback, and one audit entry per question.
 */
class CorrectionLoopTest {

    private static final DatabaseName SHOP = DatabaseName.of("shop");
    private static final SchemaSnapshot SCHEMA = SchemaSnapshot.of(SHOP, List.of(Relation.of(QualifiedName.of("public", "item"),
            RelationKind.TABLE, List.of(Column.of("id", "integer"), Column.of("name", "text")))), List.of(), Instant.EPOCH);
    private static final QueryTemplate ITEM_COUNT = new QueryTemplate("item_count", "Number of items", SHOP,
            "SELECT count(*) AS items FROM item", List.of(), List.of("how", "many", "items"));
    private static final QueryOutcome ROWS = QueryOutcome.succeeded("", new QueryResult(List.of(new ResultColumn("id", "int4")),
            List.of(List.of(1L)), false, Duration.ofMillis(1)));

    private final ScriptedModel model = new ScriptedModel();
    private final List<AuditEntry> audit = new ArrayList<>();
    private final Deque<QueryOutcome> outcomes = new ArrayDeque<>();
    private final List<String> executed = new ArrayList<>();

    private final SchemaCatalog catalog = TestUseCases.catalogOf(SCHEMA);

    /** Answers each statement with the next scripted outcome, or rows when none is left. */
    private final QueryExecutor executor = new QueryExecutor() {
        @Override
        public QueryOutcome execute(DatabaseName database, Verdict.Accepted statement, List<Object> parameters, Limits limits) {
            executed.add(statement.sql());
            QueryOutcome next = outcomes.poll();
            return next == null ? QueryOutcome.succeeded(statement.sql(), ((QueryOutcome.Succeeded) ROWS).result()) : next;
        }

        @Override
        public Result<Double> estimateCost(DatabaseName database, Verdict.Accepted statement, Limits limits) {
            return Result.ok(1.0);
        }
    };

    private GenerateSql generateSql(GenerateSql.Settings settings, GenerateSql.OfflineAnswers offline) {
        return TestUseCases.over(catalog, executor).withAudit(audit::add).withTemplates(List.of(ITEM_COUNT)).withModel(model)
                .withSchemaContext((question, schema) -> SchemaText.ddl(schema.relations(), schema)).withOffline(offline)
                .withGeneration(settings).build().generateSql();
    }

    private Answer ask(String question, ResponseMode mode) {
        return ask(question, mode, GenerateSql.Settings.DEFAULT);
    }

    private Answer ask(String question, ResponseMode mode, GenerateSql.Settings settings) {
        return generateSql(settings, (q, schema) -> Result.err(new Failure.Unanswerable("not offline")))
                .answer(new QueryRequest.Question(SHOP, question, mode, Limits.AS_CONFIGURED), Optional.empty(), Caller.CLI);
    }

    private static GeneratedQuery generated(Answer answer) {
        assertThat(answer.generation()).isInstanceOf(Generation.Generated.class);
        return ((Generation.Generated) answer.generation()).query();
    }

    private static Generation.Refused refused(Answer answer) {
        assertThat(answer.generation()).isInstanceOf(Generation.Refused.class);
        return (Generation.Refused) answer.generation();
    }

    @Test
    void aRejectedDraftGoesBackWithTheValidatorsReasonAndTheClosestNames() {
        model.replies(sql("SELECT nmae FROM item"), sql("SELECT name FROM item"));

        Answer answer = ask("item names", ResponseMode.SQL);

        assertThat(generated(answer).sql()).isEqualTo("SELECT name FROM item");
        assertThat(generated(answer).attempts()).isEqualTo(2);
        assertThat(model.lastMessage(1)).contains("could not be used", "nmae", "Closest names: name");
    }

    @Test
    void aDatabaseErrorTheWriterCanFixGoesBackWithItsSqlState() {
        outcomes.add(QueryOutcome.failed(new Failure.DatabaseError(SHOP, "22P02", "invalid input syntax for type integer")));
        model.replies(sql("SELECT id FROM item WHERE id = 'one'"), sql("SELECT id FROM item WHERE id = 1"));

        Answer answer = ask("item one", ResponseMode.BOTH);

        assertThat(generated(answer).attempts()).isEqualTo(2);
        assertThat(model.lastMessage(1)).contains("22P02");
        assertThat(answer.rows()).hasValueSatisfying(rows -> assertThat(rows).isInstanceOf(QueryOutcome.Succeeded.class));
    }

    @Test
    void aFailureNoWriterCanFixEndsTheQuestionAfterOneDraft() {
        outcomes.add(QueryOutcome.failed(new Failure.Timeout(SHOP, Duration.ofSeconds(1))));
        model.replies(sql("SELECT id FROM item"));

        Answer answer = ask("all items", ResponseMode.BOTH);

        assertThat(answer.generation()).isInstanceOf(Generation.Generated.class);
        assertThat(answer.rows()).hasValueSatisfying(rows -> assertThat(((QueryOutcome.Failed) rows).failure().code())
                .isEqualTo(ErrorCode.TIMEOUT));
        assertThat(model.requests()).hasSize(1);
    }

    @Test
    void correctionsAreBoundedBySettings() {
        model.replies(sql("SELECT nope FROM item"), sql("SELECT nope FROM item"), sql("SELECT nope FROM item"), sql("SELECT id FROM item"));

        Answer answer = ask("items", ResponseMode.SQL);

        assertThat(refused(answer).attempts()).isEqualTo(3);
        assertThat(refused(answer).failure().code()).isEqualTo(ErrorCode.SQL_INVALID);
        assertThat(model.requests()).hasSize(3);
    }

    @Test
    void anUnreadableReplyIsAskedForAgainWithWhatWasWrong() {
        model.replies("Happy to help!", sql("SELECT id FROM item"));

        Answer answer = ask("items", ResponseMode.SQL);

        assertThat(generated(answer).attempts()).isEqualTo(2);
        assertThat(model.lastMessage(1)).contains("could not be read");
    }

    @Test
    void aWriteNeverReachesTheDatabase() {
        model.replies(sql("DELETE FROM item"), sql("DROP TABLE item"), sql("UPDATE item SET id = 0"));

        Answer answer = ask("remove the items", ResponseMode.RESULT);

        assertThat(refused(answer).failure().code()).isEqualTo(ErrorCode.SQL_REJECTED);
        assertThat(executed).isEmpty();
    }

    @Test
    void tokensAddUpOverTheDrafts() {
        model.replies(sql("SELECT nope FROM item"), sql("SELECT id FROM item"));

        assertThat(generated(ask("items", ResponseMode.SQL)).tokens()).isEqualTo(new TokenUsage(20, 10));
    }

    @Test
    void eachModelCallIsGivenWhatRemainsOfTheQuestionsBudget() {
        model.replies(sql("SELECT nope FROM item"), sql("SELECT id FROM item"));

        ask("items", ResponseMode.SQL, GenerateSql.Settings.DEFAULT.withQuestionTimeout(Duration.ofSeconds(7)));

        Duration first = model.requests().get(0).timeout();
        Duration second = model.requests().get(1).timeout();
        assertThat(first).isLessThanOrEqualTo(Duration.ofSeconds(7)).isGreaterThan(Duration.ZERO);
        assertThat(second).isLessThan(first);
    }

    @Test
    void aSpentBudgetEndsTheQuestionWithoutAnotherModelCall() {
        model.then(request -> {
            sleep(request.timeout().plusMillis(20)); // the model uses the whole budget, and a wrong answer at that
            return Result.ok(new ChatReply(sql("SELECT nope FROM item"), TokenUsage.NONE, "scripted"));
        });

        Answer answer = ask("items", ResponseMode.SQL, GenerateSql.Settings.DEFAULT.withQuestionTimeout(Duration.ofMillis(50)));

        assertThat(refused(answer).failure().code()).isEqualTo(ErrorCode.LLM_UNAVAILABLE);
        assertThat(refused(answer).failure().message()).contains("time budget", "llm.question_timeout");
        assertThat(model.requests()).hasSize(1);
    }

    @Test
    void aModelThatIsDownLeavesTheQuestionToTheOfflinePathsAndTheAnswerSaysSo() {
        model.fails(new Failure.LlmUnavailable("HTTP 500"));

        Answer answer = ask("how many items are there", ResponseMode.BOTH);

        assertThat(generated(answer).generator()).isEqualTo("template:item_count");
        assertThat(executed).containsExactly("SELECT count(*) AS items FROM item LIMIT 1001");
        assertThat(answer.degraded()).hasValueSatisfying(degraded -> {
            assertThat(degraded.model()).isEqualTo("scripted");
            assertThat(degraded.failure()).isEqualTo(new Failure.LlmUnavailable("HTTP 500"));
            assertThat(degraded.answeredBy()).isEqualTo("template:item_count");
        });
    }

    @Test
    void withFallbackRefuseAFailedModelIsARefusalAndNothingRuns() {
        model.fails(new Failure.LlmUnavailable("HTTP 500"));

        Answer answer = ask("how many items are there", ResponseMode.BOTH,
                GenerateSql.Settings.DEFAULT.withFallback(GenerateSql.Fallback.REFUSE));

        assertThat(refused(answer).failure().code()).isEqualTo(ErrorCode.LLM_UNAVAILABLE);
        assertThat(refused(answer).failure().message()).contains("HTTP 500", "llm.fallback: refuse");
        assertThat(answer.degraded()).isEmpty();
        assertThat(executed).isEmpty();
    }

    @Test
    void anAnswerTheModelWroteIsNotDegraded() {
        model.replies(sql("SELECT id FROM item"));

        assertThat(ask("items", ResponseMode.SQL).degraded()).isEmpty();
    }

    @Test
    void theAuditEntryOfADegradedAnswerNamesTheFailureAndTheFallback() {
        model.fails(new Failure.LlmUnavailable("HTTP 500"));

        ask("how many items are there", ResponseMode.BOTH);

        assertThat(audit).singleElement().satisfies(entry -> assertThat(entry.degraded()).hasValueSatisfying(degraded ->
                assertThat(degraded).contains("scripted failed", "LLM_UNAVAILABLE", "HTTP 500", "answered by template:item_count")));
    }

    @Test
    void aQuestionAnsweredByATemplateIsOneAuditEntry() {
        model.fails(new Failure.LlmUnavailable("HTTP 500"));

        ask("how many items are there", ResponseMode.BOTH);

        assertThat(audit).singleElement().satisfies(entry -> {
            assertThat(entry.question()).contains("how many items are there");
            assertThat(entry.model()).contains("template:item_count");
            assertThat(entry.rowCount()).isEqualTo(1);
        });
    }

    @Test
    void aRefusedQuestionIsOneAuditEntryWithItsAttempts() {
        model.replies(sql("SELECT nope FROM item"), sql("SELECT nope FROM item"), sql("SELECT nope FROM item"));

        ask("items", ResponseMode.SQL);

        assertThat(audit).singleElement().satisfies(entry -> {
            assertThat(entry.errorCode()).contains(ErrorCode.SQL_INVALID);
            assertThat(entry.attempts()).isEqualTo(3);
            assertThat(entry.promptTokens()).isEqualTo(30);
        });
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
