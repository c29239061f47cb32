package dev.nl2sql.port;

import dev.nl2sql.domain.chart.Chart;
import dev.nl2sql.domain.chart.ImageFormat;
import dev.nl2sql.domain.result.QueryResult;

/** Draws a chart of a result as an image. */
public interface ChartRenderer {

    /**
     * {@return {@code chart} of {@code result} as an image in {@code format}}
     *
     * @throws IllegalArgumentException if {@code chart} draws nothing
     * @throws java.io.UncheckedIOException if the image cannot be written
     */
    byte[] render(Chart chart, QueryResult result, ImageFormat format);
}
