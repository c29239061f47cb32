package dev.nl2sql.domain.offline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.linking.Synonyms;
import dev.nl2sql.domain.query.GeneratedQuery;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The question shapes the offline generator answers, and the ones it refuses, on a small record shop. */
class QuestionShapesTest {

    private final OfflineGenerator generator = new OfflineGenerator(Synonyms.DEFAULT,
            Clock.fixed(Instant.parse("2025-03-15T10:00:00Z"), ZoneOffset.UTC));

    private GeneratedQuery answered(String question) {
        OfflineAnswer answer = generator.answer(question, StoreSchema.SCHEMA, StoreSchema.VALUES);
        assertThat(answer).as(answer.toString()).isInstanceOf(OfflineAnswer.Answered.class);
        return ((OfflineAnswer.Answered) answer).query();
    }

    private String sql(String question) {
        return answered(question).sql();
    }

    private OfflineAnswer.Refused refused(String question) {
        OfflineAnswer answer = generator.answer(question, StoreSchema.SCHEMA, StoreSchema.VALUES);
        assertThat(answer).as(answer.toString()).isInstanceOf(OfflineAnswer.Refused.class);
        return (OfflineAnswer.Refused) answer;
    }

    @Test
    void matchesAValueTypedWithoutItsAccents() {
        assertThat(sql("Which customers live in Sao Paulo?")).isEqualTo(
                "SELECT customers.first_name, customers.last_name FROM customers WHERE customers.city = 'São Paulo' "
                        + "ORDER BY customers.first_name, customers.last_name");
    }

    @Test
    void correctsAMisspeltTableAndSaysSo() {
        GeneratedQuery query = answered("How many custmers are there?");

        assertThat(query.sql()).isEqualTo("SELECT count(*) FROM customers");
        assertThat(query.explanation()).contains("'custmers' read as customers");
        assertThat(query.confidence()).isLessThan(answered("How many customers are there?").confidence());
    }

    @Test
    void correctsAMisspeltValueAndSaysSo() {
        GeneratedQuery query = answered("Which albums are by Led Zepelin?");

        assertThat(query.sql()).contains("JOIN artists ON artists.artist_id = albums.artist_id", "artists.name = 'Led Zeppelin'");
        assertThat(query.explanation()).contains("'Led Zepelin' read as 'Led Zeppelin'");
    }

    @Test
    void filtersOnARelatedTableThroughItsForeignKey() {
        assertThat(sql("How many orders by clients based in Brazil?")).isEqualTo(
                "SELECT count(*) FROM orders JOIN customers ON customers.customer_id = orders.customer_id WHERE customers.country = 'Brazil'");
    }

    @Test
    void countsPerGroup() {
        assertThat(sql("How many orders are there per status?"))
                .isEqualTo("SELECT orders.status, count(*) FROM orders GROUP BY orders.status");
    }

    @Test
    void addsUpPerRelatedRow() {
        assertThat(sql("total order amount per customer country"))
                .isEqualTo("SELECT customers.country, sum(orders.total) FROM orders JOIN customers ON customers.customer_id = orders.customer_id "
                        + "GROUP BY customers.country");
    }

    @Test
    void roundsAveragesOfRealColumnsThroughNumeric() {
        assertThat(sql("What is the average rating of employees?")).isEqualTo("SELECT round(avg(employees.rating)::numeric, 2) FROM employees");
    }

    @Test
    void answersTheValueOfASuperlativeWithMax() {
        assertThat(sql("What is the price of the most expensive album?")).isEqualTo("SELECT max(albums.price) FROM albums");
    }

    @Test
    void ranksWithTheLimitAsked() {
        assertThat(sql("What are the 3 most expensive albums?"))
                .isEqualTo("SELECT albums.title, albums.price FROM albums ORDER BY albums.price DESC NULLS LAST LIMIT 3");
    }

    @Test
    void ranksASingularSubjectAsTheFirstRowAndItsTies() {
        assertThat(sql("Which album is the cheapest?")).endsWith("ORDER BY albums.price ASC NULLS LAST FETCH FIRST 1 ROWS WITH TIES");
    }

