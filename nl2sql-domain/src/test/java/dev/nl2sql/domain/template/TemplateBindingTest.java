package dev.nl2sql.domain.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.domain.error.Result;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TemplateBindingTest {

    static final QueryTemplate CUSTOMERS_IN = new QueryTemplate("customers_in", "Customers of a country who signed up since a day",
            DatabaseName.of("shop"),
            "SELECT first_name, last_name FROM customers WHERE country = :country AND signed_up_on >= :since AND is_vip = :vip LIMIT :n",
            List.of(new TemplateParameter("country", ParameterType.TEXT, "country name", Optional.empty()),
                    new TemplateParameter("since", ParameterType.DATE, "first day", Optional.of("2000-01-01")),
                    new TemplateParameter("vip", ParameterType.BOOLEAN, "loyalty members only", Optional.of("false")),
                    new TemplateParameter("n", ParameterType.INTEGER, "how many", Optional.of("10"))),
            List.of("customers", "country"));

    private static TemplateBinding bound(Map<String, String> arguments) {
        return ((Result.Ok<TemplateBinding>) TemplateBinding.bind(CUSTOMERS_IN, arguments)).value();
    }

    private static String failure(Map<String, String> arguments) {
        Result<TemplateBinding> result = TemplateBinding.bind(CUSTOMERS_IN, arguments);
        assertThat(result).isInstanceOf(Result.Err.class);
        Result.Err<TemplateBinding> err = (Result.Err<TemplateBinding>) result;
        assertThat(err.failure().code()).isEqualTo(ErrorCode.TEMPLATE_INVALID);
        return err.failure().message();
    }

    @Test
    void typesEveryValueAndFillsDefaults() {
        TemplateBinding binding = bound(Map.of("country", "Germany", "n", "5"));

        assertThat(binding.names()).containsExactly("country", "since", "vip", "n");
        assertThat(binding.values()).containsExactly("Germany", LocalDate.of(2000, 1, 1), false, 5L);
    }

    @Test
    void replacesParametersWithTypedMarkersNotValues() {
        TemplateBinding binding = bound(Map.of("country", "x'; DROP TABLE customers; --"));

        assertThat(binding.sql()).isEqualTo("SELECT first_name, last_name FROM customers WHERE country = 'nl2sql_param_0'::text"
                + " AND signed_up_on >= 'nl2sql_param_1'::date AND is_vip = 'nl2sql_param_2'::boolean"
                + " LIMIT 'nl2sql_param_3'::bigint");
        assertThat(binding.sql()).doesNotContain("DROP");
    }

    @Test
    void missingRequiredParameterSaysWhatItIs() {
        assertThat(failure(Map.of())).isEqualTo("template customers_in: country is required (text: country name)");
    }

    @Test
    void wronglyTypedValueSaysWhatIsExpected() {
        assertThat(failure(Map.of("country", "Peru", "n", "ten", "since", "yesterday")))
                .isEqualTo("template customers_in: since must be a date such as 2024-03-31, was 'yesterday'; n must be a whole number, was 'ten'");
    }

    @Test
    void unknownParameterIsRefused() {
        assertThat(failure(Map.of("country", "Peru", "colour", "red")))
                .isEqualTo("template customers_in: unknown parameter colour; it takes country, since, vip, n");
    }

    @Test
    void sqlUsingAnUndeclaredParameterIsRefused() {
        QueryTemplate sloppy = new QueryTemplate("sloppy", "x", DatabaseName.of("shop"), "SELECT 1 WHERE :a = :b",
                List.of(new TemplateParameter("a", ParameterType.INTEGER, "", Optional.of("1"))), List.of());

        assertThat(TemplateBinding.bind(sloppy, Map.of())).isInstanceOfSatisfying(Result.Err.class,
                err -> assertThat(err.failure().message()).isEqualTo("template sloppy: its SQL uses undeclared parameter b"));
    }

    @Test
    void parsesDecimalsAndTimestamps() {
        QueryTemplate typed = new QueryTemplate("typed", "x", DatabaseName.of("shop"), "SELECT :price, :at",
                List.of(new TemplateParameter("price", ParameterType.DECIMAL, "", Optional.empty()),
                        new TemplateParameter("at", ParameterType.TIMESTAMP, "", Optional.empty())), List.of());

        TemplateBinding binding = ((Result.Ok<TemplateBinding>) TemplateBinding.bind(typed, Map.of("price", "9.99", "at", "2024-03-01"))).value();

        assertThat(binding.values().getFirst()).isEqualTo(new BigDecimal("9.99"));
        assertThat(binding.values().get(1)).hasToString("2024-03-01T00:00Z");
    }
}
