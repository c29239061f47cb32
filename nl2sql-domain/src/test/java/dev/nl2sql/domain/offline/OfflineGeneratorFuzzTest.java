package dev.nl2sql.domain.offline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.validation.SqlValidator;
import dev.nl2sql.domain.validation.ValidationPolicy;
import dev.nl2sql.domain.validation.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Questions nobody wrote: seeded random mixes of schema words, question words, values, numbers, quotes and SQL, and
 * words that mean nothing. The generator must never throw, must refuse every question holding a meaningless word (and
 * name it), and must only ever return SQL the validator accepts.
 */
class OfflineGeneratorFuzzTest {

    private static final List<String> WORDS = List.of("how", "many", "which", "what", "is", "the", "of", "in", "by", "per", "each",
            "most", "least", "top", "average", "total", "customers", "orders", "albums", "artists", "employees", "city", "country",
            "price", "status", "shipped", "open", "VIP", "Berlin", "São", "Paulo", "Queen", "Led", "Zeppelin", "Ann", "Lee", "reports",
            "to", "no", "not", "more", "than", "cheapest", "expensive", "since", "before", "March", "2024", "last", "month", "have",
            "placed", "signed", "up", "first", "name", "for", "with", "without", "and", "or", "'", "\"", ";", "--", "DROP", "TABLE",
            "SELECT", "*", "1=1", "O'Brien", "%", "_", "\\", "\u0000", "\uD83D\uDE00");

    private final OfflineGenerator generator = new OfflineGenerator();
    private final SqlValidator validator = new SqlValidator();

    @Test
    void neverThrowsRefusesNonsenseAndOnlyAnswersWithValidSql() {
        SplittableRandom random = new SplittableRandom(17);
        int answered = 0;
        for (int n = 0; n < 3_000; n++) {
            List<String> words = new ArrayList<>();
            int length = random.nextInt(1, 12);
            for (int i = 0; i < length; i++) {
                words.add(WORDS.get(random.nextInt(WORDS.size())));
            }
            boolean nonsense = random.nextInt(4) == 0;
            String junk = "zq" + (char) ('a' + random.nextInt(26)) + "x" + random.nextInt(100, 999) + "vk";
            if (nonsense) {
                words.add(random.nextInt(words.size() + 1), junk);
            }
            String question = String.join(" ", words);

            OfflineAnswer answer = generator.answer(question, StoreSchema.SCHEMA, StoreSchema.VALUES);

            if (nonsense) {
                assertThat(answer).as(question).isInstanceOfSatisfying(OfflineAnswer.Refused.class, refused -> { });
            }
            if (answer instanceof OfflineAnswer.Answered a) {
                answered++;
                assertThat(validator.check(a.query().sql(), StoreSchema.SCHEMA, ValidationPolicy.DEFAULT)).as(question + " -> " + a.query().sql())
                        .isInstanceOf(Verdict.Accepted.class);
            }
        }
        assertThat(answered).as("some random questions make sense").isPositive();
    }

    @Test
    void namesTheMeaninglessWord() {
        OfflineAnswer answer = generator.answer("how many zqax123vk customers", StoreSchema.SCHEMA, StoreSchema.VALUES);

        assertThat(answer).isInstanceOfSatisfying(OfflineAnswer.Refused.class, refused -> assertThat(refused.unmatched()).contains("zqax123vk"));
    }
}
