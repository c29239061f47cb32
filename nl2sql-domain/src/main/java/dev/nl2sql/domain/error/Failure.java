package dev.nl2sql.domain.error;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.database.DatabaseName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An expected failure, as a value: every variant has a stable {@link ErrorCode} and a message a person can act on.
 * Exceptions are kept for bugs and infrastructure faults and are turned into one of these at the adapter edge.
 */
public sealed interface Failure {

    /** {@return the stable code of this failure} */
    ErrorCode code();

    /** {@return a one-line explanation for people, without secrets or stack traces} */
    String message();

    /**
     * No database of that name is configured; {@code requested} is empty when the request named none and there is not
     * exactly one to take instead.
     */
    record UnknownDatabase(String requested, List<DatabaseName> known) implements Failure {
        public UnknownDatabase {
            requireNonNull(requested, "requested");
            known = List.copyOf(known);
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.DB_UNKNOWN;
        }

        @Override
        public String message() {
            String names = known.isEmpty() ? "(none)" : String.join(", ", known.stream().map(DatabaseName::value).toList());
            if (requested.isEmpty()) {
                return known.isEmpty() ? "no database is configured" : "no database was named and several are configured: " + names;
            }
            return "no database named '" + requested + "' is configured; known: " + names;
        }
    }

    /** The database cannot be reached now; {@code breakerOpen} says whether nl2sql stopped trying for a while. */
    record DatabaseUnavailable(DatabaseName database, String reason, boolean breakerOpen) implements Failure {
        public DatabaseUnavailable {
            requireNonNull(database, "database");
            requireNonNull(reason, "reason");
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.DB_UNAVAILABLE;
        }

        @Override
        public String message() {
            return "database '" + database + "' is unavailable: " + reason
                    + (breakerOpen ? " (circuit breaker open: failing fast until it recovers)" : "");
        }
    }

    /** The database refused or failed the statement. */
    record DatabaseError(DatabaseName database, String sqlState, String detail) implements Failure {
        public DatabaseError {
            requireNonNull(database, "database");
            requireNonNull(sqlState, "sqlState");
            requireNonNull(detail, "detail");
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.DB_ERROR;
        }

        @Override
        public String message() {
            return detail + " (SQLSTATE " + sqlState + ")";
        }
    }

    /** The statement was not allowed to run. */
    record SqlRejected(String reason, List<String> suggestions) implements Failure {
        public SqlRejected {
            requireNonNull(reason, "reason");
            suggestions = List.copyOf(suggestions);
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.SQL_REJECTED;
        }

        @Override
        public String message() {
            return reason;
        }
    }

    /** The text is not one valid statement over this schema. */
    record SqlInvalid(String reason, List<String> suggestions) implements Failure {
        public SqlInvalid {
            requireNonNull(reason, "reason");
            suggestions = List.copyOf(suggestions);
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.SQL_INVALID;
        }

        @Override
        public String message() {
            return suggestions.isEmpty() ? reason : reason + " (did you mean: " + String.join(", ", suggestions) + "?)";
        }
    }

    /** No relation of that name is visible; {@code suggestions} holds the closest names. */
    record UnknownTable(String requested, List<String> suggestions) implements Failure {
        public UnknownTable {
            requireNonNull(requested, "requested");
            suggestions = List.copyOf(suggestions);
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.TABLE_UNKNOWN;
        }

        @Override
        public String message() {
            return "no table or view named '" + requested + "'"
                    + (suggestions.isEmpty() ? "" : " (did you mean: " + String.join(", ", suggestions) + "?)");
        }
    }

    /**
     * The server cancelled work on the database: a statement that ran longer than its limit, or that waited that long for
     * a lock another session holds (a migration's {@code ALTER TABLE}, say); or, with {@code readingSchema}, the read of
     * the database's schema that a call needs before anything else. The message names which, since the remedies differ.
     */
    record Timeout(DatabaseName database, Duration limit, boolean waitingForLock, boolean readingSchema) implements Failure {
        public Timeout {
            requireNonNull(database, "database");
            requireNonNull(limit, "limit");
        }

        /** A statement that ran longer than {@code limit}. */
        public Timeout(DatabaseName database, Duration limit) {
            this(database, limit, false, false);
        }

        /** A statement that ran, or waited for a lock, longer than {@code limit}. */
        public Timeout(DatabaseName database, Duration limit, boolean waitingForLock) {
            this(database, limit, waitingForLock, false);
        }

        /** {@return the read of {@code database}'s schema, cancelled after it ran, or waited for a lock, for {@code limit}} */
        public static Timeout whileReadingSchema(DatabaseName database, Duration limit, boolean waitingForLock) {
            return new Timeout(database, limit, waitingForLock, true);
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.TIMEOUT;
        }

        @Override
        public String message() {
            if (readingSchema) {
                return waitingForLock
                        ? "the schema of '" + database + "' could not be read: another session holds a lock on one of its tables (a "
                                + "migration's ALTER TABLE, say), and the read gave up after waiting about " + limit.toMillis()
                                + " ms; retry once that session is done"
                        : "reading the schema of '" + database + "' took longer than " + limit.toMillis() + " ms and was cancelled";
            }
            return waitingForLock
                    ? "the statement waited about " + limit.toMillis() + " ms on '" + database + "' for a lock another session holds on a "
                            + "table it reads (a migration's ALTER TABLE, say) and was cancelled; retry once that session is done"
                    : "the statement ran longer than " + limit.toMillis() + " ms on '" + database + "' and was cancelled";
        }
    }

