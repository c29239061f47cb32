package dev.nl2sql.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.offline.OfflineAnswer;
import dev.nl2sql.domain.offline.OfflineGenerator;
import dev.nl2sql.domain.validation.SqlValidator;
import dev.nl2sql.domain.validation.ValidationPolicy;
import dev.nl2sql.domain.validation.Verdict;
import dev.nl2sql.fixtures.ExampleQuestion;
import dev.nl2sql.fixtures.SampleDatabase;
import dev.nl2sql.fixtures.harness.TestDatabase;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The offline generator on the three sample databases: every simple example question is answered with SQL that
 * passes the validator and returns what the gold SQL returns; questions it cannot fully understand are refused.
 */
class OfflineGeneratorEndToEndTest {

    @RegisterExtension
    static final TestDatabase ecommerceDb = new TestDatabase();

    @RegisterExtension
    static final TestDatabase socialDb = new TestDatabase();

    @RegisterExtension
    static final TestDatabase erpDb = new TestDatabase();

    private static Map<SampleDatabase, LoadedFixture> loaded;
    private final OfflineGenerator generator = new OfflineGenerator();
    private final SqlValidator validator = new SqlValidator();

    @BeforeAll
    static void loadSampleDatabases() throws SQLException {
        loaded = Map.of(
                SampleDatabase.ECOMMERCE_SMALL, LoadedFixture.load(ecommerceDb, SampleDatabase.ECOMMERCE_SMALL.fixture(), "ecommerce_small"),
                SampleDatabase.SOCIAL_MEDIUM, LoadedFixture.load(socialDb, SampleDatabase.SOCIAL_MEDIUM.fixture(), "social_medium"),
                SampleDatabase.ERP_LARGE, LoadedFixture.load(erpDb, SampleDatabase.ERP_LARGE.fixture(), "erp_large"));
    }

    static Stream<Arguments> simpleQuestions() {
        // clinic is the evaluation's held-out schema (eval/README.md): the generator is never tested, so never tuned, on it
        return Stream.of(SampleDatabase.ECOMMERCE_SMALL, SampleDatabase.SOCIAL_MEDIUM, SampleDatabase.ERP_LARGE).flatMap(db -> db.questions().stream().filter(ExampleQuestion::simple)
                .map(q -> Arguments.of(db, q)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("simpleQuestions")
    void answersEverySimpleExampleQuestionAsTheGoldSqlDoes(SampleDatabase db, ExampleQuestion question) throws SQLException {
        LoadedFixture fixture = loaded.get(db);

        OfflineAnswer answer = generator.answer(question.question(), fixture.schema(), fixture.values());

        assertThat(answer).as(answer.toString()).isInstanceOf(OfflineAnswer.Answered.class);
        String sql = ((OfflineAnswer.Answered) answer).query().sql();
        assertThat(validator.check(sql, fixture.schema(), ValidationPolicy.DEFAULT)).as(sql).isInstanceOf(Verdict.Accepted.class);
        var expected = fixture.rows(question.sql());
        var actual = fixture.rows(sql);
        if (impliesOrder(question.question())) {
            assertThat(actual).as(sql).isEqualTo(expected);
        } else {
            assertThat(LoadedFixture.multiset(actual)).as(sql).isEqualTo(LoadedFixture.multiset(expected));
        }
    }

    static Stream<Arguments> questionsBeyondIt() {
        return Stream.of(
                Arguments.of(SampleDatabase.ECOMMERCE_SMALL, "Which customers are likely to churn?"),
                Arguments.of(SampleDatabase.ERP_LARGE, "Who is the best employee?"),
                Arguments.of(SampleDatabase.ECOMMERCE_SMALL, "florp zindle wub customers"),
                Arguments.of(SampleDatabase.ECOMMERCE_SMALL, "Why do customers abandon their carts?"),
                Arguments.of(SampleDatabase.SOCIAL_MEDIUM, "Which users are influencers?"),
                Arguments.of(SampleDatabase.SOCIAL_MEDIUM, "How happy are users with the new design?"),
                Arguments.of(SampleDatabase.ERP_LARGE, "Predict next year's sales orders"),
                Arguments.of(SampleDatabase.ERP_LARGE, "Which suppliers should we drop?"),
                Arguments.of(SampleDatabase.ECOMMERCE_SMALL, "What is the weather in Germany?"),
                Arguments.of(SampleDatabase.SOCIAL_MEDIUM, "How many unicorns are there?"),
                Arguments.of(SampleDatabase.ERP_LARGE, "How many employees are unhappy with their salary?"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("questionsBeyondIt")
    void refusesQuestionsItCannotFullyMatch(SampleDatabase db, String question) {
        LoadedFixture fixture = loaded.get(db);

        OfflineAnswer answer = generator.answer(question, fixture.schema(), fixture.values());

        assertThat(answer).isInstanceOf(OfflineAnswer.Refused.class);
    }

    /** Top-N questions rank their rows; everything else is compared as a multiset of rows. */
    private static boolean impliesOrder(String question) {
        String q = question.toLowerCase(Locale.ROOT);
        return q.matches(".*\\b(top|most|least|cheapest|longest|\\d+ most)\\b.*") && !q.contains("each");
    }
}
