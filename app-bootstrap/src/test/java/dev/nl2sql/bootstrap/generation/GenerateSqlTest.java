package dev.nl2sql.bootstrap.generation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.generation.Answer;
import dev.nl2sql.domain.generation.Generation;
import dev.nl2sql.domain.query.GeneratedQuery;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.query.ResponseMode;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.template.ParameterType;
import dev.nl2sql.domain.template.QueryTemplate;
import dev.nl2sql.domain.template.TemplateParameter;
import dev.nl2sql.bootstrap.TestWiring;
import dev.nl2sql.fixtures.FixtureLoader;
import dev.nl2sql.fixtures.Progress;
import dev.nl2sql.fixtures.PublicDataset;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.library.Wiring;
import dev.nl2sql.openai.OpenAiLanguageModel;
import dev.nl2sql.openai.testing.ScriptedOpenAiServer;
import dev.nl2sql.openai.testing.ScriptedOpenAiServer.Scripted;
import dev.nl2sql.usecase.GenerateSql;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Question to SQL against Chinook, with the model played by a local OpenAI-compatible server that the test scripts:
 * what the adapter sends, the correction loop, and the offline fallback when the model is down.
 */
class GenerateSqlTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final DatabaseName CHINOOK = DatabaseName.of("chinook");
    private static final QueryTemplate TRACK_COUNT = new QueryTemplate("track_count", "Number of tracks in the store", CHINOOK,
            "SELECT count(*) AS tracks FROM track WHERE milliseconds >= :min_ms",
            List.of(new TemplateParameter("min_ms", ParameterType.INTEGER, "shortest length", Optional.of("0"))), List.of("how", "many", "tracks"));

    @TempDir
    Path audit;

    private ScriptedOpenAiServer server;
    private OpenAiLanguageModel model;
    private Wiring wiring;

    @BeforeAll
    static void loadChinook() throws SQLException {
        try (Connection c = db.connect()) {
            new FixtureLoader().load(PublicDataset.CHINOOK.fixture(), c, Progress.none());
        }
    }

    /** Chinook with its track count template, answered offline when the model fails */
    private static TestWiring chinook() {
        return TestWiring.of(TestWiring.database(CHINOOK.value(), db)).template(TRACK_COUNT).fallback(GenerateSql.Fallback.OFFLINE);
    }

    @BeforeEach
    void startModel() {
        server = ScriptedOpenAiServer.start();
        model = TestWiring.scriptedModel(server);
        wiring = chinook().model(model).wire(audit);
    }

    @AfterEach
    void stopModel() {
        wiring.close();
        model.close();
        server.close();
    }

    private Answer ask(String question, ResponseMode mode) {
        return wiring.useCases().generateSql().answer(new QueryRequest.Question(CHINOOK, question, mode, Limits.AS_CONFIGURED), Optional.empty());
    }

    private static String reply(String sql) {
        return "{\"sql\": \"" + sql.replace("\"", "\\\"") + "\", \"explanation\": \"test\", \"confidence\": 0.8, \"tables\": [\"track\"]}";
    }

    private static GeneratedQuery generated(Answer answer) {
        assertThat(answer.generation()).isInstanceOf(Generation.Generated.class);
        return ((Generation.Generated) answer.generation()).query();
    }

    private static Failure refusal(Answer answer) {
        assertThat(answer.generation()).isInstanceOf(Generation.Refused.class);
        return ((Generation.Refused) answer.generation()).failure();
    }

    private String lastUserMessage(int request) {
        JsonNode messages = server.requests().get(request).json().get("messages");
        return messages.get(messages.size() - 1).get("content").asText();
    }

    @Test
    void answersWithTheModelsSqlAndRunsIt() {
        server.enqueue(Scripted.chatReply(reply("SELECT count(*) AS tracks FROM track"), 120, 30));

        Answer answer = ask("How many tracks are there?", ResponseMode.BOTH);

        GeneratedQuery query = generated(answer);
        assertThat(query.sql()).as("the row cap's LIMIT is ours, not shown").isEqualTo("SELECT count(*) AS tracks FROM track");
        assertThat(query.attempts()).isEqualTo(1);
        assertThat(query.tokens().total()).isEqualTo(150);
        assertThat(query.generator()).isEqualTo("openai:test-model");
        assertThat(answer.rows()).hasValueSatisfying(rows -> assertThat(((QueryOutcome.Succeeded) rows).result().rows().getFirst().getFirst())
                .isEqualTo(3503L));
    }

    @Test
    void sendsTheModelTheSchemaTheQuestionAndItsKey() {
        server.enqueue(Scripted.chatReply(reply("SELECT count(*) FROM track")));

        ask("How many tracks are there?", ResponseMode.SQL);

        ScriptedOpenAiServer.RecordedRequest request = server.lastRequest();
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(request.header("Authorization")).contains("Bearer sk-test");
        JsonNode body = request.json();
        assertThat(body.get("model").asText()).isEqualTo("test-model");
        assertThat(body.get("messages").get(0).get("role").asText()).isEqualTo("system");
        assertThat(body.get("messages").get(0).get("content").asText()).contains("Reply with one JSON object");
        assertThat(body.get("messages").get(1).get("content").asText()).contains("CREATE TABLE track (", "Question: How many tracks are there?");
    }

    @Test
    void correctsAWrongColumnWithTheValidatorsReason() {
        server.enqueue(Scripted.chatReply(reply("SELECT titel FROM album")), Scripted.chatReply(reply("SELECT title FROM album")));

        Answer answer = ask("List the album titles", ResponseMode.SQL);

        assertThat(generated(answer).attempts()).isEqualTo(2);
        assertThat(lastUserMessage(1)).contains("UNKNOWN_COLUMN", "titel", "Closest names: title");
    }

    @Test
    void correctsADatabaseErrorWithItsSqlState() {
        server.enqueue(Scripted.chatReply(reply("SELECT name FROM track WHERE milliseconds > 'long'")),
                Scripted.chatReply(reply("SELECT name FROM track WHERE milliseconds > 600000")));

        Answer answer = ask("Which tracks are long?", ResponseMode.RESULT);

        assertThat(generated(answer).attempts()).isEqualTo(2);
        assertThat(lastUserMessage(1)).contains("SQLSTATE 22P02");
        assertThat(answer.rows()).hasValueSatisfying(rows -> assertThat(rows).isInstanceOf(QueryOutcome.Succeeded.class));
    }

    @Test
    void correctionsAreBounded() {
        server.enqueue(Scripted.chatReply(reply("SELECT nope FROM track")), Scripted.chatReply(reply("SELECT nope FROM track")),
                Scripted.chatReply(reply("SELECT nope FROM track")));

        Answer answer = ask("Which tracks are long?", ResponseMode.SQL);

        assertThat(refusal(answer).code()).isEqualTo(ErrorCode.SQL_INVALID);
        assertThat(((Generation.Refused) answer.generation()).attempts()).isEqualTo(3);
        assertThat(server.requestCount()).isEqualTo(3);
    }

    @Test
    void unreadableReplyIsAskedAgainThenGivenUp() {
        server.enqueue(Scripted.chatReply("I would love to help!"), Scripted.chatReply(reply("SELECT count(*) FROM artist")));

        Answer answer = ask("How many artists?", ResponseMode.SQL);

        assertThat(generated(answer).attempts()).isEqualTo(2);
        assertThat(lastUserMessage(1)).contains("could not be read");
    }

    @Test
    void writeFromTheModelNeverRuns() {
        server.enqueue(Scripted.chatReply(reply("DELETE FROM track")), Scripted.chatReply(reply("DROP TABLE track")),
                Scripted.chatReply(reply("COMMIT; DELETE FROM track")));

        Answer answer = ask("Remove all tracks", ResponseMode.RESULT);

        assertThat(refusal(answer).code()).isEqualTo(ErrorCode.SQL_REJECTED);
        assertThat(answer.rows()).isEmpty();
    }

    @Test
    void modelThatSaysItCannotIsARefusalWithItsReason() {
        server.enqueue(Scripted.chatReply("{\"sql\": \"\", \"explanation\": \"Chinook holds no weather data.\"}"));

        Answer answer = ask("Will it rain tomorrow?", ResponseMode.BOTH);

        assertThat(refusal(answer)).isEqualTo(new Failure.Unanswerable("Chinook holds no weather data."));
    }

    @Test
    void rateLimitThenSuccessIsRetriedByTheAdapter() {
        server.enqueue(Scripted.error(429, "slow down").withHeader("Retry-After", "0"), Scripted.chatReply(reply("SELECT count(*) FROM genre")));

        Answer answer = ask("How many genres?", ResponseMode.SQL);

        assertThat(generated(answer).sql()).startsWith("SELECT count(*) FROM genre");
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void modelDownFallsBackToAMatchingTemplate() {
        server.close();

        Answer answer = ask("How many tracks are in the store?", ResponseMode.BOTH);

        assertThat(generated(answer).generator()).isEqualTo("template:track_count");
        assertThat(answer.rows()).hasValueSatisfying(rows -> assertThat(((QueryOutcome.Succeeded) rows).result().rows().getFirst().getFirst())
                .isEqualTo(3503L));
    }

    @Test
    void modelThatHangsIsUnavailableWithinItsTimeout() {
        server.enqueue(Scripted.hang(), Scripted.hang());
        long start = System.nanoTime();

        // a question no template and no offline query answers, so the model's failure is what comes back
        Answer answer = ask("Will it rain tomorrow?", ResponseMode.SQL);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(refusal(answer).code()).isEqualTo(ErrorCode.LLM_UNAVAILABLE);
        assertThat(refusal(answer).message()).contains("the offline generator could not answer either");
    }

    @Test
    void withoutAnyModelTheOfflinePathsAnswer() {
        try (Wiring withoutModel = chinook().wire(audit)) {
            Answer answer = withoutModel.useCases().generateSql().answer(
                    new QueryRequest.Question(CHINOOK, "how many tracks", ResponseMode.SQL, Limits.AS_CONFIGURED), Optional.empty());

            assertThat(generated(answer).generator()).isEqualTo("template:track_count");
        }
        assertThat(server.requestCount()).isZero();
    }
}
