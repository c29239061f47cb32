package dev.nl2sql.usecase;

import dev.nl2sql.domain.audit.Caller;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.TokenUsage;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.template.QueryTemplate;
import dev.nl2sql.domain.template.TemplateBinding;
import dev.nl2sql.domain.template.TemplateMatcher;
import dev.nl2sql.domain.validation.NamedParameters;
import dev.nl2sql.domain.validation.Verdict;
import dev.nl2sql.port.AuditLog;
import dev.nl2sql.port.QueryExecutor;
import dev.nl2sql.port.Tracing;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Named, parameterised queries written by operators: listed, matched to questions, and run with their arguments bound
 * as JDBC parameters. A template's SQL passes the same validator as any statement, with each parameter standing in as
 * a typed constant; the values themselves never become SQL text, so no argument can change what the query does.
 */
public final class RunTemplate {

    private final List<QueryTemplate> templates;
    private final RunSql runSql;
    private final QueryExecutor executor;
    private final Auditing auditing;

    /** @param tracing follows each call's stages */
    public RunTemplate(List<QueryTemplate> templates, RunSql runSql, QueryExecutor executor, AuditLog audit, Clock clock, Tracing tracing) {
        this.templates = List.copyOf(templates);
        this.runSql = runSql;
        this.executor = executor;
        this.auditing = new Auditing(audit, clock, tracing);
    }

    /** {@return the templates of {@code database}, or of every database when it is empty} */
    public List<QueryTemplate> list(Optional<DatabaseName> database) {
        return templates.stream().filter(t -> database.isEmpty() || t.database().equals(database.get())).toList();
    }

    /** {@return the template called {@code name}} */
    public Optional<QueryTemplate> find(String name) {
        return templates.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** {@return the best template for {@code question} on {@code database}, with arguments read from the question} */
    public Optional<TemplateMatcher.Match> match(DatabaseName database, String question) {
        return TemplateMatcher.match(question, list(Optional.of(database)));
    }

    /** {@return the rows of template {@code name} run with {@code arguments}}, as a call from an embedding application */
    public QueryOutcome run(String name, Map<String, String> arguments, Limits requested) {
        return run(name, arguments, requested, Caller.LIBRARY);
    }

    /** {@return the rows of template {@code name} run with {@code arguments}, or why it could not run}; recorded once */
    public QueryOutcome run(String name, Map<String, String> arguments, Limits requested, Caller caller) {
        DatabaseName database = find(name).map(QueryTemplate::database).orElse(UNKNOWN);
        CallRecord record = auditing.start(caller, database).attempts(1, "template:" + name, TokenUsage.NONE);
        find(name).ifPresent(t -> record.generated(t.sql(), "template:" + name, 1, TokenUsage.NONE));
        return auditing.around("template", record, called -> run(name, arguments, requested, called), (done, outcome) -> done.outcome(outcome),
                (answered, withheld) -> QueryOutcome.failed(withheld));
    }

    // Audit entries need a database; a template that does not exist has none.
    private static final DatabaseName UNKNOWN = DatabaseName.of("unknown");

    /** {@return the rows of template {@code name} run with {@code arguments}}, the run's time told to {@code record} */
    QueryOutcome run(String name, Map<String, String> arguments, Limits requested, CallRecord record) {
        long started = System.nanoTime();
        try {
            return bindAndRun(name, arguments, requested);
        } finally {
            record.execute(CallRecord.since(started));
        }
    }

    private QueryOutcome bindAndRun(String name, Map<String, String> arguments, Limits requested) {
        Optional<QueryTemplate> template = find(name);
        if (template.isEmpty()) {
            return QueryOutcome.failed(new Failure.TemplateInvalid("no template named '" + name + "'; known: "
                    + String.join(", ", templates.stream().map(QueryTemplate::name).sorted().toList())));
        }
        return switch (TemplateBinding.bind(template.get(), arguments)) {
            case Result.Err<TemplateBinding> err -> QueryOutcome.failed(err.failure());
            case Result.Ok<TemplateBinding> ok -> run(ok.value(), requested);
        };
    }

    private QueryOutcome run(TemplateBinding binding, Limits requested) {
        DatabaseName database = binding.template().database();
        Limits limits = runSql.limits(database, requested);
        return switch (runSql.validate(database, binding.sql(), limits)) {
            case Result.Err<Verdict> err -> QueryOutcome.failed(err.failure());
            case Result.Ok<Verdict> ok -> switch (ok.value()) {
                case Verdict.Rejected rejected -> QueryOutcome.failed(new Failure.TemplateInvalid(
                        "template " + binding.template().name() + " does not pass validation: " + rejected.code() + ": " + rejected.reason()));
                case Verdict.Accepted accepted -> switch (NamedParameters.toJdbc(accepted.sql())) {
                    case Result.Err<NamedParameters.Jdbc> err -> QueryOutcome.failed(err.failure());
                    case Result.Ok<NamedParameters.Jdbc> jdbc -> executor.execute(database,
                            new Verdict.Accepted(jdbc.value().sql(), accepted.limitApplied(), accepted.tables()),
                            jdbc.value().valueIndexes().stream().map(binding.values()::get).toList(), limits);
                };
            };
        };
    }
}
