package dev.nl2sql.bootstrap.generation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nl2sql.domain.audit.Caller;
import dev.nl2sql.domain.conversation.ConversationId;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.generation.Generation;
import dev.nl2sql.domain.generation.TokenEstimate;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.query.ResponseMode;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.template.QueryTemplate;
import dev.nl2sql.bootstrap.TestWiring;
import dev.nl2sql.fixtures.FixtureLoader;
import dev.nl2sql.fixtures.Progress;
import dev.nl2sql.fixtures.SampleDatabase;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.library.Wiring;
import dev.nl2sql.openai.OpenAiLanguageModel;
import dev.nl2sql.openai.OpenAiSettings;
import dev.nl2sql.openai.testing.ScriptedOpenAiServer;
import dev.nl2sql.openai.testing.ScriptedOpenAiServer.Scripted;
import dev.nl2sql.port.LanguageModel;
import dev.nl2sql.usecase.Conversations;
import dev.nl2sql.usecase.UseCases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Follow-up questions against the ecommerce_small sample: what the model is shown of earlier turns (scripted model),
 * and the refinements the offline generator makes by editing the previous query.
 */
class ConversationTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final DatabaseName SHOP = DatabaseName.of("shop");
    private static final String SCOPE = "test-session";
    private static final String TOP_CUSTOMERS = "SELECT c.customer_id, c.first_name, c.last_name, sum(o.total_amount) AS revenue "
            + "FROM customers c JOIN orders o ON o.customer_id = c.customer_id "
            + "GROUP BY c.customer_id, c.first_name, c.last_name ORDER BY revenue DESC LIMIT 10";

    private static final QueryTemplate TOP_CUSTOMERS_TEMPLATE = new QueryTemplate("top_customers", "Customers by revenue", SHOP, TOP_CUSTOMERS,
            List.of(), List.of("top", "customers", "revenue"));

    @TempDir
    static Path audit;

    private final List<Wiring> opened = new ArrayList<>();

    @BeforeAll
    static void loadShop() throws SQLException {
        try (Connection c = db.connect()) {
            new FixtureLoader().load(SampleDatabase.ECOMMERCE_SMALL.fixture(), c, Progress.none());
        }
    }

    @AfterEach
    void close() {
        opened.forEach(Wiring::close);
    }

    /** {@return the use cases over the shop with its top customers template, asking {@code model} when there is one} */
    private UseCases wired(Optional<LanguageModel> model) {
        TestWiring shop = TestWiring.of(TestWiring.database(SHOP.value(), db)).template(TOP_CUSTOMERS_TEMPLATE);
        model.ifPresent(shop::model);
        Wiring wiring = shop.wire(audit);
        opened.add(wiring);
        return wiring.useCases();
    }

    private static Conversations.Asked ask(Conversations conversations, Optional<ConversationId> id, String question) {
        Result<Conversations.Asked> asked = conversations.ask(SCOPE, id, new QueryRequest.Question(SHOP, question, ResponseMode.BOTH,
                Limits.AS_CONFIGURED), Optional.empty(), Caller.LIBRARY);
        assertThat(asked).isInstanceOf(Result.Ok.class);
        return asked.orElseThrow();
    }

    private static String sql(Conversations.Asked asked) {
        assertThat(asked.answer().generation()).as(asked.answer().toString()).isInstanceOf(Generation.Generated.class);
        return ((Generation.Generated) asked.answer().generation()).query().sql();
    }

    private static QueryResult rows(Conversations.Asked asked) {
        assertThat(asked.answer().rows()).as(asked.answer().toString()).hasValueSatisfying(rows -> assertThat(rows).isInstanceOf(QueryOutcome.Succeeded.class));
        return ((QueryOutcome.Succeeded) asked.answer().rows().orElseThrow()).result();
    }

    @Nested
    class WithAModel {

        private static String reply(String sql) {
            return "{\"sql\": \"" + sql + "\", \"explanation\": \"test\", \"confidence\": 0.8, \"tables\": [\"customers\"]}";
        }

        private static String question(ScriptedOpenAiServer server, int request) {
            JsonNode messages = server.requests().get(request).json().get("messages");
            return messages.get(1).get("content").asText();
        }

        private static String conversationPart(String prompt) {
            int start = prompt.indexOf("Earlier in this conversation");
            return start < 0 ? "" : prompt.substring(start, prompt.lastIndexOf("Question: "));
        }

        private static Optional<LanguageModel> model(ScriptedOpenAiServer server) {
            return Optional.of(new OpenAiLanguageModel(OpenAiSettings.of(server.baseUrl("/v1"), "test-model").withApiKey("sk-test")
                    .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)).withMaxRetries(0)));
        }

        @Test
        void followUpPromptCarriesThePriorTurnAndTheRefinedSqlRuns() {
            try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start()) {
                server.enqueue(Scripted.chatReply(reply(TOP_CUSTOMERS)), Scripted.chatReply(reply(TOP_CUSTOMERS.replace("GROUP BY",
                        "WHERE o.ordered_at >= '2023-01-01' AND o.ordered_at < '2024-01-01' GROUP BY"))));
                Conversations conversations = wired(model(server)).conversations();

                Conversations.Asked first = ask(conversations, Optional.empty(), "top customers by revenue");
                Conversations.Asked second = ask(conversations, Optional.of(first.conversation()), "only in 2023");

                assertThat(conversationPart(question(server, 0))).isEmpty();
                String followUp = question(server, 1);
                assertThat(conversationPart(followUp)).contains("Question: top customers by revenue", "SQL: " + TOP_CUSTOMERS,
                        "Result: 10 rows (customer_id, first_name, last_name, revenue)");
                assertThat(followUp.strip()).endsWith("Question: only in 2023");
                assertThat(second.conversation()).isEqualTo(first.conversation());
                assertThat(sql(second)).contains("2023-01-01");
                assertThat(rows(second).rowCount()).isPositive();
            }
        }

        @Test
        void thirtyTurnsStayWithinTheTokenBudgetKeepingTheNewest() {
            int budget = 410; // nine whole turns and the question of a tenth fit; the rest is omitted
            try (ScriptedOpenAiServer server = ScriptedOpenAiServer.start()) {
                for (int turn = 1; turn <= 30; turn++) {
                    server.enqueue(Scripted.chatReply(reply("SELECT customer_id, email FROM customers WHERE customer_id = " + turn)));
                }
                Conversations conversations = TestWiring.conversations(wired(model(server)), new Conversations.Settings(Duration.ofMinutes(5),
                        10, 50, 64_000, budget));
                Optional<ConversationId> id = Optional.empty();
                for (int turn = 1; turn <= 30; turn++) {
                    id = Optional.of(ask(conversations, id, "customer number " + turn).conversation());
                }

                for (int request = 0; request < 30; request++) {
                    assertThat(TokenEstimate.of(conversationPart(question(server, request)))).isLessThanOrEqualTo(budget);
                }
                String last = conversationPart(question(server, 29));
                assertThat(last).contains("Question: customer number 29\nSQL: SELECT customer_id, email FROM customers WHERE customer_id = 29");
                assertThat(last).doesNotContain("Question: customer number 1\n", "Question: customer number 1 ");
                Matcher omitted = Pattern.compile("\\((\\d+) earlier turns omitted\\)").matcher(last);
                assertThat(omitted.find()).isTrue();
                assertThat(last).contains("(SQL omitted)");
            }
        }
    }

    @Nested
    class Offline {

        private final Conversations conversations = wired(Optional.empty()).conversations();

        /** The first turn is answered by a query template, so the follow-up refines known SQL. */
        private Conversations.Asked refineTopCustomers(String followUp) {
            Conversations.Asked first = ask(conversations, Optional.empty(), "top customers by revenue");
            assertThat(sql(first)).isEqualTo(TOP_CUSTOMERS);
            return ask(conversations, Optional.of(first.conversation()), followUp);
        }

        @Test
        void changesTheLimit() {
            Conversations.Asked refined = refineTopCustomers("only the top 3");

            assertThat(sql(refined)).contains("LIMIT 3");
            assertThat(rows(refined).rowCount()).isEqualTo(3);
        }

        @Test
        void addsAYearFilterOnTheAggregatedTable() {
            Conversations.Asked refined = refineTopCustomers("only in 2023");

            assertThat(sql(refined)).contains("o.ordered_at >= '2023-01-01' AND o.ordered_at < '2024-01-01'");
            assertThat(rows(refined).rowCount()).isPositive();
        }

        @Test
        void aSecondYearMovesTheRangeInsteadOfAddingOne() {
            Conversations.Asked in2023 = refineTopCustomers("only in 2023");
            Conversations.Asked in2024 = ask(conversations, Optional.of(in2023.conversation()), "and in 2024");

            assertThat(sql(in2024)).contains("o.ordered_at >= '2024-01-01' AND o.ordered_at < '2025-01-01'").doesNotContain("2023");
            assertThat(rows(in2024).rowCount()).isPositive();
        }

        @Test
        void addsAColumn() {
            Conversations.Asked refined = refineTopCustomers("show their e-mails too");

            assertThat(rows(refined).columns().getLast().name()).isEqualTo("email");
            assertThat(rows(refined).rowCount()).isEqualTo(10);
        }

        @Test
        void changesTheSort() {
            Conversations.Asked refined = refineTopCustomers("sort by last name");

            assertThat(sql(refined)).contains("ORDER BY c.last_name");
            List<String> names = rows(refined).rows().stream().map(row -> (String) row.get(2)).toList();
            assertThat(names).isSorted();
        }

        @Test
        void reversesTheOrder() {
            Conversations.Asked refined = refineTopCustomers("ascending");

            assertThat(sql(refined)).contains("ORDER BY revenue ASC");
        }

        @Test
        void addsAValueFilter() {
            Conversations.Asked refined = refineTopCustomers("only in Germany");

            assertThat(sql(refined)).contains("c.country = 'Germany'");
            assertThat(rows(refined).rowCount()).isPositive();
        }

        @Test
        void refusesWhatIsNotARefinement() {
            Conversations.Asked refined = refineTopCustomers("why do they like us");

            assertThat(refined.answer().generation()).isInstanceOf(Generation.Refused.class);
        }
    }
}
