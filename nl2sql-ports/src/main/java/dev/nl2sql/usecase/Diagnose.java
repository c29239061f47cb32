package dev.nl2sql.usecase;

import dev.nl2sql.domain.database.DatabaseHealth;
import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.sensitive.FollowedViews;
import dev.nl2sql.domain.sensitive.SensitiveCandidate;
import dev.nl2sql.domain.sensitive.ViewColumnSource;
import dev.nl2sql.port.AuditStorage;
import dev.nl2sql.port.DatabaseProbe;
import dev.nl2sql.port.SensitivePolicies;
import dev.nl2sql.port.ViewLineage;
import java.util.List;
import java.util.Optional;

/** Checks every configured database and the audit log's files, for {@code doctor} and readiness. */
public final class Diagnose {

    private final DatabaseProbe probe;
    private final ViewLineage lineage;
    private final SensitivePolicies configured;
    private final AuditStorage audit;

    /**
     * @param lineage where view columns come from, to tell which views carry protected columns
     * @param configured each database's sensitive data policy as configured (not as derived from its views)
     * @param audit where the audit log keeps its files
     */
    public Diagnose(DatabaseProbe probe, ViewLineage lineage, SensitivePolicies configured, AuditStorage audit) {
        this.probe = probe;
        this.lineage = lineage;
        this.configured = configured;
        this.audit = audit;
    }

    /** {@return whether the audit log can write and force its files, and the room left; none when it keeps no files} */
    public Optional<AuditStorage.Check> auditStorage() {
        return audit.check();
    }

    /** {@return the health of every configured database, in name order} */
    public List<DatabaseHealth> diagnose() {
        return probe.databases().stream().map(probe::probe).toList();
    }

    /**
     * {@return the view columns of {@code database} that carry a hidden or masked column and that no pattern of its
     * configured policy names (covered anyway when the policy follows views); empty when the views cannot be read}
     */
    public List<FollowedViews.Exposure> viewsCarryingProtectedColumns(DatabaseIdentity database) {
        return switch (lineage.read(database.name())) {
            case Result.Ok<List<ViewColumnSource>> ok -> FollowedViews.uncovered(configured.of(database.name()), ok.value());
            case Result.Err<List<ViewColumnSource>> err -> List.of();
        };
    }

    /** {@return whether the configured policy of {@code database} follows views by itself} */
    public boolean followsViews(DatabaseIdentity database) {
        return configured.of(database.name()).followViews();
    }

    /** {@return the columns of {@code database} that look like personal data and no policy covers yet: suggestions only} */
    public List<SensitiveCandidate> sensitiveCandidates(DatabaseIdentity database) {
        return probe.sensitiveCandidates(database);
    }
}
