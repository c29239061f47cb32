package dev.nl2sql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.audit.HistoryPage;
import dev.nl2sql.domain.audit.HistoryQuery;
import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.usecase.UseCases;
import dev.nl2sql.usecase.testing.TestUseCases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HistoryCommandTest {

    private static final AuditEntry REJECTED = new AuditEntry("e1", Instant.parse("2026-11-25T10:00:00Z"), "mcp", Optional.of("claude 1.0"),
            "shop", Optional.of("delete old orders"), Optional.of("DELETE FROM orders"), Optional.empty(), "rejected",
            Optional.of(ErrorCode.SQL_REJECTED), Optional.of("only SELECT may run"), 1, Optional.of("sql"), 0, 0, Duration.ZERO,
            Duration.ofMillis(1), Duration.ZERO, 0, false);

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final AtomicReference<HistoryQuery> asked = new AtomicReference<>();

    private int run(String... args) {
        UseCases useCases = TestUseCases.defaults().withHistory(query -> {
            asked.set(query);
            return new HistoryPage(List.of(REJECTED), Optional.of("audit-2026-11-25.jsonl:0"));
        }).build();
        Launcher launcher = config -> new Launcher.Launch.Ready("test.yaml", useCases, new NoServers(), Launcher.Listener.DEFAULT, () -> {});
        return Nl2SqlCommand.commandLine(launcher).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    }

    @Test
    void passesEveryFilterToTheHistory() {
        int exit = run("--format", "JSON", "history", "--db", "shop", "--status", "rejected", "--since", "2026-11-24", "--until",
                "2026-11-25T12:00:00Z", "--text", "orders", "--limit", "5");

        assertThat(exit).as(err::toString).isEqualTo(ExitCodes.OK);
        assertThat(asked.get()).isEqualTo(new HistoryQuery(Optional.of("shop"), Optional.of("rejected"),
                Optional.of(Instant.parse("2026-11-24T00:00:00Z")), Optional.of(Instant.parse("2026-11-25T12:00:00Z")), Optional.of("orders"),
                5, Optional.empty()));
        assertThat(out.toString()).contains("\"error_code\" : \"SQL_REJECTED\"", "\"next_cursor\" : \"audit-2026-11-25.jsonl:0\"");
    }

    @Test
    void printsCsvRowsAndTheNextCursorAsANote() {
        int exit = run("--format", "CSV", "history");

        assertThat(exit).as(err::toString).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).startsWith("time,surface,database,status,code,rows,ms,question,sql")
                .contains("2026-11-25T10:00:00Z,mcp,shop,rejected,SQL_REJECTED,0,1,delete old orders,DELETE FROM orders");
        assertThat(err.toString()).contains("--cursor audit-2026-11-25.jsonl:0");
    }

    @Test
    void aBadTimeIsAUsageError() {
        int exit = run("history", "--since", "yesterday");

        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("'yesterday' is not a time");
    }
}
