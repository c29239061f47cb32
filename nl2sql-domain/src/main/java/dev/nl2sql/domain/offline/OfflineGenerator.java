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
import java.time.Clock;
import java.time.LocalDate;

/**
 * Answers common questions without a language model: counts, lists, distinct values, sums, averages, minima and
 * maxima, per group or not, rankings (top N, "which X has the most Y"), filters on values (accents and typos forgiven),
 * flags, numbers, dates and related tables along foreign keys, self-references ("who reports to ..."), and rows
 * without related rows. Deterministic, and cautious by design: a {@link QuestionReader} recognises the words (general
 * English from the {@link dev.nl2sql.domain.linking.Lexicon}, the schema's names and comments, the data's values), an
 * {@link Interpreter} gives every recognised part a role, and anything left over, ambiguous or beyond these shapes is
 * refused with the words it could not place. Only SQL the {@link SqlValidator} accepts is returned.
 */
public final class OfflineGenerator {

    /** The {@code generator} of every query this class writes. */
    public static final String GENERATOR = "offline";

    private final Synonyms synonyms;
    private final Clock clock;
    private final SqlValidator validator;

    /** A generator with the built-in synonyms. */
    public OfflineGenerator() {
        this(Synonyms.DEFAULT);
    }

    public OfflineGenerator(Synonyms synonyms) {
        this(synonyms, Clock.systemUTC());
    }

    /** @param clock what "last month" and "this year" are relative to */
    public OfflineGenerator(Synonyms synonyms, Clock clock) {
        this.synonyms = requireNonNull(synonyms, "synonyms");
        this.clock = requireNonNull(clock, "clock");
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
        QuestionReader.Reading reading = QuestionReader.read(question, schema, values, synonyms, LocalDate.now(clock));
        return validated(Interpreter.interpret(reading, schema), schema);
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
