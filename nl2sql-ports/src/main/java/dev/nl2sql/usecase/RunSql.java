package dev.nl2sql.usecase;

import dev.nl2sql.domain.audit.Caller;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.query.TokenUsage;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.sensitive.SensitiveData;
import dev.nl2sql.domain.validation.SqlValidator;
import dev.nl2sql.domain.validation.ValidationPolicy;
import dev.nl2sql.domain.validation.Verdict;
import dev.nl2sql.port.AuditLog;
import dev.nl2sql.port.QueryExecutor;
import dev.nl2sql.port.SchemaCatalog;
import dev.nl2sql.port.SensitivePolicies;
import dev.nl2sql.port.Tracing;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Validates one SQL statement against the live catalog and, if it passes, runs it read-only within limits. */
public final class RunSql {

    private final SchemaCatalog catalog;
    private final SqlValidator validator;
    private final QueryExecutor executor;
    private final Map<DatabaseName, DatabasePolicy> policies;
    private final SensitivePolicies sensitive;
    private final Map<DatabaseName, LastPolicy> lastPolicies = new ConcurrentHashMap<>();
    private final Auditing auditing;

    /**
     * @param sensitive each database's sensitive data policy, which the validator enforces with the database's limits
     * @param tracing follows each call's stages
     */
    public RunSql(SchemaCatalog catalog, SqlValidator validator, QueryExecutor executor, Map<DatabaseName, DatabasePolicy> policies,
            SensitivePolicies sensitive, AuditLog audit, Clock clock, Tracing tracing) {
        this.catalog = catalog;
        this.validator = validator;
        this.executor = executor;
        this.policies = Map.copyOf(policies);
        this.sensitive = sensitive;
        this.auditing = new Auditing(audit, clock, tracing);
    }

    /** {@return the rows, or why the statement was refused or failed}, as a call from an embedding application */
    public QueryOutcome run(QueryRequest.Sql request) {
        return run(request, Caller.LIBRARY);
    }

    /**
     * {@return the rows, or why the statement was refused or failed; nothing runs unless the validator accepts it}
     * The call is recorded in the audit log exactly once, however it ends.
     */
    public QueryOutcome run(QueryRequest.Sql request, Caller caller) {
        CallRecord record = auditing.start(caller, request.database()).generated(request.sql(), "sql", 1, TokenUsage.NONE);
        return auditing.around("run_sql", record, called -> run(request, called), CallRecord::outcome,
                (answered, withheld) -> QueryOutcome.failed(withheld));
    }

    /** {@return the rows, or why the statement was refused or failed}, told to {@code record}, the record of the call */
    QueryOutcome run(QueryRequest.Sql request, CallRecord record) {
        Limits limits = limits(request.database(), request.limits());
        long started = System.nanoTime();
        Result<Verdict> verdict;
        try (Tracing.Stage stage = record.stage("validation")) {
            verdict = validate(request.database(), request.sql(), limits);
        }
        record.validate(CallRecord.since(started));
        return switch (verdict) {
            case Result.Err<Verdict> err -> QueryOutcome.failed(err.failure());
            case Result.Ok<Verdict> ok -> switch (ok.value()) {
                case Verdict.Rejected rejected -> QueryOutcome.failed(rejected.toFailure());
                case Verdict.Accepted accepted -> {
                    record.finalSql(accepted.sql());
                    long executing = System.nanoTime();
                    QueryOutcome outcome;
                    try (Tracing.Stage stage = record.stage("execution")) {
                        outcome = executor.execute(request.database(), accepted, limits);
                    }
                    record.execute(CallRecord.since(executing));
                    yield outcome;
                }
            };
        };
    }

    /**
     * {@return {@code sql} as its author wrote it, less surrounding blanks and trailing semicolons} What people are
     * shown: the statement that ran carries the row cap's LIMIT, which is nl2sql's, not theirs (the audit keeps it).
     */
    public static String asWritten(String sql) {
        return sql.strip().replaceFirst(";+\\s*$", "").strip();
    }

    /** {@return the validator's verdict on {@code sql} for {@code database}, or why it could not be checked (unknown or unreachable database)} */
    public Result<Verdict> validate(DatabaseName database, String sql, Limits requested) {
        Limits limits = limits(database, requested);
        return catalog.snapshot(database).map(schema -> check(sql, schema, database, limits));
    }

    /** {@return the planner's cost estimate for {@code sql}, after validation; nothing runs} */
    public Result<Double> estimateCost(DatabaseName database, String sql) {
        Limits limits = limits(database, Limits.AS_CONFIGURED);
        return switch (validate(database, sql, limits)) {
            case Result.Err<Verdict> err -> Result.err(err.failure());
            case Result.Ok<Verdict> ok -> switch (ok.value()) {
                case Verdict.Rejected rejected -> Result.err(rejected.toFailure());
                case Verdict.Accepted accepted -> executor.estimateCost(database, accepted, limits);
            };
        };
    }

    private Verdict check(String sql, SchemaSnapshot schema, DatabaseName database, Limits limits) {
        return validator.check(sql, schema, validationPolicy(database, limits));
    }

    /** The last validation policy built per database: calls nearly always share their limits, and the verdict cache
     *  then compares the very same policy instead of hashing a new one's sets on every call. */
    private record LastPolicy(Limits limits, SensitiveData sensitive, ValidationPolicy policy) {}

    private ValidationPolicy validationPolicy(DatabaseName database, Limits limits) {
        SensitiveData current = sensitive.of(database);
        LastPolicy last = lastPolicies.get(database);
        if (last != null && last.limits().equals(limits) && last.sensitive() == current) {
            return last.policy();
        }
        ValidationPolicy policy = policy(database).validation(limits).withSensitive(current);
        lastPolicies.put(database, new LastPolicy(limits, current, policy));
        return policy;
    }

    /** {@return {@code requested}, lowered where it exceeds what {@code database} allows} */
    public Limits limits(DatabaseName database, Limits requested) {
        return requested.within(policy(database).ceiling());
    }

    private DatabasePolicy policy(DatabaseName database) {
        return policies.getOrDefault(database, DatabasePolicy.DEFAULT);
    }
}
