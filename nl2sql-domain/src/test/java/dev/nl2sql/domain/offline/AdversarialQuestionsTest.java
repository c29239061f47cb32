package dev.nl2sql.domain.offline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.linking.Synonyms;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Questions of the kinds eval/probe-adversarial.jsonl found answered wrongly (rows that looked right and were not),
 * on the record shop: each must now be answered right or refused.
 */
class AdversarialQuestionsTest {

    private final OfflineGenerator generator = new OfflineGenerator(Synonyms.DEFAULT,
            Clock.fixed(Instant.parse("2025-03-15T10:00:00Z"), ZoneOffset.UTC));

    private OfflineAnswer answer(String question) {
        return generator.answer(question, StoreSchema.SCHEMA, StoreSchema.VALUES);
    }

    private String sql(String question) {
        OfflineAnswer answer = answer(question);
        assertThat(answer).as(answer.toString()).isInstanceOf(OfflineAnswer.Answered.class);
        return ((OfflineAnswer.Answered) answer).query().sql();
    }

    private OfflineAnswer.Refused refused(String question) {
        OfflineAnswer answer = answer(question);
        assertThat(answer).as(answer.toString()).isInstanceOf(OfflineAnswer.Refused.class);
        return (OfflineAnswer.Refused) answer;
    }

    @Test
    void listsOnlyTheRowsWithoutRelatedRows() {
        assertThat(sql("Which artists have no albums?")).isEqualTo("SELECT artists.name FROM artists WHERE NOT EXISTS "
                + "(SELECT 1 FROM albums WHERE albums.artist_id = artists.artist_id) ORDER BY artists.name");
    }

    @Test
    void refusesToGroupByADateColumnPerYear() {
        assertThat(refused("How many albums are there per year?").reason()).contains("grouping by release_date");
    }

    @Test
    void refusesAnAverageOfCounts() {
        assertThat(refused("What is the average number of orders per customer?").reason()).contains("of counts");
    }

    @Test
    void refusesTwoValuesOfOneColumn() {
        assertThat(refused("How many customers are from Germany or France?").reason()).contains("two values of country");
    }

    @Test
    void refusesAnInflectedStopWordItDoesNotKnow() {
        assertThat(refused("Which orders were returned?").unmatched()).containsExactly("returned");
    }

    @Test
    void refusesNoBeforeANumber() {
        assertThat(refused("How many albums have no price?").reason()).contains("may mean 0 or not set");
    }

    @Test
    void readsNoBeforeAReferenceAsNotSet() {
        assertThat(sql("How many orders have no sales rep?")).isEqualTo("SELECT count(*) FROM orders WHERE orders.sales_rep_id IS NULL");
    }

    @Test
    void refusesAConditionOnRowsTheSubjectHasMany() {
        assertThat(refused("How many customers have cancelled orders?").reason()).contains("would repeat its rows");
    }

    @Test
    void refusesToListTheDistinctValuesOfANumber() {
        assertThat(refused("What is the price of albums by Queen?").reason()).contains("a sum or for each row's");
    }

    @Test
    void keepsRowsWithoutAValueWhenAValueIsNegated() {
        assertThat(sql("How many customers are not in Berlin?")).isEqualTo("SELECT count(*) FROM customers WHERE customers.city IS DISTINCT FROM 'Berlin'");
    }

    @Test
    void keepsRowsWithoutARelatedRowWhenItsValueIsNegated() {
        assertThat(sql("How many orders are not from Germany?")).isEqualTo("SELECT count(*) FROM orders LEFT JOIN customers "
                + "ON customers.customer_id = orders.customer_id WHERE customers.country IS DISTINCT FROM 'Germany'");
    }
}
