package dev.nl2sql.domain.conversation;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.result.ResultColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a turn's query returned, small enough for a prompt: the column names, the row count and a few sample rows with
 * each cell cut short. It is made from the values the executor returned and nothing else, so whatever the executor
 * hides (masked columns) stays hidden here.
 *
 * @param outcome "ok", or the error code when the query failed
 */
public record ResultSummary(String outcome, List<String> columns, int rowCount, boolean truncated, List<List<String>> sample) {

    /** Sample rows kept per turn. */
    public static final int SAMPLE_ROWS = 3;
    /** Characters kept per sample cell. */
    public static final int CELL_WIDTH = 24;

    public ResultSummary {
        requireNonNull(outcome, "outcome");
        columns = List.copyOf(columns);
        sample = sample.stream().map(List::copyOf).toList();
    }

    /** {@return the summary of {@code outcome}} */
    public static ResultSummary of(QueryOutcome outcome) {
        return switch (outcome) {
            case QueryOutcome.Failed failed -> new ResultSummary(failed.failure().code().code(), List.of(), 0, false, List.of());
            case QueryOutcome.Succeeded ok -> of(ok.result());
        };
    }

    private static ResultSummary of(QueryResult result) {
        List<List<String>> sample = new ArrayList<>();
        for (List<Object> row : result.rows().subList(0, Math.min(SAMPLE_ROWS, result.rowCount()))) {
            sample.add(row.stream().map(ResultSummary::cell).toList());
        }
        return new ResultSummary("ok", result.columns().stream().map(ResultColumn::name).toList(), result.rowCount(),
                result.truncated(), sample);
    }

    private static String cell(Object value) {
        String text = Objects.toString(value, "NULL");
        return text.length() <= CELL_WIDTH ? text : text.substring(0, CELL_WIDTH - 1) + "…";
    }

    /** {@return one or a few lines for a prompt} */
    public String text() {
        if (!outcome.equals("ok")) {
            return "failed (" + outcome + ")";
        }
        StringBuilder text = new StringBuilder().append(rowCount).append(truncated ? "+" : "").append(rowCount == 1 ? " row" : " rows")
                .append(" (").append(String.join(", ", columns)).append(')');
        for (List<String> row : sample) {
            text.append("\n  ").append(String.join(" | ", row));
        }
        return text.toString();
    }
}
