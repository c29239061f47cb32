package dev.nl2sql.usecase;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.conversation.ConversationContext;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.query.TokenUsage;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.template.TemplateMatcher;
import java.util.Optional;

/**
 * Who writes the SQL for a question: a language model ({@link ModelWriter}: nl2sql's own or the MCP client's through
 * sampling) or the offline paths ({@link OfflineWriter}: query templates and the offline generator). A writer only
 * drafts; {@link CorrectionLoop} checks each draft against the validator and the database, and hands a problem the
 * writer may fix back to it for the next draft.
 */
public interface SqlWriter {

    /** {@return the drafts for {@code question}, written against {@code schema} and read as a follow-up of {@code earlier}} */
    Drafts start(QueryRequest.Question question, SchemaSnapshot schema, ConversationContext earlier, Deadline deadline);

    /** One question's drafts, in order. Not shared between threads. */
    interface Drafts {

        /** {@return who writes, for the answer and the audit log: a model's name, {@code offline} or {@code templates}} */
        String writer();

        /** {@return the tokens the drafts so far cost} */
        TokenUsage tokens();

        /** {@return the first draft} */
        Draft first();

        /** {@return a new draft that fixes {@code problem} of the last one, or empty when this writer cannot correct itself} */
        Optional<Draft> after(Failure problem);
    }

    /** What one round of writing gave. */
    sealed interface Draft {

        /** SQL to check, then run. */
        record Sql(String sql, String explanation, double confidence, String writer) implements Draft {
            public Sql {
                requireNonNull(sql, "sql");
                requireNonNull(explanation, "explanation");
                requireNonNull(writer, "writer");
            }
        }

        /** An operator's query template that matches the question, with arguments read from it. */
        record Template(TemplateMatcher.Match match) implements Draft {
            public Template {
                requireNonNull(match, "match");
            }
        }

        /** The writer will not answer (the question has no answer in this schema, or it is outside what it can read). */
        record Declined(Failure reason) implements Draft {
            public Declined {
                requireNonNull(reason, "reason");
            }
        }

        /** A reply that holds no draft; the writer is told why and may try again. */
        record Unreadable(Failure problem) implements Draft {
            public Unreadable {
                requireNonNull(problem, "problem");
            }
        }

        /** The writer itself failed (the model is down or gave no reply in time): another writer may answer instead. */
        record Failed(Failure failure) implements Draft {
            public Failed {
                requireNonNull(failure, "failure");
            }
        }
    }
}
