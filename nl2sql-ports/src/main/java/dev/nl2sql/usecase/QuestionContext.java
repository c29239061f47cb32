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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a question is read against: the schema slice a prompt shows (schema linking) and the offline generator, both
 * helped by the values of the database's low-cardinality text columns ("in Brazil" finds the column that holds
 * 'Brazil'). The values are sampled once per database and schema version; a failed sample falls back to enum labels.
 */
public final class QuestionContext implements GenerateSql.SchemaContext, GenerateSql.OfflineAnswers {

    private final ColumnValueSource values;
    private final SchemaLinker linker;
    private final OfflineGenerator offline;
    private final Map<SchemaFingerprint, ValueIndex> indexes = new ConcurrentHashMap<>();

    public QuestionContext(ColumnValueSource values, SchemaLinker linker, OfflineGenerator offline) {
        this.values = values;
        this.linker = linker;
        this.offline = offline;
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
        return indexes.computeIfAbsent(schema.fingerprint(), fingerprint -> switch (values.sampleValues(schema.database())) {
            case Result.Ok<Map<ColumnRef, List<String>>> ok -> ValueIndex.of(schema, ok.value());
            case Result.Err<Map<ColumnRef, List<String>>> err -> ValueIndex.enumsOf(schema);
        });
    }
}
