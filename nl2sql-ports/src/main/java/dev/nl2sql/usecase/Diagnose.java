package dev.nl2sql.usecase;

import dev.nl2sql.domain.database.DatabaseHealth;
import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.domain.sensitive.SensitiveCandidate;
import dev.nl2sql.port.DatabaseProbe;
import java.util.List;

/** Checks every configured database, for {@code doctor} and readiness. */
public final class Diagnose {

    private final DatabaseProbe probe;

    public Diagnose(DatabaseProbe probe) {
        this.probe = probe;
    }

    /** {@return the health of every configured database, in name order} */
    public List<DatabaseHealth> diagnose() {
        return probe.databases().stream().map(probe::probe).toList();
    }

    /** {@return the columns of {@code database} that look like personal data and no policy covers yet: suggestions only} */
    public List<SensitiveCandidate> sensitiveCandidates(DatabaseIdentity database) {
        return probe.sensitiveCandidates(database);
    }
}
