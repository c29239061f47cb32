package dev.nl2sql.domain.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseName;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TemplateMatcherTest {

    private static final QueryTemplate TOP_PRODUCTS = new QueryTemplate("top_products", "Best-selling products by units sold",
            DatabaseName.of("shop"), "SELECT 1 LIMIT :n",
            List.of(new TemplateParameter("n", ParameterType.INTEGER, "how many", Optional.of("10"))), List.of("best", "selling"));

    private static final QueryTemplate BY_COUNTRY = new QueryTemplate("customers_in", "Customers of a country", DatabaseName.of("shop"),
            "SELECT 1 WHERE :country = ''",
            List.of(new TemplateParameter("country", ParameterType.TEXT, "country", Optional.empty())), List.of("customers", "country"));

    @Test
    void matchesWhenEveryKeywordIsInTheQuestionAndReadsTheNumber() {
        Optional<TemplateMatcher.Match> match = TemplateMatcher.match("What are the 5 best selling products?", List.of(TOP_PRODUCTS, BY_COUNTRY));

        assertThat(match).hasValueSatisfying(m -> {
            assertThat(m.template().name()).isEqualTo("top_products");
            assertThat(m.arguments()).containsEntry("n", "5");
        });
    }

    @Test
    void doesNotMatchWithoutEveryKeyword() {
        assertThat(TemplateMatcher.match("the best products", List.of(TOP_PRODUCTS))).isEmpty();
    }

    @Test
    void doesNotMatchWhenARequiredTextParameterCannotBeFilled() {
        assertThat(TemplateMatcher.match("customers per country", List.of(BY_COUNTRY))).isEmpty();
    }
}
