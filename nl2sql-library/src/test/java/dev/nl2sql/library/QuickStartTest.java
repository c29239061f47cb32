package dev.nl2sql.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.nl2sql.domain.generation.Answer;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.port.LanguageModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The quick start of docs/library.md: it compiles, it runs, and the document shows exactly this code. */
class QuickStartTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static Answer quickStart(DataSource dataSource, LanguageModel model) {
        // tag::quick-start[]
        try (Nl2Sql nl2sql = Nl2Sql.builder()
                .dataSource("shop", dataSource)   // your pool: nl2sql borrows connections and never closes it
                .languageModel(model)             // your LLM client; without one, templates and the offline generator answer
                .build()) {
            return nl2sql.ask("shop", "How many customers are there?");
        }
        // end::quick-start[]
    }

    @Test
    void quickStartAnswersTheQuestion() throws Exception {
        Shop.create(db);
        try (HikariDataSource pool = Shop.hostPool(db)) {
            Answer answer = quickStart(pool, new Shop.ScriptedModel("SELECT count(*) FROM customers"));

            assertThat(answer.rows()).get().isInstanceOfSatisfying(QueryOutcome.Succeeded.class,
                    ok -> assertThat(ok.result().rows()).containsExactly(List.of(3L)));
        }
    }

    @Test
    void documentShowsTheQuickStartVerbatim() throws Exception {
        String source = Files.readString(Path.of("src/test/java/dev/nl2sql/library/QuickStartTest.java"));
        String region = source.substring(source.indexOf("// tag::quick-start[]\n") + "// tag::quick-start[]\n".length(),
                source.indexOf("        // end::quick-start[]"));
        String snippet = region.lines().map(line -> line.substring(Math.min(8, line.length()))).reduce("", (a, b) -> a + b + "\n");

        assertThat(Files.readString(Path.of("../docs/library.md"))).contains("```java\n" + snippet + "```");
    }
}