    /** Every connection to the database stayed busy with other calls for the whole wait: back-pressure, not a fault. */
    record Busy(DatabaseName database, int connections, Duration waited) implements Failure {
        public Busy {
            requireNonNull(database, "database");
            requireNonNull(waited, "waited");
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.BUSY;
        }

        @Override
        public String message() {
            return "database '" + database + "' is busy: all " + connections + " connections stayed taken by other calls for "
                    + waited.toMillis() + " ms; retry shortly";
        }
    }

    /** The planner's estimate is above the cost gate. */
    record CostLimit(double estimatedCost, double limit) implements Failure {
        @Override
        public ErrorCode code() {
            return ErrorCode.COST_LIMIT;
        }

        @Override
        public String message() {
            return "estimated cost " + Math.round(estimatedCost) + " is above the limit of " + Math.round(limit)
                    + "; narrow the query (filters, LIMIT) and try again";
        }
    }

    /** No language model answered. */
    record LlmUnavailable(String reason) implements Failure {
        public LlmUnavailable {
            requireNonNull(reason, "reason");
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.LLM_UNAVAILABLE;
        }

        @Override
        public String message() {
            return "no language model is available: " + reason;
        }
    }

    /** The language model's reply held no usable SQL. */
    record LlmInvalidReply(String reason) implements Failure {
        public LlmInvalidReply {
            requireNonNull(reason, "reason");
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.LLM_INVALID_REPLY;
        }

        @Override
        public String message() {
            return "the language model's reply was not usable: " + reason;
        }
    }

    /** The question cannot be answered from the schema. */
    record Unanswerable(String reason) implements Failure {
        public Unanswerable {
            requireNonNull(reason, "reason");
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.QUESTION_UNANSWERABLE;
        }

        @Override
        public String message() {
            return reason;
        }
    }

    /** A template is unknown or its parameters are wrong. */
    record TemplateInvalid(String reason) implements Failure {
        public TemplateInvalid {
            requireNonNull(reason, "reason");
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.TEMPLATE_INVALID;
        }

        @Override
        public String message() {
            return reason;
        }
    }

    /** The request is malformed. */
    record RequestInvalid(String reason) implements Failure {
        public RequestInvalid {
            requireNonNull(reason, "reason");
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.REQUEST_INVALID;
        }

        @Override
        public String message() {
            return reason;
        }
    }

    /** No conversation of that id is open for this caller: never started here, expired, or evicted. */
    record UnknownConversation(String requested) implements Failure {
        public UnknownConversation {
            requireNonNull(requested, "requested");
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.CONVERSATION_UNKNOWN;
        }

        @Override
        public String message() {
            return "no conversation '" + requested + "' is open in this session (it may have expired); "
                    + "ask without a conversation id to start a new one";
        }
    }

    /**
     * The store that keeps conversations for every replica ({@code conversations.postgres}) cannot be reached: a
     * follow-up's earlier turns cannot be read, and a new conversation cannot be kept. {@code store} says where it is
     * (host:port/database), never with a password.
     */
    record ConversationStoreUnavailable(String store, String reason) implements Failure {
        public ConversationStoreUnavailable {
            requireNonNull(store, "store");
            requireNonNull(reason, "reason");
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.DB_UNAVAILABLE;
        }

        @Override
        public String message() {
            return "the conversation store (conversations.postgres, " + store + ") is unavailable: " + reason
                    + "; no conversation can be read or kept until it is back, so questions are not answered; retry shortly, "
                    + "or run SQL directly (run_sql needs no conversation)";
        }
    }

    /**
     * The audit log could not keep a call's entry as it promises: with {@code audit.fsync: always} no answer leaves before
     * its entry is on disk, so the answer is withheld. The entry itself stays queued and is written once the disk takes
     * it. {@code reason} is the disk's own (no space left, an I/O error, no answer within the wait), never a path.
     */
    record AuditUnavailable(String reason) implements Failure {
        public AuditUnavailable {
            requireNonNull(reason, "reason");
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.AUDIT_UNAVAILABLE;
        }

        @Override
        public String message() {
            return "the audit log could not record this call: " + reason + "; with audit.fsync: always no answer leaves "
                    + "unrecorded, so this one is withheld (its entry is written once the disk takes it); retry shortly";
        }
    }

    /** The configuration is invalid; {@code problems} lists each one as "file: path: what is wrong". */
    record ConfigInvalid(List<String> problems) implements Failure {
        public ConfigInvalid {
            problems = List.copyOf(problems);
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.CONFIG_INVALID;
        }

        @Override
        public String message() {
            return "invalid configuration:\n  " + String.join("\n  ", problems);
        }
    }

    /** A bug. {@code reference} lets an operator find the logged details. */
    record Internal(String reference) implements Failure {
        public Internal {
            requireNonNull(reference, "reference");
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.INTERNAL;
        }

        @Override
        public String message() {
            return "internal error (reference " + reference + "); the details are in the server log";
        }
    }

    /** {@return the suggestions a failure carries, for surfaces that show them separately} */
    default List<String> suggestions() {
        return switch (this) {
            case SqlRejected r -> r.suggestions();
            case SqlInvalid i -> i.suggestions();
            case UnknownTable t -> t.suggestions();
            default -> List.of();
        };
    }

    /** {@return the database this failure concerns, if it concerns one} */
    default Optional<DatabaseName> concernedDatabase() {
        return switch (this) {
            case DatabaseUnavailable u -> Optional.of(u.database());
            case DatabaseError e -> Optional.of(e.database());
            case Timeout t -> Optional.of(t.database());
            case Busy b -> Optional.of(b.database());
            default -> Optional.empty();
        };
    }
}
