package dev.nl2sql.charts;

import dev.nl2sql.domain.chart.Chart;
import dev.nl2sql.domain.chart.ChartImage;
import dev.nl2sql.domain.chart.ChartChooser;
import dev.nl2sql.domain.chart.ImageFormat;
import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.port.ChartRenderer;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.labels.StandardPieSectionLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PiePlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.general.DefaultPieDataset;
import org.jfree.data.time.FixedMillisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * Draws charts with JFreeChart: to PNG through its own encoder, to SVG by drawing the same chart on JFreeSVG's
 * {@code Graphics2D}, which writes text as SVG text. Headless: it needs fonts, not a display.
 */
public final class JFreeChartRenderer implements ChartRenderer {

    static final int WIDTH = 800;
    static final int HEIGHT = 480;
    /** Past this many bars, or a label this long, the labels are turned to fit rather than cut short. */
    private static final int UPRIGHT_LABELS = 6;
    private static final int UPRIGHT_LABEL_LENGTH = 12;
    private static final Color[] PALETTE = {
        new Color(0x4C78A8), new Color(0xF58518), new Color(0x54A24B), new Color(0xE45756), new Color(0x72B7B2), new Color(0xB279A2)};

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true"); // a server or a CLI draws charts without a display
        }
        // JFreeChart draws turned labels as glyph outlines by default, a workaround for old JDKs; as text they stay
        // text in an SVG, where they can be read, searched, and checked for masked values
        TextUtils.setUseDrawRotatedStringWorkaround(false);
    }

    @Override
    public ChartImage render(Chart chart, QueryResult result, ImageFormat format) {
        if (!chart.isDrawn()) {
            throw new IllegalArgumentException("no chart to draw: " + chart.explanation());
        }
        try {
            JFreeChart drawn = draw(chart, result);
            return new ChartImage.Drawn(format, switch (format) {
                case PNG -> png(drawn);
                case SVG -> svg(drawn);
            });
        } catch (RuntimeException | LinkageError e) {
            if (!fromTheGraphicsSystem(e)) {
                throw e;
            }
            // e.g. a container image without fonts: "Fontconfig head is null"; the answer stays, without its image
            return new ChartImage.Missing(CANNOT_DRAW + " (" + e.getMessage() + ")");
        }
    }

    static final String CANNOT_DRAW = "this machine cannot draw chart images: Java finds no fonts here; install fontconfig and a font "
            + "(Debian: fonts-dejavu-core) or use the chart's Vega-Lite spec";

    /** {@return whether {@code failure} came from Java's fonts or graphics, not from this class's own logic} */
    static boolean fromTheGraphicsSystem(Throwable failure) {
        if (failure instanceof LinkageError) {
            return true; // a native graphics or font library that is not there
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getClassName().startsWith("sun.font.") || frame.getClassName().startsWith("sun.awt.")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static byte[] png(JFreeChart chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the chart as PNG", e);
        }
        return out.toByteArray();
    }

    private static byte[] svg(JFreeChart chart) {
        SVGGraphics2D graphics = new SVGGraphics2D(WIDTH, HEIGHT);
        chart.draw(graphics, new Rectangle(WIDTH, HEIGHT));
        return graphics.getSVGDocument().getBytes(StandardCharsets.UTF_8);
    }

    private static JFreeChart draw(Chart chart, QueryResult result) {
        String label = chart.labelName(result);
        List<String> measures = chart.valueNames(result);
        String measured = String.join(", ", measures);
        String title = measured + " by " + label;
        boolean legend = measures.size() > 1;
        JFreeChart drawn = switch (chart.kind()) {
            case BAR -> {
                JFreeChart bar = ChartFactory.createBarChart(title, label, measured, categories(chart, result, measures),
                        PlotOrientation.VERTICAL, legend, false, false);
                if (result.rowCount() > UPRIGHT_LABELS
                        || distinctLabels(chart, result).stream().anyMatch(l -> l.length() > UPRIGHT_LABEL_LENGTH)) {
                    ((CategoryPlot) bar.getPlot()).getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
                }
                yield bar;
            }
            case PIE -> {
                DefaultPieDataset<String> slices = new DefaultPieDataset<>();
                List<String> labels = distinctLabels(chart, result);
                for (int row = 0; row < result.rowCount(); row++) {
                    slices.setValue(labels.get(row), Chart.number(result, row, chart.values().getFirst()).orElse(0.0));
                }
                JFreeChart pie = ChartFactory.createPieChart(title, slices, true, false, false);
                @SuppressWarnings("unchecked")
                PiePlot<String> plot = (PiePlot<String>) pie.getPlot();
                for (int i = 0; i < labels.size(); i++) {
                    plot.setSectionPaint(labels.get(i), PALETTE[i % PALETTE.length]);
                }
                plot.setOutlineVisible(false);
                plot.setShadowPaint(null);
                plot.setLabelGenerator(new StandardPieSectionLabelGenerator("{0}: {1} ({2})"));
                yield pie;
            }
            case LINE -> line(chart, result, measures, title, label, measured, legend);
            case SCATTER -> {
                XYSeries points = new XYSeries(measured, false, true);
                int x = chart.labels().getFirst();
                int y = chart.values().getFirst();
                for (int row = 0; row < result.rowCount(); row++) {
                    Optional<Double> across = Chart.number(result, row, x);
                    Optional<Double> up = Chart.number(result, row, y);
                    if (across.isPresent() && up.isPresent()) {
                        points.add(across.get(), up.get());
                    }
                }
                yield ChartFactory.createScatterPlot(measured + " against " + label, label, measured, new XYSeriesCollection(points),
                        PlotOrientation.VERTICAL, false, false, false);
            }
            case NONE -> throw new IllegalStateException("checked above");
        };
        style(drawn, chart.explanation());
        return drawn;
    }

    private static JFreeChart line(Chart chart, QueryResult result, List<String> measures, String title, String label, String measured,
            boolean legend) {
        int x = chart.labels().getFirst();
        if (ChartChooser.isTime(result.columns().get(x))) {
            TimeSeriesCollection series = new TimeSeriesCollection();
            for (int k = 0; k < measures.size(); k++) {
                int column = chart.values().get(k);
                TimeSeries one = new TimeSeries(measures.get(k));
                for (int row = 0; row < result.rowCount(); row++) {
                    Optional<Instant> at = instant(result.rows().get(row).get(x));
                    Optional<Double> value = Chart.number(result, row, column);
                    if (at.isPresent() && value.isPresent()) {
                        one.addOrUpdate(new FixedMillisecond(Date.from(at.get())), value.get());
                    }
                }
                series.addSeries(one);
            }
            JFreeChart line = ChartFactory.createTimeSeriesChart(title, label, measured, series, legend, false, false);
            ((XYPlot) line.getPlot()).setRenderer(new XYLineAndShapeRenderer(true, true));
            return line;
        }
        if (chart.labels().size() == 1 && Chart.number(result, 0, x).isPresent()) {
            XYSeriesCollection series = new XYSeriesCollection();
            for (int k = 0; k < measures.size(); k++) {
                int column = chart.values().get(k);
                XYSeries one = new XYSeries(measures.get(k), true, false);
                for (int row = 0; row < result.rowCount(); row++) {
                    Optional<Double> across = Chart.number(result, row, x);
                    Optional<Double> value = Chart.number(result, row, column);
                    if (across.isPresent() && value.isPresent()) {
                        one.addOrUpdate(across.get(), value.get());
                    }
                }
                series.addSeries(one);
            }
            JFreeChart line = ChartFactory.createXYLineChart(title, label, measured, series, PlotOrientation.VERTICAL, legend, false, false);
            ((XYPlot) line.getPlot()).setRenderer(new XYLineAndShapeRenderer(true, true));
            return line;
        }
        return ChartFactory.createLineChart(title, label, measured, categories(chart, result, measures), PlotOrientation.VERTICAL, legend,
                false, false);
    }

    /** One series per measure, one category per row, in the result's order. */
    private static DefaultCategoryDataset categories(Chart chart, QueryResult result, List<String> measures) {
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        List<String> labels = distinctLabels(chart, result);
        for (int k = 0; k < measures.size(); k++) {
            int column = chart.values().get(k);
            String measure = measures.get(k);
            for (int row = 0; row < result.rowCount(); row++) {
                dataset.addValue(Chart.number(result, row, column).orElse(null), measure, labels.get(row));
            }
        }
        return dataset;
    }

    /** Each row's label, a repeated one numbered ("Smith (2)"): the datasets key categories by label. */
    private static List<String> distinctLabels(Chart chart, QueryResult result) {
        Map<String, Integer> seen = new HashMap<>();
        return java.util.stream.IntStream.range(0, result.rowCount()).mapToObj(row -> {
            String label = chart.label(result, row);
            int count = seen.merge(label, 1, Integer::sum);
            return count == 1 ? label : label + " (" + count + ")";
        }).collect(Collectors.toList());
    }

    private static Optional<Instant> instant(Object cell) {
        if (!(cell instanceof String text)) {
            return Optional.empty();
        }
        try {
            if (text.length() == 10) {
                return Optional.of(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return Optional.of(OffsetDateTime.parse(text).toInstant());
            }
            return Optional.of(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty(); // 'infinity' and the like have no place on an axis
        }
    }

    private static void style(JFreeChart chart, String explanation) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        TextTitle why = new TextTitle(explanation, new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        why.setPaint(Color.GRAY);
        chart.addSubtitle(why);
        Plot plot = chart.getPlot();
        plot.setBackgroundPaint(Color.WHITE);
        if (plot instanceof CategoryPlot category) {
            category.setRangeGridlinePaint(Color.LIGHT_GRAY);
            for (int i = 0; i < PALETTE.length; i++) {
                category.getRenderer().setSeriesPaint(i, PALETTE[i]);
            }
        } else if (plot instanceof XYPlot xy) {
            xy.setRangeGridlinePaint(Color.LIGHT_GRAY);
            xy.setDomainGridlinePaint(Color.LIGHT_GRAY);
            for (int i = 0; i < PALETTE.length; i++) {
                xy.getRenderer().setSeriesPaint(i, PALETTE[i]);
                xy.getRenderer().setSeriesStroke(i, new BasicStroke(2f));
            }
        }
    }
}
