package dev.nl2sql.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nl2sql.domain.chart.Chart;
import dev.nl2sql.domain.chart.ChartChooser;
import dev.nl2sql.domain.chart.ChartKind;
import dev.nl2sql.domain.chart.ImageFormat;
import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.result.ResultColumn;
import dev.nl2sql.domain.sensitive.SensitiveData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class JFreeChartRendererTest {

    private final JFreeChartRenderer renderer = new JFreeChartRenderer();

    @ParameterizedTest
    @EnumSource(value = ChartKind.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void drawsEachKindAsAPngOfTheChartsSize(ChartKind kind) throws Exception {
        QueryResult result = sample(kind);
        Chart chart = ChartChooser.choose(result);
        assertThat(chart.kind()).isEqualTo(kind);

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(renderer.render(chart, result, ImageFormat.PNG).drawn().orElseThrow()));

        assertThat(image.getWidth()).isEqualTo(JFreeChartRenderer.WIDTH);
        assertThat(image.getHeight()).isEqualTo(JFreeChartRenderer.HEIGHT);
    }

    @Test
    void anSvgCarriesTheLabelsAndTheExplanationAsText() {
        QueryResult result = sample(ChartKind.BAR);
        Chart chart = ChartChooser.choose(result);

        String svg = new String(renderer.render(chart, result, ImageFormat.SVG).drawn().orElseThrow(), StandardCharsets.UTF_8);

        assertThat(svg).contains("<svg", ">Books</text>", ">Garden</text>", ">" + chart.explanation() + "</text>");
    }

    @Test
    void aMaskedLabelIsDrawnAsItsMaskOnly() {
        QueryResult result = new QueryResult(List.of(new ResultColumn("email", "text"), new ResultColumn("orders", "int8")),
                List.of(row(SensitiveData.MASK, 3L), row(SensitiveData.MASK, 2L), row("(hidden from no one)", 1L)), false, Duration.ZERO);
        Chart chart = ChartChooser.as(result, ChartKind.BAR);

        String svg = new String(renderer.render(chart, result, ImageFormat.SVG).drawn().orElseThrow(), StandardCharsets.UTF_8);

        assertThat(svg).contains(SensitiveData.MASK + " (2)").doesNotContain("@");
    }

    @ParameterizedTest
    @EnumSource(value = ImageFormat.class)
    void twoMeasuresNamedAlikeAreDrawnAsTwoSeries(ImageFormat format) {
        // Found by ChartLeakFuzzTest: SELECT x.a0, -(row_number() OVER ()) AS below, -(row_number() OVER ()) AS below ...
        // threw "This dataset already contains a series with the key below" and took the answer down with the chart
        QueryResult result = new QueryResult(List.of(new ResultColumn("n", "int8"), new ResultColumn("below", "int8"),
                new ResultColumn("below", "int8")), List.of(row(1L, -1L, -2L), row(2L, -2L, -4L), row(3L, -3L, -6L)), false, Duration.ZERO);
        Chart line = ChartChooser.choose(result);
        assertThat(line.kind()).isEqualTo(ChartKind.LINE);

        byte[] image = renderer.render(line, result, format).drawn().orElseThrow();

        if (format == ImageFormat.SVG) {
            assertThat(new String(image, StandardCharsets.UTF_8)).contains(">below</text>", ">below (2)</text>");
        }
    }

    @Test
    void refusesToDrawNoChart() {
        QueryResult result = sample(ChartKind.BAR);

        assertThatThrownBy(() -> renderer.render(Chart.none("no rows"), result, ImageFormat.PNG)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A result each kind is chosen for. */
    static QueryResult sample(ChartKind kind) {
        List<List<Object>> rows = new ArrayList<>();
        return switch (kind) {
            case BAR -> {
                String[] names = {"Books", "Electronics", "Garden", "Toys", "Sports", "Music", "Food", "Home"};
                for (int i = 0; i < names.length; i++) {
                    rows.add(row(names[i], new BigDecimal(1000 - i * 97)));
                }
                yield new QueryResult(List.of(new ResultColumn("name", "text"), new ResultColumn("revenue", "numeric")), rows, false, Duration.ZERO);
            }
            case LINE -> {
                for (int month = 1; month <= 12; month++) {
                    rows.add(row("2024-%02d-01T00:00:00Z".formatted(month), 20L + (month * 7) % 11));
                }
                yield new QueryResult(List.of(new ResultColumn("month", "timestamptz"), new ResultColumn("orders", "int8")), rows, false, Duration.ZERO);
            }
            case PIE -> new QueryResult(List.of(new ResultColumn("status", "order_status"), new ResultColumn("orders", "int8")),
                    List.of(row("delivered", 120L), row("shipped", 60L), row("cancelled", 20L)), false, Duration.ZERO);
            case SCATTER -> {
                for (int i = 0; i < 30; i++) {
                    rows.add(row(new BigDecimal(5 + (i * 37) % 200), (long) ((i * 13) % 50)));
                }
                yield new QueryResult(List.of(new ResultColumn("price", "numeric"), new ResultColumn("stock_quantity", "int4")), rows, false,
                        Duration.ZERO);
            }
            case NONE -> throw new IllegalArgumentException("no sample draws nothing");
        };
    }

    private static List<Object> row(Object... cells) {
        return Arrays.asList(cells);
    }

    @Test
    void aFailureOfJavasFontsIsAMissingImageNotAnError() {
        RuntimeException fonts = new RuntimeException("Fontconfig head is null, check your fonts or fonts configuration");
        fonts.setStackTrace(new StackTraceElement[] {new StackTraceElement("sun.font.FcFontConfiguration", "init", null, 1)});

        assertThat(JFreeChartRenderer.fromTheGraphicsSystem(fonts)).isTrue();
        assertThat(JFreeChartRenderer.fromTheGraphicsSystem(new UnsatisfiedLinkError("libfontmanager.so"))).isTrue();
        assertThat(JFreeChartRenderer.fromTheGraphicsSystem(new IllegalStateException("a bug of ours"))).isFalse();
    }
}
