package dev.nl2sql.domain.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void readsNestedValues() {
        Json.ObjectValue object = (Json.ObjectValue) Json.parse("""
                {"sql": "SELECT 1", "n": -1.5e2, "ok": true, "none": null, "tables": ["a", "b", 3], "nested": {"x": []}}
                """).orElseThrow();

        assertThat(object.text("sql")).contains("SELECT 1");
        assertThat(object.number("n")).contains(new BigDecimal("-1.5e2"));
        assertThat(object.fields().get("ok")).isEqualTo(new Json.BooleanValue(true));
        assertThat(object.fields().get("none")).isInstanceOf(Json.NullValue.class);
        assertThat(object.texts("tables")).containsExactly("a", "b");
    }

    @Test
    void decodesEscapes() {
        assertThat(Json.parse("\"a\\nb\\u00e9\\\"\"")).contains(new Json.StringValue("a\nbé\""));
    }

    @Test
    void malformedInputIsEmptyNotAnException() {
        assertThat(Json.parse("{\"a\": }")).isEmpty();
        assertThat(Json.parse("{\"a\": 1} trailing")).isEmpty();
        assertThat(Json.parse("[1, 2")).isEmpty();
        assertThat(Json.parse("")).isEmpty();
        assertThat(Json.parse("[".repeat(10_000))).isEmpty();
    }
}
