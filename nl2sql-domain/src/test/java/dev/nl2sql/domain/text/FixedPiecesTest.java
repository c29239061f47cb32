package dev.nl2sql.domain.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class FixedPiecesTest {

    @Test
    void givesTheTextBetweenThePieces() {
        FixedPieces format = new FixedPieces(List.of("", " is outside the valid range for parameter \"", "\" (", " .. ", ")"));

        assertThat(format.between("42 is outside the valid range for parameter \"work_mem\" (64 .. 2147483647)"))
                .contains(List.of("42", "work_mem", "64", "2147483647"));
    }

    @Test
    void aTextWithoutTheLastPieceAtItsEndDoesNotMatch() {
        assertThat(new FixedPieces(List.of("cust", "_id")).matches("customer_id_old")).isFalse();
    }

    /**
     * A generator: random shapes against random texts over a small alphabet (so that pieces recur and overlap), each
     * answered as a regex of the quoted pieces joined by lazy {@code (.*?)} groups answers it, spans included. Seeded.
     */
    @Test
    void answersAsTheSameRegexOfLazyGroupsWould() {
        long seed = 22;
        Random random = new Random(seed);
        for (int n = 0; n < 20_000; n++) {
            List<String> pieces = new ArrayList<>();
            for (int p = random.nextInt(5); p >= 0; p--) {
                pieces.add(randomText(random, random.nextInt(3)));
            }
            String text = randomText(random, random.nextInt(12));
            Matcher regex = Pattern.compile(pieces.stream().map(Pattern::quote).collect(Collectors.joining("(.*?)")), Pattern.DOTALL)
                    .matcher(text);
            Optional<List<String>> expected = Optional.empty();
            if (regex.matches()) {
                List<String> groups = new ArrayList<>();
                for (int g = 1; g <= regex.groupCount(); g++) {
                    groups.add(regex.group(g));
                }
                expected = Optional.of(groups);
            }

            assertThat(new FixedPieces(pieces).between(text)).as("seed %d: %s against '%s'", seed, pieces, text).isEqualTo(expected);
        }
    }

    /** What a regex of lazy groups takes for ever on: every piece but the last recurring through a long text. */
    @Test
    @Timeout(value = 5, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a regex ignores interrupts: fail, do not hang
    void aTextBuiltToBacktrackIsAnsweredAtOnce() {
        List<String> pieces = List.of("", ", ", "; ", " (", ") ", "!");
        String text = "x, y; z (w) ".repeat(300);

        assertThat(new FixedPieces(pieces).between(text)).isEmpty();
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append("ab.\n".charAt(random.nextInt(4)));
        }
        return text.toString();
    }
}
