package dev.nl2sql.usecase;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.linking.ColumnRef;
import dev.nl2sql.domain.linking.SchemaLinker;
import dev.nl2sql.domain.linking.ValueIndex;
import dev.nl2sql.domain.offline.OfflineAnswer;
import dev.nl2sql.domain.offline.OfflineGenerator;
import dev.nl2sql.domain.query.GeneratedQuery;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.port.Cancellation;
import dev.nl2sql.port.ColumnValueSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What a question is read against: the schema slice a prompt shows (schema linking) and the offline generator, both
 * helped by the values of the database's low-cardinality text columns ("in Brazil" finds the column that holds
 * 'Brazil'). The values are sampled once per database and schema version, and only the sample of each database's
 * newest version is kept: a server whose schema changes often (migrations, temporary tables) must not hold one sample
 * for every version it ever saw. A failed sample falls back to enum labels and is tried again by a question asked
 * {@link #RETRY_AFTER} later, so that a database briefly down or a migration's lock does not weaken every later
 * question until the schema changes; meanwhile questions keep the fallback. A sample that failed because its
 * question was cancelled is taken again by the next question.
 */
public final class QuestionContext implements GenerateSql.SchemaContext, GenerateSql.OfflineAnswers {

    /** How long a failed sample's fallback serves before a question samples again. */
    public static final Duration RETRY_AFTER = Duration.ofMinutes(1);

    /** What the sample of one schema version gave: its values for good, or the fallback until a retry is due. */
    private sealed interface Sample {
        SchemaSnapshot of();

        ValueIndex index();

        /** {@return whether a question on {@code schema} is read against this sample} */
        default boolean serves(SchemaSnapshot schema) {
            return of().fingerprint().equals(schema.fingerprint());
        }

        /** {@return whether {@code schema} is another version of the database, read no earlier than this sample's} */
        default boolean isOlderThan(SchemaSnapshot schema) {
            return !serves(schema) && !of().readAt().isAfter(schema.readAt());
        }
    }

    private record Sampled(SchemaSnapshot of, ValueIndex index) implements Sample {}

    /** @param retryAt the {@code nanoTime} from which a question samples again */
    private record Failed(SchemaSnapshot of, ValueIndex index, long retryAt) implements Sample {}

    private final ColumnValueSource values;
    private final SchemaLinker linker;
    private final OfflineGenerator offline;
    private final long retryAfter;
    private final LongSupplier nanoTime;
    /** The sample of each database's newest schema version. */
    private final Map<DatabaseName, Sample> samples = new ConcurrentHashMap<>();

    public QuestionContext(ColumnValueSource values, SchemaLinker linker, OfflineGenerator offline) {
        this(values, linker, offline, RETRY_AFTER, System::nanoTime);
    }

    /** @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime}) */
    public QuestionContext(ColumnValueSource values, SchemaLinker linker, OfflineGenerator offline, Duration retryAfter,
            LongSupplier nanoTime) {
        this.values = values;
        this.linker = linker;
        this.offline = offline;
        this.retryAfter = retryAfter.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public String render(String question, SchemaSnapshot schema) {
        return linker.link(question, schema, values(schema)).rendered();
    }

    @Override
    public Result<GeneratedQuery> answer(String question, SchemaSnapshot schema) {
        return switch (offline.answer(question, schema, values(schema))) {
            case OfflineAnswer.Answered answered -> Result.ok(answered.query());
            case OfflineAnswer.Refused refused -> Result.err(new Failure.Unanswerable("the offline generator cannot answer this: "
                    + refused.reason() + (refused.unmatched().isEmpty() ? "" : " (not understood: " + String.join(", ", refused.unmatched()) + ")")));
        };
    }

    @Override
    public Result<GeneratedQuery> refine(String followUp, String previousSql, SchemaSnapshot schema) {
        return switch (offline.refine(followUp, previousSql, schema, values(schema))) {
            case OfflineAnswer.Answered answered -> Result.ok(answered.query());
            case OfflineAnswer.Refused refused -> Result.err(new Failure.Unanswerable("the offline generator cannot read this as a "
                    + "refinement of the previous question: " + refused.reason()));
        };
    }

    private ValueIndex values(SchemaSnapshot schema) {
        Sample known = samples.get(schema.database());
        if (known == null || !known.serves(schema)) {
            // the first questions on a version wait for its sample, which only one of them takes (a lookup first: compute
            // locks the map's bin, which other databases may share, for as long as a sample takes)
            known = samples.compute(schema.database(), (database, last) -> last == null || last.isOlderThan(schema) ? sample(schema) : last);
        }
        if (!known.serves(schema)) {
            return sample(schema).index(); // a question still on a version older than the one sampled: not kept
        }
        if (known instanceof Failed failed && nanoTime.getAsLong() - failed.retryAt() >= 0) {
            Failed retrying = new Failed(failed.of(), failed.index(), nanoTime.getAsLong() + retryAfter);
            if (samples.replace(schema.database(), failed, retrying)) {
                // this question won the retry; the others keep the fallback meanwhile rather than wait for it
                Sample again = sample(schema);
                samples.replace(schema.database(), retrying, again); // unless a newer version's sample took its place meanwhile
                return again.index();
            }
        }
        return known.index();
    }

    private Sample sample(SchemaSnapshot schema) {
        return switch (values.sampleValues(schema.database())) {
            case Result.Ok<Map<ColumnRef, List<String>>> ok -> new Sampled(schema, ValueIndex.of(schema, ok.value()));
            // a sample its own question's cancellation ended says nothing of the database: the next question takes it again
            case Result.Err<Map<ColumnRef, List<String>>> err -> new Failed(schema, ValueIndex.enumsOf(schema),
                    nanoTime.getAsLong() + (Cancellation.currentIsCancelled() ? 0 : retryAfter));
        };
    }
}
