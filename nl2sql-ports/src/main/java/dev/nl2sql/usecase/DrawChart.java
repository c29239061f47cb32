package dev.nl2sql.usecase;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.chart.Chart;
import dev.nl2sql.domain.chart.ChartChooser;
import dev.nl2sql.domain.chart.ChartImage;
import dev.nl2sql.domain.chart.ChartRequest;
import dev.nl2sql.domain.chart.ImageFormat;
import dev.nl2sql.domain.chart.VegaLite;
import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.port.ChartRenderer;
import java.util.Map;
import java.util.Optional;

/**
 * Charts of results: which one, its Vega-Lite specification, and its image. Every caller passes the result as it was
 * returned, after masking, so a chart shows nothing the table does not.
 */
public final class DrawChart {

    /** Charts without images: the choice and the specification only (e.g. in tests, or without a renderer). */
    public static final DrawChart WITHOUT_IMAGES = new DrawChart(Optional.empty());

    private final Optional<ChartRenderer> renderer;

    public DrawChart(ChartRenderer renderer) {
        this(Optional.of(renderer));
    }

    private DrawChart(Optional<ChartRenderer> renderer) {
        this.renderer = requireNonNull(renderer, "renderer");
    }

    /** {@return the chart {@code request} asks for over {@code result}; none, with the reason, when it cannot be drawn} */
    public Chart choose(QueryResult result, ChartRequest request) {
        return ChartChooser.chart(result, request);
    }

    /** {@return {@code chart} as a Vega-Lite specification, empty when it is no chart} */
    public Optional<Map<String, Object>> spec(Chart chart, QueryResult result) {
        return VegaLite.spec(chart, result);
    }

    /** {@return {@code chart} drawn in {@code format}, or why there is no image: no chart, no renderer, or a machine that cannot draw} */
    public ChartImage image(Chart chart, QueryResult result, ImageFormat format) {
        if (!chart.isDrawn()) {
            return new ChartImage.Missing(chart.explanation());
        }
        return renderer.map(r -> r.render(chart, result, format))
                .orElseGet(() -> new ChartImage.Missing("this nl2sql draws no chart images (no renderer)"));
    }
}
