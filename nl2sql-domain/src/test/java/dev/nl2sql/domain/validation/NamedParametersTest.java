package dev.nl2sql.domain.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.error.Result;
import org.junit.jupiter.api.Test;

class NamedParametersTest {

    private static NamedParameters.Replaced replaced(String sql) {
        return ((Result.Ok<NamedParameters.Replaced>) NamedParameters.replace(sql, name -> "<" + name + ">")).value();
    }

    @Test
    void replacesParametersButNotCastsStringsOrComments() {
        NamedParameters.Replaced replaced = replaced("SELECT ':skip', x::text /* :not */ FROM t WHERE a = :a AND b = :B -- :no");

        assertThat(replaced.sql()).isEqualTo("SELECT ':skip', x::text /* :not */ FROM t WHERE a = <a> AND b = <b> -- :no");
        assertThat(replaced.names()).containsExactly("a", "b");
    }

    @Test
    void turnsExactMarkersIntoPlaceholdersInOrder() {
        NamedParameters.Jdbc jdbc = ((Result.Ok<NamedParameters.Jdbc>) NamedParameters.toJdbc(
                "SELECT 'nl2sql_param_1', 'x nl2sql_param_0', " + NamedParameters.marker(0) + " LIMIT 5")).value();

        assertThat(jdbc.sql()).isEqualTo("SELECT ?, 'x nl2sql_param_0', ? LIMIT 5");
        assertThat(jdbc.valueIndexes()).containsExactly(1, 0);
    }

    @Test
    void refusesTheQuestionMarkOperatorThatJdbcWouldMisread() {
        assertThat(NamedParameters.toJdbc("SELECT data ? 'key' FROM t")).isInstanceOf(Result.Err.class);
    }
}
