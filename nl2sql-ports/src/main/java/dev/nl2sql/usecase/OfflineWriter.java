package dev.nl2sql.usecase;

import dev.nl2sql.domain.conversation.ConversationContext;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.query.GeneratedQuery;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.query.TokenUsage;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.port.Tracing;
import java.util.Optional;

/**
 * SQL written without a language model: a follow-up read as an edit of the previous SQL, an operator's query template
 * that matches the question, or the offline generator, in that order (or one source alone, for {@code nl2sql eval}).
 * It drafts once and cannot correct itself. Its drafting is the {@link Tracing} stage {@code offline}.
 */
final class OfflineWriter implements SqlWriter {

    /** Where the drafts may come from. */
    enum Sources {
        /** A refined follow-up, then a template, then the offline generator. */
        ALL,
        /** Query templates only. */
        TEMPLATES,
        /** The offline generator only. */
        GENERATOR
    }

    static final String OFFLINE = "offline";

    private final GenerateSql.OfflineAnswers offline;
    private final RunTemplate templates;
    private final Sources sources;
    private final Tracing tracing;

    OfflineWriter(GenerateSql.OfflineAnswers offline, RunTemplate templates, Sources sources, Tracing tracing) {
        this.offline = offline;
        this.templates = templates;
        this.sources = sources;
        this.tracing = tracing;
    }

    @Override
    public Drafts start(QueryRequest.Question question, SchemaSnapshot schema, ConversationContext earlier, Deadline deadline) {
        return new Drafts() {
            @Override
            public String writer() {
                return sources == Sources.TEMPLATES ? "templates" : OFFLINE;
            }

            @Override
            public TokenUsage tokens() {
                return TokenUsage.NONE;
            }

            @Override
            public Draft first() {
                try (Tracing.Stage stage = tracing.start(OFFLINE)) {
                    return draft(question, schema, earlier);
                }
            }

            @Override
            public Optional<Draft> after(Failure problem) {
                return Optional.empty();
            }
        };
    }

    private Draft draft(QueryRequest.Question question, SchemaSnapshot schema, ConversationContext earlier) {
        if (sources == Sources.ALL) {
            Optional<String> previousSql = earlier.lastSql();
            if (previousSql.isPresent()
                    && offline.refine(question.text(), previousSql.get(), schema) instanceof Result.Ok<GeneratedQuery> refined) {
                return sql(refined.value());
            }
        }
        if (sources != Sources.GENERATOR) {
            var template = templates.match(question.database(), question.text());
            if (template.isPresent()) {
                return new Draft.Template(template.get());
            }
            if (sources == Sources.TEMPLATES) {
                return new Draft.Declined(new Failure.Unanswerable("no query template matches the question"));
            }
        }
        return switch (offline.answer(question.text(), schema)) {
            case Result.Ok<GeneratedQuery> ok -> sql(ok.value());
            case Result.Err<GeneratedQuery> err -> new Draft.Declined(err.failure());
        };
    }

    private static Draft sql(GeneratedQuery written) {
        return new Draft.Sql(written.sql(), written.explanation(), written.confidence(), OFFLINE);
    }
}
