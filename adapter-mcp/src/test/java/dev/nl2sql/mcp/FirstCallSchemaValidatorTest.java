package dev.nl2sql.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FirstCallSchemaValidatorTest {

    private static final Map<String, Object> INPUT = Map.of("type", "object",
            "properties", Map.of("sql", Map.of("type", "string")), "required", List.of("sql"));
    private static final Map<String, Object> OUTPUT = Map.of("type", "object",
            "properties", Map.of("rows", Map.of("type", "array")), "required", List.of("rows"));

    @Test
    void argumentsAreCheckedAgainstTheInputSchemaOnEveryCall() {
        var validator = new FirstCallSchemaValidator(List.of(INPUT), List.of(OUTPUT), false);

        assertThat(validator.validate(INPUT, Map.of("sql", 42)).valid()).isFalse();
        assertThat(validator.validate(INPUT, Map.of("sql", "SELECT 1")).valid()).isTrue();
    }

    @Test
    void aBadArgumentIsNamedInTheSdksWords() {
        var validator = new FirstCallSchemaValidator(List.of(INPUT), List.of(OUTPUT), false);

        assertThat(validator.validate(INPUT, Map.of()).errorMessage())
                .startsWith("Validation failed: JSON schema validation errors: ").contains("sql");
    }

    @Test
    void anotherToolsArgumentsAreCheckedByTheSdksValidator() {
        var validator = new FirstCallSchemaValidator(List.of(INPUT), List.of(OUTPUT), false);
        Map<String, Object> other = Map.of("type", "object", "required", List.of("n"));

        assertThat(validator.validate(other, Map.of()).valid()).isFalse();
        assertThat(validator.validate(other, Map.of("n", 1)).valid()).isTrue();
    }

    @Test
    void ownStructuredContentIsTakenAsItIsWhereAssertionsAreOff() {
        var validator = new FirstCallSchemaValidator(List.of(INPUT), List.of(OUTPUT), false);

        assertThat(validator.validate(OUTPUT, Map.of("rows", "not an array")).valid()).isTrue();
    }

    @Test
    void ownStructuredContentIsCheckedWhereAssertionsAreOn() {
        var validator = new FirstCallSchemaValidator(List.of(INPUT), List.of(OUTPUT), true);

        assertThat(validator.validate(OUTPUT, Map.of("rows", "not an array")).valid()).isFalse();
    }

    @Test
    void anEqualSchemaThatIsNotTheToolsOwnInstanceIsStillChecked() {
        var validator = new FirstCallSchemaValidator(List.of(INPUT), List.of(OUTPUT), false);

        assertThat(validator.validate(new java.util.HashMap<>(OUTPUT), Map.of("rows", "not an array")).valid()).isFalse();
    }

    @Test
    void testsRunWithAssertionsSoTheyCheckEveryAnswer() {
        assertThat(FirstCallSchemaValidator.class.desiredAssertionStatus()).isTrue();
    }
}
