package dev.nl2sql.domain.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.generation.TokenEstimate;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.result.ResultColumn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How earlier turns are fitted into a prompt's token budget. */
class ConversationContextTest {

    private static List<Turn> turns(int count) {
        List<Turn> turns = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            turns.add(new Turn("question " + i, Optional.of("SELECT name FROM item WHERE id = " + i),
                    Optional.of(new ResultSummary("ok", List.of("name"), 1, false, List.of(List.of("item " + i))))));
        }
        return turns;
    }

    @Test
    void noTurnsRenderNothing() {
        assertThat(ConversationContext.NONE.render()).isEmpty();
    }

    @Test
    void turnsThatFitAreShownWhole() {
        String rendered = new ConversationContext(turns(2), 1_000).render();

        assertThat(rendered).contains("Question: question 1\nSQL: SELECT name FROM item WHERE id = 1\nResult: 1 row (name)\n  item 1",
                "Question: question 2\nSQL:").doesNotContain("omitted");
    }

    @Test
    void aLongConversationKeepsTheNewestWholeWithinTheBudget() {
        String rendered = new ConversationContext(turns(30), 150).render();

        assertThat(TokenEstimate.of(rendered)).isLessThanOrEqualTo(150);
        assertThat(rendered).contains("Question: question 30\nSQL: SELECT name FROM item WHERE id = 30", "(SQL omitted)",
                "earlier turns omitted").doesNotContain("question 1 ");
    }

    @Test
    void aBudgetTooSmallForAnyTurnRendersNothing() {
        assertThat(new ConversationContext(turns(3), 10).render()).isEmpty();
    }

    @Test
    void aSummaryKeepsAFewRowsWithCellsCutShort() {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(List.of("x".repeat(100)));
        }
        ResultSummary summary = ResultSummary.of(QueryOutcome.succeeded("SELECT note FROM item",
                new QueryResult(List.of(new ResultColumn("note", "text")), rows, true, Duration.ZERO)));

        assertThat(summary.sample()).hasSize(ResultSummary.SAMPLE_ROWS);
        assertThat(summary.text()).startsWith("50+ rows (note)").doesNotContain("x".repeat(ResultSummary.CELL_WIDTH));
    }
}
