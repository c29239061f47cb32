package dev.nl2sql.usecase;

import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.linking.ColumnRef;
import dev.nl2sql.domain.linking.SchemaLinker;
import dev.nl2sql.domain.linking.ValueIndex;
import dev.nl2sql.domain.offline.OfflineAnswer;
import dev.nl2sql.domain.offline.OfflineGenerator;
import dev.nl2sql.domain.query.GeneratedQuery;
import dev.nl2sql.domain.schema.SchemaFingerprint;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.port.ColumnValueSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What a question is read against: the schema slice a prompt shows (schema linking) and the offline generator, both
 * helped by the values of the database's low-cardinality text columns ("in Brazil" finds the column that holds
 * 'Brazil'). The values are sampled once per database and schema version. A failed sample falls back to enum labels
 * and is tried again by a question asked {@link #RETRY_AFTER} later, so that a database briefly down or a migration's
 * lock does not weaken every later question until the schema changes; meanwhile questions keep the fallback.
 */
public final class QuestionContext implements GenerateSql.SchemaContext, GenerateSql.OfflineAnswers {

    /** How long a failed sample's fallback serves before a question samples again. */
    public static final Duration RETRY_AFTER = Duration.ofMinutes(1);

    /** What one schema version's sample gave: its values for good, or the fallback until a retry is due. */
    private sealed interface Sample {
        ValueIndex index();
    }

    private record Sampled(ValueIndex index) implements Sample {}

    /** @param retryAt the {@code nanoTime} from which a question samples again */
    private record Failed(ValueIndex index, long retryAt) implements Sample {}

    private final ColumnValueSource values;
    private final SchemaLinker linker;
    private final OfflineGenerator offline;
    private final long retryAfter;
    private final LongSupplier nanoTime;
    private final Map<SchemaFingerprint, Sample> samples = new ConcurrentHashMap<>();

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
        // the first questions wait for the first sample, which only one of them takes
        Sample known = samples.computeIfAbsent(schema.fingerprint(), fingerprint -> sample(schema));
        if (known instanceof Failed failed && nanoTime.getAsLong() - failed.retryAt() >= 0
                && samples.replace(schema.fingerprint(), failed, new Failed(failed.index(), nanoTime.getAsLong() + retryAfter))) {
            // this question won the retry; the others keep the fallback meanwhile rather than wait for it
            Sample again = sample(schema);
            samples.put(schema.fingerprint(), again);
            return again.index();
        }
        return known.index();
    }

    private Sample sample(SchemaSnapshot schema) {
        return switch (values.sampleValues(schema.database())) {
            case Result.Ok<Map<ColumnRef, List<String>>> ok -> new Sampled(ValueIndex.of(schema, ok.value()));
            case Result.Err<Map<ColumnRef, List<String>>> err -> new Failed(ValueIndex.enumsOf(schema), nanoTime.getAsLong() + retryAfter);
        };
    }
}