    @Test
    void refusesAPluralRankingWithoutANumber() {
        assertThat(refused("Which albums are the cheapest?").reason()).contains("how many?");
    }

    @Test
    void ranksByHowManyRowsReferToEach() {
        assertThat(sql("Which customer placed the most orders?")).isEqualTo(
                "SELECT customers.first_name, customers.last_name, count(*) FROM orders JOIN customers ON customers.customer_id = orders.customer_id "
                        + "GROUP BY customers.customer_id, customers.first_name, customers.last_name ORDER BY count(*) DESC FETCH FIRST 1 ROWS WITH TIES");
    }

    @Test
    void listsDistinctValuesOfAnAttribute() {
        assertThat(sql("Which cities in Germany do we have customers in?"))
                .isEqualTo("SELECT DISTINCT customers.city FROM customers WHERE customers.country = 'Germany'");
    }

    @Test
    void readsABooleanColumnAsACondition() {
        assertThat(sql("How many customers are VIPs?")).isEqualTo("SELECT count(*) FROM customers WHERE customers.is_vip");
    }

    @Test
    void followsASelfReference() {
        assertThat(sql("Who reports to Ann Lee?")).isEqualTo("SELECT employees.first_name, employees.last_name FROM employees "
                + "JOIN employees AS boss ON boss.employee_id = employees.reports_to WHERE boss.first_name = 'Ann' AND boss.last_name = 'Lee' "
                + "ORDER BY employees.first_name, employees.last_name");
    }

    @Test
    void countsRowsWithoutRelatedRows() {
        assertThat(sql("How many customers have no orders?")).isEqualTo("SELECT count(*) FROM customers WHERE NOT EXISTS "
                + "(SELECT 1 FROM orders WHERE orders.customer_id = customers.customer_id)");
    }

    @Test
    void readsAnEmptyDateAsNotYet() {
        assertThat(sql("How many orders have not been shipped?")).isEqualTo("SELECT count(*) FROM orders WHERE orders.shipped_at IS NULL");
    }

    @Test
    void boundsAYearOnTheRequiredDate() {
        assertThat(sql("How many orders were placed in 2024?"))
                .isEqualTo("SELECT count(*) FROM orders WHERE orders.ordered_at >= '2024-01-01' AND orders.ordered_at < '2025-01-01'");
    }

    @Test
    void endsARangeBeforeAMonth() {
        assertThat(sql("How many customers signed up before March 2024?"))
                .isEqualTo("SELECT count(*) FROM customers WHERE customers.signed_up_on < '2024-03-01'");
    }

    @Test
    void readsLastMonthAgainstTheClock() {
        assertThat(sql("How many orders were placed last month?"))
                .isEqualTo("SELECT count(*) FROM orders WHERE orders.ordered_at >= '2025-02-01' AND orders.ordered_at < '2025-03-01'");
    }

    @Test
    void comparesWithANumber() {
        assertThat(sql("Which albums cost more than 20?")).isEqualTo("SELECT albums.title FROM albums WHERE albums.price > 20 ORDER BY albums.title");
    }

    @Test
    void refusesAValueThatARelatedTableHoldsToo() {
        assertThat(refused("How many albums does Iron Maiden have?").reason()).contains("could not tell whether title or artists.name");
    }

    @Test
    void refusesAndNamesTheWordsItDoesNotKnow() {
        assertThat(refused("Which customers are likely to churn?").unmatched()).contains("likely", "churn");
    }

    @Test
    void learnsAWordFromTheConfiguration() {
        OfflineGenerator taught = new OfflineGenerator(Synonyms.DEFAULT.with(Map.of("patron", List.of("customers"))));

        assertThat(taught.answer("How many patrons are there?", StoreSchema.SCHEMA, StoreSchema.VALUES))
                .isInstanceOfSatisfying(OfflineAnswer.Answered.class, a -> assertThat(a.query().sql()).isEqualTo("SELECT count(*) FROM customers"));
    }

    @Test
    void readsATableFromTheFirstWordOfItsComment() {
        assertThat(sql("How many staff are there?")).isEqualTo("SELECT count(*) FROM employees");
    }
}
