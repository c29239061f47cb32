package dev.nl2sql.domain.offline;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.Relation;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** What a span of a question's words ({@code start} to {@code end}, inclusive) was recognised as. */
sealed interface Mention {

    int start();

    int end();

    /** How sure a word's reading is, and how to say it in the explanation ("'custmers' read as customers"). */
    record Evidence(double confidence, Optional<String> note) {
        static final Evidence EXACT = new Evidence(1.0, Optional.empty());

        static Evidence of(double confidence, String note) {
            return new Evidence(confidence, Optional.of(note));
        }
    }

    /** A column of a relation. */
    record ColumnRef(Relation relation, Column column) {
        public ColumnRef {
            requireNonNull(relation, "relation");
            requireNonNull(column, "column");
        }
    }

    /** A table (or view) named: "customers", "clients", "physicians". */
    record Table(int start, int end, Relation relation, Evidence evidence) implements Mention {}

    /** A column named, with every column it may be, best first: "price", "first name", "post visibility". */
    record Attribute(int start, int end, List<ColumnRef> columns, Evidence evidence) implements Mention {
        public Attribute {
            columns = List.copyOf(columns);
        }
    }

    /** A value found in the data, with every column holding it: "Germany", "cancelled", "Led Zeppelin". */
    record Value(int start, int end, List<ColumnRef> columns, String stored, Evidence evidence) implements Mention {
        public Value {
            columns = List.copyOf(columns);
        }
    }

    /** A number: a limit, or what a column is compared with. */
    record Number(int start, int end, BigDecimal value) implements Mention {}

    /** A date range, {@code from} inclusive, {@code until} exclusive; either may be open. */
    record Period(int start, int end, Optional<LocalDate> from, Optional<LocalDate> until, String text) implements Mention {}

    /** "how many", "number of". */
    record Count(int start, int end) implements Mention {}

    /** "average", "total", "maximum". */
    record Aggregate(int start, int end, String function) implements Mention {}

    /** "most", "least", "highest", "top". */
    record Extreme(int start, int end, boolean descending, String word) implements Mention {}

    /** "expensive", "cheapest", "longer": a ranking or comparison on the columns the word implies. */
    record Measure(int start, int end, boolean descending, List<String> hints, boolean superlative, boolean comparative) implements Mention {}

    /** "more than", "under", "at least". */
    record Compare(int start, int end, String operator) implements Mention {}

    /** "by", "per", "for each". */
    record Group(int start, int end, String word) implements Mention {}

    /** "no", "not", "without", "never". */
    record Negate(int start, int end) implements Mention {}

    /** "out of": the column that follows is zero. */
    record Zero(int start, int end) implements Mention {}

    /** "most used", "least popular": ranked by how many rows refer to each. */
    record Popular(int start, int end, boolean descending) implements Mention {}

    /** "current", "former": rows whose end date (a column named by one of {@code hints}) is not set, or is. */
    record State(int start, int end, boolean current, List<String> hints) implements Mention {}

    /** "reports to", "managed by". */
    record Under(int start, int end) implements Mention {}
}
