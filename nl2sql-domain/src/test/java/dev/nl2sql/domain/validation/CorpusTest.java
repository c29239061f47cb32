package dev.nl2sql.domain.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.validation.Corpora.CorpusEntry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every entry of the shared corpora is a test: accept entries must pass, reject entries must be refused. */
class CorpusTest {

    private static final SqlValidator VALIDATOR = new SqlValidator();

    /** The codes that make sense for each reject category; a category missing here accepts any code. */
    private static final Map<String, Set<RejectionCode>> SENSIBLE = Map.ofEntries(
            Map.entry("multi-statement", Set.of(RejectionCode.MULTIPLE_STATEMENTS, RejectionCode.UNSUPPORTED_SYNTAX)),
            Map.entry("dml", Set.of(RejectionCode.NOT_READ_ONLY, RejectionCode.PARSE_ERROR)),
            Map.entry("ddl", Set.of(RejectionCode.NOT_READ_ONLY, RejectionCode.PARSE_ERROR)),
            Map.entry("data-modifying-cte", Set.of(RejectionCode.NOT_READ_ONLY)),
            Map.entry("select-into", Set.of(RejectionCode.SELECT_INTO, RejectionCode.NOT_READ_ONLY)),
            Map.entry("explain-analyze", Set.of(RejectionCode.EXPLAIN_ANALYZE)),
            Map.entry("file-access", Set.of(RejectionCode.FUNCTION_DENIED)),
            Map.entry("large-object", Set.of(RejectionCode.FUNCTION_DENIED)),
            Map.entry("network", Set.of(RejectionCode.FUNCTION_DENIED)),
            Map.entry("xml-query", Set.of(RejectionCode.FUNCTION_DENIED)),
            Map.entry("config-function", Set.of(RejectionCode.FUNCTION_DENIED)),
            Map.entry("sequence-xid", Set.of(RejectionCode.FUNCTION_DENIED)),
            Map.entry("notify", Set.of(RejectionCode.FUNCTION_DENIED)),
            Map.entry("server-admin", Set.of(RejectionCode.FUNCTION_DENIED)),
            Map.entry("secret-catalog", Set.of(RejectionCode.SECRET_CATALOG)),
            Map.entry("transaction-control", Set.of(RejectionCode.NOT_READ_ONLY, RejectionCode.MULTIPLE_STATEMENTS)),
            Map.entry("session-control", Set.of(RejectionCode.NOT_READ_ONLY)),
            Map.entry("maintenance", Set.of(RejectionCode.NOT_READ_ONLY)),
            Map.entry("copy", Set.of(RejectionCode.NOT_READ_ONLY)),
            Map.entry("procedural", Set.of(RejectionCode.NOT_READ_ONLY)),
            Map.entry("privilege", Set.of(RejectionCode.NOT_READ_ONLY)));

    static List<CorpusEntry> accepted() {
        return Corpora.accepted();
    }

    static List<CorpusEntry> rejected() {
        return Corpora.rejected();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void acceptsEveryAcceptCorpusEntry(CorpusEntry entry) {
        Verdict verdict = VALIDATOR.check(entry.sql(), DatasetSchemas.forCorpus(entry.db()), ValidationPolicy.DEFAULT);

        assertThat(verdict).as(entry.sql() + " -> " + verdict).isInstanceOf(Verdict.Accepted.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void normalisedAcceptCorpusEntryIsAcceptedAgainUnchanged(CorpusEntry entry) {
        var first = (Verdict.Accepted) VALIDATOR.check(entry.sql(), DatasetSchemas.forCorpus(entry.db()), ValidationPolicy.DEFAULT);

        Verdict second = VALIDATOR.check(first.sql(), DatasetSchemas.forCorpus(entry.db()), ValidationPolicy.DEFAULT);

        assertThat(second).as(first.sql() + " -> " + second).isInstanceOfSatisfying(Verdict.Accepted.class,
                again -> assertThat(again.sql()).isEqualTo(first.sql()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejectsEveryRejectCorpusEntryWithASensibleCode(CorpusEntry entry) {
        Verdict verdict = VALIDATOR.check(entry.sql(), DatasetSchemas.forCorpus(entry.db()), ValidationPolicy.DEFAULT);

        assertThat(verdict).as(entry.sql()).isInstanceOfSatisfying(Verdict.Rejected.class, rejected -> {
            Set<RejectionCode> sensible = SENSIBLE.get(entry.category());
            if (sensible != null) {
                assertThat(rejected.code()).as(entry.sql() + " -> " + rejected.reason()).isIn(sensible);
            }
        });
    }
}
