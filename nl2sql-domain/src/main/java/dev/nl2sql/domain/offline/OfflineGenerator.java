package dev.nl2sql.domain.offline;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.linking.SchemaIndex;
import dev.nl2sql.domain.linking.Synonyms;
import dev.nl2sql.domain.linking.ValueIndex;
import dev.nl2sql.domain.query.GeneratedQuery;
import dev.nl2sql.domain.query.TokenUsage;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.validation.SqlValidator;
import dev.nl2sql.domain.validation.ValidationPolicy;
import dev.nl2sql.domain.validation.Verdict;

/**
 * Answers simple questions without a language model: counts, filtered lists, top-N, grouped aggregates and date
 * ranges over one table or one foreign-key hop. Deterministic, and cautious by design: it answers only when every
 * content word of the question is accounted for (a relation, a column, a value, a date, a number or a known phrase),
 * and only with SQL the {@link SqlValidator} accepts. Everything else is refused with the words it could not place.
 */
public final class OfflineGenerator {

    /** The {@code generator} of every query this class writes. */
    public static final String GENERATOR = "offline";

    private final Synonyms synonyms;
    private final SqlValidator validator;

    /** A generator with the built-in synonyms. */
    public OfflineGenerator() {
        this(Synonyms.DEFAULT);
    }

    public OfflineGenerator(Synonyms synonyms) {
        this.synonyms = requireNonNull(synonyms, "synonyms");
        this.validator = new SqlValidator();
    }

    /** {@return SQL for {@code question} over {@code schema}, matching values through enum labels only} */
    public OfflineAnswer answer(String question, SchemaSnapshot schema) {
        return answer(question, schema, SchemaIndex.of(schema).enumValues());
    }

    /** {@return SQL for {@code question} over {@code schema}, or a refusal that says what was not understood} */
    public OfflineAnswer answer(String question, SchemaSnapshot schema, ValueIndex values) {
        requireNonNull(question, "question");
        requireNonNull(values, "values");
        return validated(new QuestionParser(question, SchemaIndex.of(schema), values, synonyms).parse(), schema);
    }

    /**
     * {@return {@code previousSql} edited as the follow-up question {@code followUp} asks (a limit, a sort, a year or
     * value filter, an added column), or a refusal}
     */
    public OfflineAnswer refine(String followUp, String previousSql, SchemaSnapshot schema, ValueIndex values) {
        requireNonNull(followUp, "followUp");
        requireNonNull(previousSql, "previousSql");
        return validated(Refinement.refine(followUp, previousSql, schema, values), schema);
    }

    private OfflineAnswer validated(OfflineAnswer written, SchemaSnapshot schema) {
        if (!(written instanceof OfflineAnswer.Answered answered)) {
            return written;
        }
        GeneratedQuery query = answered.query();
        return switch (validator.check(query.sql(), schema, ValidationPolicy.DEFAULT)) {
            case Verdict.Accepted accepted -> new OfflineAnswer.Answered(new GeneratedQuery(query.sql(), query.explanation(),
                    query.confidence(), accepted.tables(), 1, TokenUsage.NONE, GENERATOR));
            case Verdict.Rejected rejected -> new OfflineAnswer.Refused(
                    "the SQL written for this question was rejected: " + rejected.reason(), java.util.List.of());
        };
    }
}
