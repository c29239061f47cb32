package dev.nl2sql.domain.sensitive;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.schema.QualifiedName;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A column that looks like personal data, by its name or by a sample of its values: a suggestion {@code doctor} prints
 * with the configuration line that would mask it. Never applied by itself.
 *
 * @param evidence why it looks so, in words ("name", or "18 of 20 sampled values")
 */
public record SensitiveCandidate(QualifiedName table, String column, Kind kind, String evidence) {

    /** What the column seems to hold. */
    public enum Kind {
        // Names are matched in snake case (camelCase split), short words only as whole parts: "pan" is a card's
        // primary account number, not the middle of "company".
        EMAIL("e-mail addresses", Pattern.compile(".*e_?mail.*"), Pattern.compile("[^@\\s]+@[^@\\s]+\\.[a-z]{2,}", Pattern.CASE_INSENSITIVE)),
        PHONE("phone numbers", Pattern.compile(".*phone.*|(.*_)?(mobile|fax|msisdn|cell)(_.*)?"), Pattern.compile("\\+?[0-9][0-9 ().-]{6,18}[0-9]")),
        CARD_NUMBER("card numbers", Pattern.compile(".*(card_?n(o|um)|credit_?card).*|(.*_)?(pan|iban|cc_?num(ber)?)(_.*)?"),
                Pattern.compile("[0-9][0-9 -]{11,21}[0-9]")),
        NATIONAL_ID("national ids", Pattern.compile(".*(social_security|national_id|passport|tax_id).*|(.*_)?ssn(_.*)?"),
                Pattern.compile("[0-9]{3}-[0-9]{2}-[0-9]{4}"));

        private final String words;
        private final Pattern name;
        private final Pattern value;

        Kind(String words, Pattern name, Pattern value) {
            this.words = words;
            this.name = name;
            this.value = value;
        }

        public String words() {
            return words;
        }

        boolean matchesValue(String text) {
            String trimmed = text.strip();
            return value.matcher(trimmed).matches() && (this != CARD_NUMBER || luhn(trimmed.replaceAll("[ -]", "")));
        }
    }

    public SensitiveCandidate {
        requireNonNull(table, "table");
        requireNonNull(column, "column");
        requireNonNull(kind, "kind");
        requireNonNull(evidence, "evidence");
    }

    /** Share of sampled values that must match for the values alone to make a column a candidate. */
    static final double VALUE_SHARE = 0.8;

    /** {@return the candidate {@code table.column} is, by its name, else by its sampled {@code values}} */
    public static Optional<SensitiveCandidate> of(QualifiedName table, String column, List<String> values) {
        for (Kind kind : Kind.values()) {
            if (kind.name.matcher(snakeCase(column)).matches()) {
                return Optional.of(new SensitiveCandidate(table, column, kind, "its name"));
            }
        }
        if (values.isEmpty()) {
            return Optional.empty();
        }
        // the strictest value patterns first: a card number or an SSN also looks like a phone number
        for (Kind kind : List.of(Kind.EMAIL, Kind.CARD_NUMBER, Kind.NATIONAL_ID, Kind.PHONE)) {
            long matching = values.stream().filter(kind::matchesValue).count();
            if (matching >= Math.ceil(values.size() * VALUE_SHARE)) {
                return Optional.of(new SensitiveCandidate(table, column, kind, matching + " of " + values.size() + " sampled values"));
            }
        }
        return Optional.empty();
    }

    private static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /** {@return the line of the database's {@code sensitive.masked} list that would mask it} */
    public String configLine() {
        return "- {column: " + table.schema() + "." + table.name() + "." + column + ", mode: mask}";
    }

    /** The Luhn checksum every payment card number passes. */
    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            if (twice) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}
