package dev.nl2sql.port;

import dev.nl2sql.domain.database.DatabaseHealth;
import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.domain.sensitive.SensitiveCandidate;
import java.util.List;

/** Checks the configured databases: can nl2sql reach them, and can its role write anything it should not. */
public interface DatabaseProbe {

    /** {@return every configured database, sorted by name} */
    List<DatabaseIdentity> databases();

    /** {@return what a check of {@code database} found; never throws for an unreachable database} */
    DatabaseHealth probe(DatabaseIdentity database);

    /**
     * {@return the columns of {@code database} that look like personal data and are not yet hidden or masked, by name
     * or by a small sample of values; empty when it cannot be read} For {@code doctor} only: it reads values.
     */
    default List<SensitiveCandidate> sensitiveCandidates(DatabaseIdentity database) {
        return List.of();
    }
}
