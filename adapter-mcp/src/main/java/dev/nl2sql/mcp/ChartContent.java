package dev.nl2sql.mcp;

import dev.nl2sql.domain.chart.Chart;
import dev.nl2sql.domain.chart.ChartImage;
import dev.nl2sql.domain.chart.ChartRequest;
import dev.nl2sql.domain.chart.ImageFormat;
import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.usecase.DrawChart;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Content;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code chart} argument of ask and run_sql, and what it adds to their result: {@code chart} in the structured
 * content ({@code kind}, {@code explanation}, the Vega-Lite {@code spec}) and the chart as a PNG image content. The
 * argument has no description: tools/list goes with every model turn, and the values say enough.
 */
final class ChartContent {

    static final String ARGUMENT = "chart";
    static final Map<String, Object> SCHEMA = Map.of("type", "string", "enum", List.of(ChartRequest.NAMES.split("\\|")));

    private ChartContent() {}

    /** {@return the chart the call asks for; none by default, to keep answers small} */
    static ChartRequest request(Arguments arguments) {
        return arguments.string(ARGUMENT).flatMap(ChartRequest::named).orElse(ChartRequest.NONE);
    }

    /** {@return the successful result: {@code structured} and {@code text}, with the chart of {@code result} when asked for} */
    static CallToolResult success(Map<String, Object> structured, String text, Optional<QueryResult> result, ChartRequest request,
            DrawChart charts) {
        if (request.isNone() || result.isEmpty()) {
            return ToolResults.success(structured, text);
        }
        Chart chart = charts.choose(result.get(), request);
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("kind", chart.kind().label());
        described.put("explanation", chart.explanation());
        charts.spec(chart, result.get()).ifPresent(spec -> described.put("spec", spec));
        structured.put(ARGUMENT, described);
        List<Content> content = new ArrayList<>();
        StringBuilder said = new StringBuilder(text).append("\n\nchart: ").append(chart.explanation());
        Optional<Content> image = Optional.empty();
        if (chart.isDrawn()) {
            switch (charts.image(chart, result.get(), ImageFormat.PNG)) {
                case ChartImage.Drawn png -> image = Optional.of(
                        ImageContent.builder(Base64.getEncoder().encodeToString(png.bytes()), ImageFormat.PNG.mediaType()).build());
                case ChartImage.Missing missing -> {
                    described.put("image_missing", missing.reason());
                    said.append("\nno chart image: ").append(missing.reason());
                }
            }
        }
        content.add(TextContent.builder(said.toString()).build());
        image.ifPresent(content::add);
        return CallToolResult.builder().structuredContent(structured).content(content).isError(false).build();
    }
}
