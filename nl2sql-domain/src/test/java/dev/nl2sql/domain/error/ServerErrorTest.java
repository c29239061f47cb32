package dev.nl2sql.domain.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerErrorTest {

    private static final String STATEMENT = "SELECT count(*) FROM people WHERE email::int > 0 AND round(avg(score), 2) > titel";

    private static String shown(String state, String message) {
        return new ServerError(state, message).withoutValues(STATEMENT);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            22P02 | invalid input syntax for type integer: "ann@example.com"          | invalid input syntax for type integer: "…"
            22003 | value "3024242424" is out of range for type integer               | value "…" is out of range for type integer
            54000 | requested character too large for encoding: 98765001              | requested character too large for encoding: …
            22008 | date field value out of range: 98765001-01-01                      | date field value out of range: …-…-…
            22023 | setseed parameter 4242424201 is out of allowed range [-1,1]        | setseed parameter … is out of allowed range [-1,1]
            22P02 | invalid input value for enum tier: "Quillfeather-1"                | invalid input value for enum …: "…"
            22P02 | malformed array literal: "{zebu1@leakmail.test}"                   | malformed array literal: "…"
            42883 | function "zebu1@leakmail.test" does not exist                       | function "…" does not exist
            22023 | time zone "kestrel" not recognized                                  | time zone "…" not recognized
            42703 | column "titel" does not exist                                       | column "titel" does not exist
            42703 | column "passport" does not exist                                    | column "…" does not exist
            42883 | function round(double precision, integer) does not exist            | function round(double precision, integer) does not exist
            42883 | operator does not exist: text > integer                             | operator does not exist: text > integer
            22012 | division by zero                                                    | division by zero
            22023 | invalid hexadecimal digit: "{"                                      | invalid hexadecimal digit: "…"
            42601 | syntax error at or near ")"                                         | syntax error at or near ")"
            42601 | syntax error at or near "@" of jsonpath input                       | syntax error at or near "…" of jsonpath input
            22008 | date out of range: 98765001-01-01                                   | date out of range: …-…-…
            """)
    void quotedAndPrintedValuesAreWithheldAndTheStatementsOwnWordsKept(String state, String message, String expected) {
        assertThat(shown(state, message)).isEqualTo(expected);
    }

    @Test
    void aValueHoldingQuotesCannotBreakOutOfItsPlace() {
        assertThat(shown("22P02", "invalid input syntax for type integer: \"a\" kestrel \"b\""))
                .isEqualTo("invalid input syntax for type integer: \"…\"");
    }

    @Test
    void aMessageOfNoKnownFormatGivesOnlyItsCondition() {
        assertThat(shown("22P02", "ungültige Eingabesyntax für Typ integer: »zebu«"))
                .isEqualTo("invalid_text_representation (the server's message is withheld: it may quote a stored value)"
                        .replace('_', ' '));
        assertThat(shown("22Z99", "something new: zebu")).startsWith("data exception (the server's message is withheld");
    }

    @Test
    void anOverLongMessageIsNotReadAtAll() {
        String value = "zebu".repeat(MessageFormats.MAX_MESSAGE_LENGTH);

        assertThat(shown("22P02", "invalid input syntax for type integer: \"" + value + "\"")).doesNotContain("zebu");
    }

    /**
     * Every format of PostgreSQL's catalogue, its arguments filled with values of every awkward shape: no value
     * survives, whichever format the message is then read by.
     */
    @Test
    void noValueSurvivesAnyOfPostgresMessageFormats() throws IOException {
        List<String> sentinels = List.of("zebu1@leakmail.test", "a\" kestrel \"b", "98765001", "x: \"vole", "Quill feather", "(ibis)");
        Pattern conversion = Pattern.compile("%[-+ #0]*(?:\\d+|\\*)?(?:\\.(?:\\d+|\\*))?(?:hh|h|ll|l|z|j|t|L)?[diouxXeEfgGcspm%]");
        List<String> leaks = new ArrayList<>();
        int formats = 0;
        for (String format : formats()) {
            formats++;
            for (String sentinel : sentinels) {
                Matcher m = conversion.matcher(format);
                StringBuilder message = new StringBuilder();
                while (m.find()) {
                    m.appendReplacement(message, Matcher.quoteReplacement(m.group().equals("%%") ? "%" : sentinel));
                }
                m.appendTail(message);
                String shown = new ServerError("22000", message.toString()).withoutValues(STATEMENT).toLowerCase(Locale.ROOT);
                for (String marker : List.of("zebu", "kestrel", "98765001", "vole", "quill", "ibis")) {
                    if (shown.contains(marker)) {
                        leaks.add(format + " -> " + shown);
                    }
                }
            }
        }
        assertThat(formats).isGreaterThan(5_000);
        assertThat(leaks).isEmpty();
    }

    private static List<String> formats() throws IOException {
        try (InputStream in = ServerError.class.getResourceAsStream("postgres-messages.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#")).toList();
        }
    }

    /**
     * A literal a caller chose, quoted back in the error, holding the separators of a format with four values and never its
     * end: read as a regex, the format tried every placement of every separator through 4,000 characters, for ever.
     */
    @Test
    @Timeout(value = 5, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a regex ignores interrupts: fail, do not hang
    void aMessageBuiltToBacktrackIsReadAtOnce() {
        String literal = " is outside the valid range for parameter \"x\" (1 .. 2".repeat(70);

        assertThat(shown("22P02", "invalid input syntax for type integer: \"" + literal + "\"")).isEqualTo("invalid input syntax for type integer: \"…\"");
    }
}
