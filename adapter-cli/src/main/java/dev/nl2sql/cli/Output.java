package dev.nl2sql.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.result.ResultColumn;
import dev.nl2sql.domain.result.format.CsvFormat;
import dev.nl2sql.domain.result.format.TableFormat;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a command prints, in the chosen format: results and documents on standard output, failures and notes on
 * standard error, so that a pipe gets data and nothing else.
 */
final class Output {

    /** The output formats. */
    enum Format {
        TABLE,
        JSON,
        CSV
    }

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Format format;
    private final boolean colour;
    private final boolean quiet;
    private final PrintWriter out;
    private final PrintWriter err;

    Output(Format format, boolean colour, boolean quiet, PrintWriter out, PrintWriter err) {
        this.format = format;
        this.colour = colour;
        this.quiet = quiet;
        this.out = out;
        this.err = err;
    }

    boolean colour() {
        return colour;
    }

    Format format() {
        return format;
    }

    /** Prints the rows of {@code outcome}, or its failure; {@return the exit code} */
    int outcome(QueryOutcome outcome, Map<String, Object> extra) {
        return outcome(outcome, Optional.empty(), extra);
    }

    /** Prints the rows of {@code outcome} with {@code shown} as their SQL (else the SQL that ran), or its failure; {@return the exit code} */
    int outcome(QueryOutcome outcome, Optional<String> shown, Map<String, Object> extra) {
        return switch (outcome) {
            case QueryOutcome.Succeeded ok -> {
                result(shown.orElse(ok.sql()), ok.result(), extra);
                yield ExitCodes.OK;
            }
            case QueryOutcome.Failed failed -> failure(failed.failure());
        };
    }

    void result(String sql, QueryResult result, Map<String, Object> extra) {
        switch (format) {
            case TABLE -> {
                out.print(new TableFormat(Terminal.width(), colour).format(result));
                out.flush();
            }
            case CSV -> {
                out.print(new CsvFormat().format(result));
                out.flush();
                if (result.truncated()) { // CSV has no footer: without this line a cut result passes for the whole one
                    err.println("nl2sql: truncated: only the first " + result.rowCount() + " rows are shown; more exist than the row or "
                            + "byte cap let through (max_rows, max_bytes, --max-rows)");
                    err.flush();
                }
            }
            case JSON -> {
                Map<String, Object> document = new LinkedHashMap<>(extra);
                document.put("sql", sql);
                document.putAll(resultDocument(result));
                json(document);
            }
        }
    }

    static Map<String, Object> resultDocument(QueryResult result) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("columns", result.columns().stream().map(Output::column).toList());
        document.put("rows", result.rows());
        document.put("row_count", result.rowCount());
        document.put("truncated", result.truncated());
        document.put("elapsed_ms", result.elapsed().toMillis());
        return document;
    }

    private static Map<String, String> column(ResultColumn column) {
        return Map.of("name", column.name(), "type", column.type());
    }

    /** Prints {@code document} as one JSON document. */
    void json(Object document) {
        try {
            out.println(JSON.writeValueAsString(document));
            out.flush();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a result document could not be written as JSON", e);
        }
    }

    /** Prints a line of text for people (tables and notes); with --format json the caller prints a document instead. */
    void line(String text) {
        out.println(text);
        out.flush();
    }

    /** Prints a note on standard error unless --quiet. */
    void note(String text) {
        if (!quiet) {
            err.println(colour ? "\u001b[2m" + text + "\u001b[0m" : text);
            err.flush();
        }
    }

    /** Prints a warning on standard error, even with --quiet: something the user must not miss. */
    void warning(String text) {
        err.println("nl2sql: " + text);
        err.flush();
    }

    /** Prints {@code failure} on standard error; {@return its exit code} */
    int failure(Failure failure) {
        err.println("nl2sql: " + failure.code().code() + ": " + failure.message());
        List<String> suggestions = failure.suggestions();
        if (!suggestions.isEmpty() && !failure.message().contains(suggestions.getFirst())) {
            err.println("nl2sql: did you mean: " + String.join(", ", suggestions));
        }
        err.flush();
        return ExitCodes.of(failure.code());
    }
}
