package dev.nl2sql.domain.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.error.Result;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EvalQuestionTest {

    @Test
    void readsAnswerableAndUnanswerableQuestions() {
        Result<List<EvalQuestion>> parsed = EvalQuestion.parseLines("""
                {"id": "q1", "db": "shop", "question": "How many products?", "gold_sql": "SELECT count(*) FROM products"}

                {"id": "q2", "db": "shop", "question": "Why?", "gold_sql": null}
                """);

        assertThat(parsed.orElseThrow()).extracting(EvalQuestion::goldSql)
                .containsExactly(Optional.of("SELECT count(*) FROM products"), Optional.empty());
    }

    @Test
    void namesTheLineOfAQuestionWithoutGoldSql() {
        Result<List<EvalQuestion>> parsed = EvalQuestion.parseLines("""
                {"id": "q1", "db": "shop", "question": "How many products?", "gold_sql": "SELECT 1"}
                {"id": "q2", "db": "shop", "question": "Why?"}
                """);

        assertThat(parsed).isInstanceOfSatisfying(Result.Err.class, err -> assertThat(err.failure().message()).startsWith("line 2:"));
    }

    @Test
    void refusesAnIdUsedTwice() {
        Result<List<EvalQuestion>> parsed = EvalQuestion.parseLines("""
                {"id": "q1", "db": "shop", "question": "a?", "gold_sql": null}
                {"id": "q1", "db": "shop", "question": "b?", "gold_sql": null}
                """);

        assertThat(parsed).isInstanceOfSatisfying(Result.Err.class, err -> assertThat(err.failure().message()).contains("used twice"));
    }
}
