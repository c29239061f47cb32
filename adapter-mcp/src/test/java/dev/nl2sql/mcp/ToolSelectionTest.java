package dev.nl2sql.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ToolSelectionTest {

    @Test
    void coreIsTheFourToolsAnAgentWritingItsOwnSqlNeeds() {
        assertThat(ToolSelection.of(List.of("core"), false).names())
                .containsExactly("list_databases", "search_schema", "describe_table", "run_sql");
    }

    @Test
    void profilesAndNamesMixInTheListOrder() {
        assertThat(ToolSelection.of(List.of("explain_sql", "CORE", "run_sql"), false).names())
                .containsExactly("list_databases", "search_schema", "describe_table", "run_sql", "explain_sql");
    }

    @Test
    void nothingChosenMeansEveryTool() {
        assertThat(ToolSelection.of(List.of(), false).names()).isEqualTo(Tools.NAMES);
    }

    @Test
    void unknownNameIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> ToolSelection.of(List.of("core", "drop_table"), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("drop_table").hasMessageContaining("explain_sql");
    }
}
