package dev.nl2sql.bootstrap.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.bootstrap.InstalledTool;
import dev.nl2sql.domain.chart.Chart;
import dev.nl2sql.domain.chart.ChartKind;
import dev.nl2sql.domain.chart.VegaLite;
import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.result.ResultColumn;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Vega-Lite specifications {@link VegaLite} writes, drawn by the real Vega-Lite and Vega (headless, in
 * {@code src/test/vega/plot.mjs}): each drawn item's x, y (a bar's height), theta and colour, read back through the
 * view's scales, must be the values of the columns the chart names. A chart that looks right but draws another column's
 * data is the failure these catch: column names Vega-Lite would read as paths ("price.usd", "name[0]", "a\b") and
 * columns named like the fields a fold adds ("value", "measure").
 */
class VegaPlotTest {

    private static final Path VEGA_DIR = Path.of("").toAbsolutePath().getParent().resolve("app-bootstrap/src/test/vega");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One node for the class: loading Vega takes most of a run, so each chart is a line to it, answered by a line. */
    private static Process node;
    private static BufferedWriter specs;
    private static BufferedReader answers;

    @BeforeAll
    static void startVega() throws IOException {
        InstalledTool.require(Files.isDirectory(VEGA_DIR.resolve("node_modules/vega-lite")),
                "vega and vega-lite are not installed in app-bootstrap/src/test/vega (bin/ensure-node-tools installs them)");
        node = new ProcessBuilder("node", "plot.mjs").directory(VEGA_DIR.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        specs = new BufferedWriter(new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8));
        answers = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stopVega() throws Exception {
        if (node != null) {
            specs.close();
            if (!node.waitFor(10, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
    }

    @Test
    void aMeasureNamedWithADotIsDrawn() {
        QueryResult result = result(cols("name", "text", "price.usd", "numeric"), row("Ann", bd("10.5")), row("Bo", bd("20")));

        assertThat(plot(new Chart(ChartKind.BAR, List.of(0), List.of(1), "bar"), result))
                .containsExactlyInAnyOrder("x=Ann y=10.5", "x=Bo y=20");
    }

    @Test
    void aLabelNamedWithBracketsIsItsOwnColumnNotAPathIntoAnother() {
        // unescaped, "name[0]" reads element 0 of a field "name" the data lacks: both bars stacked into one at no label
        QueryResult result = result(cols("name", "text", "name[0]", "text", "sales", "int8"),
                row("Ann", "north", 3L), row("Bo", "south", 5L));

        assertThat(plot(new Chart(ChartKind.BAR, List.of(1), List.of(2), "bar"), result))
                .containsExactlyInAnyOrder("x=north y=3", "x=south y=5");
        assertThat(plot(new Chart(ChartKind.PIE, List.of(1), List.of(2), "pie"), result))
                .containsExactlyInAnyOrder("theta=3 color=north", "theta=5 color=south");
    }

    @Test
    void aNameWithABackslashIsDrawn() {
        QueryResult result = result(cols("a\\b", "int8", "price.usd", "numeric"), row(1L, bd("2.5")), row(2L, bd("4")));

        assertThat(plot(new Chart(ChartKind.SCATTER, List.of(0), List.of(1), "scatter"), result))
                .containsExactlyInAnyOrder("x=1 y=2.5", "x=2 y=4");
    }

    @Test
    void aLabelWithABackslashIsDrawnWhenMeasuresAreFolded() {
        QueryResult result = result(cols("a\\b", "text", "x.y", "int8", "value", "int8"), row("spam", 9L, 4L), row("abuse", 3L, 2L));

        assertThat(plot(new Chart(ChartKind.BAR, List.of(0), List.of(1, 2), "bar"), result)).containsExactlyInAnyOrder(
                "x=spam y=9 color=x.y", "x=spam y=4 color=value", "x=abuse y=3 color=x.y", "x=abuse y=2 color=value");
        assertThat(plot(new Chart(ChartKind.PIE, List.of(0), List.of(1), "pie"), result))
                .containsExactlyInAnyOrder("theta=9 color=spam", "theta=3 color=abuse");
    }

    @Test
    void namesWithQuotesAreDrawn() {
        // unescaped, a quote breaks the expressions Vega-Lite writes (no chart at all) or, leading, is read as quoting
        QueryResult result = result(cols("\"q\"", "text", "it's", "int8", "a\"b", "int8"), row("spam", 9L, 4L), row("abuse", 3L, 2L));

        assertThat(plot(new Chart(ChartKind.BAR, List.of(0), List.of(1), "bar"), result)).containsExactlyInAnyOrder("x=spam y=9", "x=abuse y=3");
        assertThat(plot(new Chart(ChartKind.LINE, List.of(0), List.of(1, 2), "line"), result)).containsOnly(
                "x=spam y=9 color=it's", "x=spam y=4 color=a\"b", "x=abuse y=3 color=it's", "x=abuse y=2 color=a\"b").hasSize(8);
    }

    @Test
    void foldedMeasuresWithPathLikeNamesKeepTheirValuesAndNames() {
        QueryResult result = result(cols("name", "text", "price.usd", "numeric", "a\\b", "int8", "name[0]", "int8"),
                row("Ann", bd("1.5"), 2L, 3L), row("Bo", bd("4"), 5L, 6L));
        List<String> drawn = List.of("x=Ann y=1.5 color=price.usd", "x=Ann y=2 color=a\\b", "x=Ann y=3 color=name[0]",
                "x=Bo y=4 color=price.usd", "x=Bo y=5 color=a\\b", "x=Bo y=6 color=name[0]");

        assertThat(plot(new Chart(ChartKind.BAR, List.of(0), List.of(1, 2, 3), "bar"), result)).containsExactlyInAnyOrderElementsOf(drawn);
        assertThat(plot(new Chart(ChartKind.LINE, List.of(0), List.of(1, 2, 3), "line"), result))
                .containsAll(drawn).allMatch(drawn::contains); // a line's points: each once as the line's, once as a point
    }

    @Test
    void aLabelNamedValueOrMeasureStaysTheLabelWhenMeasuresAreFolded() {
        for (String label : List.of("value", "measure")) {
            QueryResult result = result(cols(label, "text", "reports", "int8", "reporters", "int8"), row("spam", 9L, 4L), row("abuse", 3L, 3L));

            assertThat(plot(new Chart(ChartKind.BAR, List.of(0), List.of(1, 2), "bar"), result)).as(label).containsExactlyInAnyOrder(
                    "x=spam y=9 color=reports", "x=spam y=4 color=reporters", "x=abuse y=3 color=reports", "x=abuse y=3 color=reporters");
        }
    }

    @Test
    void columnsNamedLikeTheFoldsNumberedFieldsKeepTheirOwnData() {
        QueryResult result = result(cols("measure", "text", "value", "int8", "value (2)", "int8", "measure (2)", "int8"),
                row("spam", 9L, 4L, 1L), row("abuse", 3L, 2L, 7L));
        List<String> drawn = List.of("x=spam y=9 color=value", "x=spam y=4 color=value (2)", "x=spam y=1 color=measure (2)",
                "x=abuse y=3 color=value", "x=abuse y=2 color=value (2)", "x=abuse y=7 color=measure (2)");

        assertThat(plot(new Chart(ChartKind.BAR, List.of(0), List.of(1, 2, 3), "bar"), result)).containsExactlyInAnyOrderElementsOf(drawn);
        assertThat(plot(new Chart(ChartKind.LINE, List.of(0), List.of(1, 2, 3), "line"), result)).containsAll(drawn).allMatch(drawn::contains);
    }

    /** {@return what Vega drew for {@code chart} over {@code result}: one "x=… y=… color=…" (or "theta=…") per item} */
    private static List<String> plot(Chart chart, QueryResult result) {
        try {
            String spec = JSON.writeValueAsString(VegaLite.spec(chart, result).orElseThrow()); // one line: no indentation
            specs.write(spec);
            specs.newLine();
            specs.flush();
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return answers.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(30, TimeUnit.SECONDS);
            assertThat(line).as("plot.mjs ended on %s", spec).isNotNull();
            JsonNode answer = JSON.readTree(line);
            assertThat(answer.has("error")).as("plot.mjs on %s%n%s", spec, answer.path("error").asText()).isFalse();
            List<String> drawn = new ArrayList<>();
            for (JsonNode item : answer.path("drawn")) {
                List<String> parts = new ArrayList<>();
                for (String channel : List.of("x", "y", "theta", "color")) {
                    if (item.has(channel)) {
                        parts.add(channel + "=" + text(item.get(channel)));
                    }
                }
                drawn.add(String.join(" ", parts));
            }
            return drawn;
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new AssertionError("plot.mjs: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String text(JsonNode value) {
        return value.isNumber() ? value.decimalValue().stripTrailingZeros().toPlainString() : value.asText();
    }

    @SafeVarargs
    private static QueryResult result(List<ResultColumn> columns, List<Object>... rows) {
        return new QueryResult(columns, List.of(rows), false, Duration.ofMillis(1));
    }

    /** {@return the columns named and typed by {@code nameAndType}: name, type, name, type, ...} */
    private static List<ResultColumn> cols(String... nameAndType) {
        List<ResultColumn> columns = new ArrayList<>();
        for (int i = 0; i < nameAndType.length; i += 2) {
            columns.add(new ResultColumn(nameAndType[i], nameAndType[i + 1]));
        }
        return columns;
    }

    private static List<Object> row(Object... cells) {
        return Arrays.asList(cells);
    }

    private static BigDecimal bd(String value) {
        return new BigDecimal(value);
    }
}
