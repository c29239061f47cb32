package dev.nl2sql.port;

import dev.nl2sql.domain.chart.Chart;
import dev.nl2sql.domain.chart.ChartImage;
import dev.nl2sql.domain.chart.ImageFormat;
import dev.nl2sql.domain.result.QueryResult;

/** Draws a chart of a result as an image. */
public interface ChartRenderer {

    /**
     * {@return {@code chart} of {@code result} as an image in {@code format}, or why this machine cannot draw it (e.g. no
     * fonts)}
     *
     * @throws IllegalArgumentException if {@code chart} draws nothing
     */
    ChartImage render(Chart chart, QueryResult result, ImageFormat format);
}
