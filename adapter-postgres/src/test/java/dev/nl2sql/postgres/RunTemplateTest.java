package dev.nl2sql.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.template.ParameterType;
import dev.nl2sql.domain.template.QueryTemplate;
import dev.nl2sql.domain.template.TemplateParameter;
import dev.nl2sql.fixtures.FixtureLoader;
import dev.nl2sql.fixtures.Progress;
import dev.nl2sql.fixtures.SampleDatabase;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.usecase.RunTemplate;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Templates end to end on the ecommerce sample: typed arguments bound as JDBC parameters, never as SQL text. */
class RunTemplateTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final DatabaseName SHOP = DatabaseName.of("shop");

    private static final QueryTemplate CUSTOMERS_IN = new QueryTemplate("customers_in", "Customers living in a country", SHOP,
            "SELECT customer_id, country FROM customers WHERE country = :country AND signed_up_on >= :since ORDER BY customer_id",
            List.of(new TemplateParameter("country", ParameterType.TEXT, "country name in English", Optional.empty()),
                    new TemplateParameter("since", ParameterType.DATE, "first sign-up day", Optional.of("2000-01-01"))),
            List.of("customers", "country"));

    private static final QueryTemplate PRICIER_THAN = new QueryTemplate("pricier_than", "Products above a price", SHOP,
            "SELECT count(*) AS n FROM products WHERE price > :price", List.of(
                    new TemplateParameter("price", ParameterType.DECIMAL, "lowest price", Optional.of("100"))), List.of());

    // as docs/configuration.md shows it (issue 19: it used to fail with PARSE_ERROR)
    private static final QueryTemplate TOP_SPENDERS = new QueryTemplate("top_spenders", "Customers who spent the most", SHOP,
            "SELECT customer_id, sum(total_amount) AS spent FROM orders GROUP BY customer_id ORDER BY spent DESC LIMIT :n",
            List.of(new TemplateParameter("n", ParameterType.INTEGER, "how many", Optional.of("10"))), List.of());

    private static final QueryTemplate SNEAKY = new QueryTemplate("sneaky", "Not read-only", SHOP,
            "SELECT pg_sleep(:seconds)", List.of(new TemplateParameter("seconds", ParameterType.INTEGER, "", Optional.of("1"))), List.of());

    private static QueryStack stack;
    private static RunTemplate templates;

    @BeforeAll
    static void loadShop() throws SQLException {
        try (Connection c = db.connect()) {
            new FixtureLoader().load(SampleDatabase.ECOMMERCE_SMALL.fixture(), c, Progress.none());
        }
        stack = QueryStack.over(SHOP, db);
        templates = stack.useCases().withTemplates(List.of(CUSTOMERS_IN, PRICIER_THAN, TOP_SPENDERS, SNEAKY)).build().runTemplate();
    }

    @AfterAll
    static void closePools() {
        stack.close();
    }

    private static QueryResult rows(QueryOutcome outcome) {
        assertThat(outcome).isInstanceOf(QueryOutcome.Succeeded.class);
        return ((QueryOutcome.Succeeded) outcome).result();
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void runsWithTypedArgumentsAndDefaults() throws SQLException {
        QueryResult result = rows(templates.run("customers_in", Map.of("country", "Germany"), Limits.AS_CONFIGURED));

        assertThat(result.rowCount()).isEqualTo(count("SELECT count(*) FROM customers WHERE country = 'Germany'")).isPositive();
        assertThat(result.rows()).allSatisfy(row -> assertThat(row.get(1)).isEqualTo("Germany"));
    }

    @Test
    void aParameterMayBeTheLimit() {
        assertThat(rows(templates.run("top_spenders", Map.of("n", "3"), Limits.AS_CONFIGURED)).rowCount()).isEqualTo(3);
    }

    @Test
    void decimalArgumentIsComparedAsANumber() throws SQLException {
        QueryResult result = rows(templates.run("pricier_than", Map.of("price", "49.50"), Limits.AS_CONFIGURED));

        assertThat(result.rows().getFirst().getFirst()).isEqualTo(count("SELECT count(*) FROM products WHERE price > 49.50"));
    }

    @Test
    void injectionInAnArgumentIsJustAValueThatMatchesNothing() throws SQLException {
        long customers = count("SELECT count(*) FROM customers");

        QueryResult result = rows(templates.run("customers_in",
                Map.of("country", "Germany' OR '1'='1'; DROP TABLE customers; --"), Limits.AS_CONFIGURED));

        assertThat(result.rowCount()).isZero();
        assertThat(count("SELECT count(*) FROM customers")).isEqualTo(customers);
    }

    @Test
    void invalidArgumentIsAClearFailure() {
        QueryOutcome outcome = templates.run("customers_in", Map.of("country", "Peru", "since", "last week"), Limits.AS_CONFIGURED);

        assertThat(outcome).isInstanceOfSatisfying(QueryOutcome.Failed.class, failed -> {
            assertThat(failed.failure().code()).isEqualTo(ErrorCode.TEMPLATE_INVALID);
            assertThat(failed.failure().message()).contains("since must be a date such as 2024-03-31, was 'last week'");
        });
    }

    @Test
    void templateThatIsNotReadOnlyNeverRuns() {
        QueryOutcome outcome = templates.run("sneaky", Map.of(), Limits.AS_CONFIGURED);

        assertThat(outcome).isInstanceOfSatisfying(QueryOutcome.Failed.class, failed -> {
            assertThat(failed.failure().code()).isEqualTo(ErrorCode.TEMPLATE_INVALID);
            assertThat(failed.failure().message()).contains("does not pass validation", "FUNCTION_DENIED");
        });
    }

    @Test
    void unknownTemplateListsTheKnownOnes() {
        QueryOutcome outcome = templates.run("nope", Map.of(), Limits.AS_CONFIGURED);

        assertThat(outcome).isInstanceOfSatisfying(QueryOutcome.Failed.class,
                failed -> assertThat(failed.failure().message()).isEqualTo("no template named 'nope'; known: customers_in, pricier_than, sneaky, top_spenders"));
    }
}
