package dev.nl2sql.library.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.sensitive.SensitiveData;
import dev.nl2sql.domain.sensitive.SensitiveData.MaskedColumn;
import dev.nl2sql.domain.sensitive.SensitiveData.Mode;
import dev.nl2sql.port.AuditLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Literals compared with a masked column are its values: the audit log never keeps them. */
class SensitiveAuditTest {

    private final List<AuditEntry> kept = new ArrayList<>();
    private static final SensitiveData CRM = new SensitiveData(List.of(), List.of(), List.of(new MaskedColumn("*.email", Mode.MASK)),
            Optional.empty());
    private final AuditLog log = RedactingAuditLog.aroundMaskedColumns(kept::add,
            database -> database.equals(DatabaseName.of("crm")) ? CRM : SensitiveData.NONE);

    @Test
    void literalsOfAStatementNamingAMaskedColumnAreRedacted() {
        log.record(Entries.entry(Instant.EPOCH, "crm", "ok", "who is it?", "SELECT id FROM people WHERE email = 'ann@example.com' AND id > 3"));

        assertThat(kept.getFirst().finalSql()).contains("SELECT id FROM people WHERE email = ? AND id > ?");
        assertThat(kept.getFirst().generatedSql()).contains("SELECT id FROM people WHERE email = ? AND id > ?");
    }

    @Test
    void statementWithoutAMaskedColumnKeepsItsLiterals() {
        log.record(Entries.entry(Instant.EPOCH, "crm", "ok", "q", "SELECT id FROM people WHERE emails_sent = 4"));
        log.record(Entries.entry(Instant.EPOCH, "shop", "ok", "q", "SELECT id FROM people WHERE email = 'x'"));

        assertThat(kept).extracting(e -> e.finalSql().orElseThrow())
                .containsExactly("SELECT id FROM people WHERE emails_sent = 4", "SELECT id FROM people WHERE email = 'x'");
    }
}
