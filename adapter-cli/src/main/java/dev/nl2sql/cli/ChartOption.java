package dev.nl2sql.cli;

import dev.nl2sql.domain.chart.Chart;
import dev.nl2sql.domain.chart.ChartImage;
import dev.nl2sql.domain.chart.ChartRequest;
import dev.nl2sql.domain.chart.ImageFormat;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.usecase.DrawChart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --chart FILE.png|FILE.svg}, shared by ask, sql and templates run: after the rows, the chart nl2sql chooses for
 * them is written to FILE (the shell's {@code \chart FILE} does the same for its last result).
 */
final class ChartOption {

    @Option(names = "--chart", paramLabel = "FILE.png|FILE.svg",
            description = "Also draw the chart nl2sql chooses for the rows (bar, line, pie or scatter) into FILE; .png or .svg.")
    Path file;

    /** {@return why {@code --chart} cannot be used as given, if it cannot} */
    Optional<String> problem() {
        return file == null ? Optional.empty() : ChartOption.problem(file);
    }

    /** {@return {@code exit}, after writing the chart of {@code outcome}'s rows when --chart asks for one and they came} */
    int draw(Output output, DrawChart charts, QueryOutcome outcome, int exit) {
        if (file == null || exit != ExitCodes.OK || !(outcome instanceof QueryOutcome.Succeeded ok)) {
            return exit;
        }
        return write(output, charts, ok.result(), file);
    }

    static Optional<String> problem(Path file) {
        return format(file).isPresent() ? Optional.empty() : Optional.of("a chart file ends in .png or .svg, was '" + file + "'");
    }

    /** {@return the image format {@code file}'s name ends in, if it does; a path without a name, such as "/", ends in none} */
    private static Optional<ImageFormat> format(Path file) {
        Path name = file.getFileName();
        return name == null ? Optional.empty() : ImageFormat.ofFileName(name.toString());
    }

    /** Writes the chart of {@code result} to {@code file}, or says why there is none; {@return the exit code} */
    static int write(Output output, DrawChart charts, QueryResult result, Path file) {
        Optional<ImageFormat> format = format(file);
        if (format.isEmpty()) {
            return output.failure(new Failure.RequestInvalid(problem(file).orElseThrow()));
        }
        Chart chart = charts.choose(result, ChartRequest.AUTO);
        byte[] image;
        switch (charts.image(chart, result, format.get())) {
            case ChartImage.Missing missing -> {
                output.note("no chart written: " + missing.reason());
                return ExitCodes.OK;
            }
            case ChartImage.Drawn drawn -> image = drawn.bytes();
        }
        try {
            Files.write(file, image);
        } catch (IOException e) {
            // a missing folder's exception says only the path again
            String why = e instanceof NoSuchFileException ? "its folder does not exist" : e.getMessage();
            return output.failure(new Failure.RequestInvalid("could not write the chart to " + file + ": " + why));
        }
        output.note("chart " + file + " (" + chart.explanation() + ")");
        return ExitCodes.OK;
    }
}
