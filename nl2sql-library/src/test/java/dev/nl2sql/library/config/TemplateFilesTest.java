package dev.nl2sql.library.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.template.ParameterType;
import dev.nl2sql.domain.template.QueryTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateFilesTest {

    @TempDir
    Path dir;

    private ConfigLoader.Outcome load(String templatesYaml) throws IOException {
        Files.createDirectories(dir.resolve("templates"));
        Files.writeString(dir.resolve("templates/shop.yaml"), templatesYaml);
        Path config = dir.resolve("nl2sql.yaml");
        Files.writeString(config, "databases: [{name: shop}]\ntemplates: [templates]\n");
        return new ConfigLoader(Map.of(), dir, dir).load(Optional.of(config));
    }

    @Test
    void readsTemplatesFromAFolderRelativeToTheConfigFile() throws IOException {
        ConfigLoader.Outcome outcome = load("""
                templates:
                  - name: top_customers
                    database: shop
                    description: Customers who spent the most
                    keywords: [top, customers]
                    sql: SELECT customer_id FROM orders GROUP BY customer_id ORDER BY sum(total_amount) DESC LIMIT :n
                    parameters:
                      - {name: n, type: integer, default: "10", description: how many}
                """);

        List<QueryTemplate> templates = ((ConfigLoader.Outcome.Loaded) outcome).config().templates();
        assertThat(templates).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("top_customers");
            assertThat(t.keywords()).containsExactly("top", "customers");
            assertThat(t.parameters()).singleElement().satisfies(p -> {
                assertThat(p.type()).isEqualTo(ParameterType.INTEGER);
                assertThat(p.defaultValue()).contains("10");
            });
        });
    }

    @Test
    void reportsEveryTemplateProblemWithItsFileAndPath() throws IOException {
        ConfigLoader.Outcome outcome = load("""
                templates:
                  - name: Bad-Name
                    database: nowhere
                    description: x
                    sql: SELECT 1
                    parameters:
                      - {name: n, type: float}
                  - name: no_sql
                    database: shop
                    description: y
                    colour: red
                """);

        List<String> problems = ((ConfigLoader.Outcome.Invalid) outcome).problems().stream().map(ConfigProblem::toString).toList();
        String file = dir.resolve("templates/shop.yaml").toString();
        assertThat(problems).containsExactlyInAnyOrder(
                file + ": templates[0].name: must be lower snake_case, was 'Bad-Name'",
                file + ": templates[0].database: no database named 'nowhere' is configured",
                file + ": templates[0].parameters[0].type: must be one of text, integer, decimal, boolean, date, timestamp; was 'float'",
                file + ": templates[1].colour: unknown field; known fields here: database, description, keywords, name, parameters, sql",
                file + ": templates[1].sql: is required");
    }
}
