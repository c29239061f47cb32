package dev.nl2sql.cli;

import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.audit.HistoryPage;
import dev.nl2sql.domain.audit.HistoryQuery;
import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.result.ResultColumn;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Reads the audit log back: what was asked and run, newest first. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Show what was asked and run, newest first, from the audit log.",
        footer = {"", "Examples:", "  nl2sql history --db shop --status rejected --limit 10",
                "  nl2sql history --since 2026-11-24 --text invoice --format csv > invoices.csv"})
final class HistoryCommand implements Callable<Integer> {

    @Option(names = "--db", paramLabel = "NAME", description = "Only calls to this database.")
    String database;

    @Option(names = "--status", paramLabel = "STATUS", description = "Only calls that ended so: ok, rejected or failed.")
    String status;

    @Option(names = "--since", paramLabel = "WHEN", description = "Only calls at or after WHEN: 2026-11-25, 2026-11-25T10:00:00Z, or a duration ago such as 2h or 7d.")
    String since;

    @Option(names = "--until", paramLabel = "WHEN", description = "Only calls before WHEN, written as for --since.")
    String until;

    @Option(names = "--text", paramLabel = "TEXT", description = "Only calls whose question or SQL contains TEXT, ignoring case.")
    String text;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N entries (1-1000; default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--cursor", paramLabel = "CURSOR", description = "Continue after the page that printed this cursor.")
    String cursor;

    @Spec
    CommandSpec spec;

    private static final List<ResultColumn> COLUMNS = List.of(new ResultColumn("time", "timestamptz"), new ResultColumn("surface", "text"),
            new ResultColumn("database", "text"), new ResultColumn("status", "text"), new ResultColumn("code", "text"),
            new ResultColumn("rows", "int8"), new ResultColumn("ms", "int8"), new ResultColumn("question", "text"),
            new ResultColumn("sql", "text"));

    @Override
    public Integer call() throws Exception {
        Nl2SqlCommand root = Nl2SqlCommand.root(spec);
        Output output = root.output(spec.commandLine());
        Optional<Instant> from;
        Optional<Instant> to;
        try {
            from = Optional.ofNullable(since).map(HistoryCommand::instant);
            to = Optional.ofNullable(until).map(HistoryCommand::instant);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (limit < 1 || limit > HistoryQuery.MAX_LIMIT) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be 1-" + HistoryQuery.MAX_LIMIT + ", was " + limit);
        }
        HistoryQuery query = new HistoryQuery(Optional.ofNullable(database), Optional.ofNullable(status), from, to, Optional.ofNullable(text),
                limit, Optional.ofNullable(cursor));
        return root.withApplication(spec.commandLine(), app -> {
            HistoryPage page = app.useCases().queryHistory().page(query);
            if (output.format() == Output.Format.JSON) {
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("entries", page.entries().stream().map(HistoryCommand::document).toList());
                document.put("next_cursor", page.next().orElse(null));
                output.json(document);
            } else {
                output.result("", new QueryResult(COLUMNS, page.entries().stream().map(HistoryCommand::row).toList(), false, Duration.ZERO),
                        Map.of());
                page.next().ifPresent(next -> output.note("more: nl2sql history --cursor " + next + " (with the same filters)"));
            }
            return ExitCodes.OK;
        });
    }

    private static List<Object> row(AuditEntry e) {
        List<Object> row = new ArrayList<>();
        row.add(e.timestamp().toString());
        row.add(e.surface());
        row.add(e.database());
        row.add(e.status());
        row.add(e.errorCode().map(ErrorCode::code).orElse(null));
        row.add(e.rowCount());
        row.add(e.generate().plus(e.validate()).plus(e.execute()).toMillis());
        row.add(e.question().orElse(null));
        row.add(e.finalSql().or(e::generatedSql).orElse(null));
        return row;
    }

    static Map<String, Object> document(AuditEntry e) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", e.id());
        d.put("timestamp", e.timestamp().toString());
        d.put("surface", e.surface());
        d.put("client", e.client().orElse(null));
        d.put("database", e.database());
        d.put("status", e.status());
        d.put("error_code", e.errorCode().map(ErrorCode::code).orElse(null));
        d.put("reason", e.reason().orElse(null));
        d.put("question", e.question().orElse(null));
        d.put("generated_sql", e.generatedSql().orElse(null));
        d.put("final_sql", e.finalSql().orElse(null));
        d.put("attempts", e.attempts());
        d.put("model", e.model().orElse(null));
        d.put("prompt_tokens", e.promptTokens());
        d.put("completion_tokens", e.completionTokens());
        d.put("generate_ms", e.generate().toNanos() / 1e6);
        d.put("validate_ms", e.validate().toNanos() / 1e6);
        d.put("execute_ms", e.execute().toNanos() / 1e6);
        d.put("rows", e.rowCount());
        d.put("truncated", e.truncated());
        return d;
    }

    /** {@return {@code raw} as an instant: a UTC date, a date-time with offset, or a duration before now such as 2h or 7d} */
    static Instant instant(String raw) {
        String value = raw.strip();
        try {
            if (value.matches("\\d+[smhd]")) {
                long amount = Long.parseLong(value.substring(0, value.length() - 1));
                Duration ago = switch (value.charAt(value.length() - 1)) {
                    case 's' -> Duration.ofSeconds(amount);
                    case 'm' -> Duration.ofMinutes(amount);
                    case 'h' -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
                return Instant.now().minus(ago);
            }
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + raw + "' is not a time: write 2026-11-25, 2026-11-25T10:00:00Z or a duration ago such as 2h or 7d");
        }
    }
}
