package dev.nl2sql.bootstrap.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@code chart} argument of run_sql and ask over MCP, on ecommerce_small: none by default, else a PNG and a Vega-Lite spec. */
class ChartToolTest {

    private static final String STATUS_COUNTS = "SELECT status, count(*) AS orders FROM orders GROUP BY status ORDER BY orders DESC";

    @RegisterExtension
    static final ShopOverHttp shop = new ShopOverHttp();

    private static RawMcp mcp;
    private static String session;

    @BeforeAll
    static void start() throws Exception {
        mcp = RawMcp.on(shop.port());
        session = mcp.initialize();
    }

    private static JsonNode call(String tool, String arguments) {
        return mcp.request(session, "tools/call", "{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}").path("result");
    }

    @Test
    void runSqlWithChartAutoAddsAPngAndTheVegaLiteSpec() throws Exception {
        JsonNode result = call("run_sql", "{\"sql\":\"" + STATUS_COUNTS + "\",\"chart\":\"auto\"}");

        JsonNode chart = result.path("structuredContent").path("chart");
        assertThat(chart.path("kind").asText()).isEqualTo("pie");
        assertThat(chart.path("explanation").asText()).startsWith("pie: ").contains("(orders)");
        assertThat(chart.path("spec").path("mark").asText()).isEqualTo("arc");
        assertThat(chart.path("spec").path("data").path("values")).hasSize(result.path("structuredContent").path("row_count").asInt());
        JsonNode image = result.path("content").get(1);
        assertThat(image.path("type").asText()).isEqualTo("image");
        assertThat(image.path("mimeType").asText()).isEqualTo("image/png");
        assertThat(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(image.path("data").asText()))).getWidth()).isPositive();
    }

    @Test
    void withoutTheArgumentThereIsNoChart() {
        JsonNode result = call("run_sql", "{\"sql\":\"" + STATUS_COUNTS + "\"}");

        assertThat(result.path("structuredContent").has("chart")).isFalse();
        assertThat(result.path("content")).hasSize(1);
    }

    @Test
    void askDrawsTheKindAskedFor() {
        JsonNode result = call("ask", "{\"question\":\"How many orders are there in each status?\",\"chart\":\"bar\"}");

        assertThat(result.path("structuredContent").path("chart").path("explanation").asText()).startsWith("bar, as asked: ");
        assertThat(result.path("content").get(1).path("mimeType").asText()).isEqualTo("image/png");
    }

    @Test
    void aKindTheRowsCannotShowIsNoneWithTheReasonAndNoImage() {
        JsonNode result = call("run_sql", "{\"sql\":\"" + STATUS_COUNTS + "\",\"chart\":\"scatter\"}");

        assertThat(result.path("structuredContent").path("chart").path("explanation").asText()).isEqualTo("none: a scatter needs two numeric columns");
        assertThat(result.path("content")).hasSize(1);
        assertThat(result.path("isError").asBoolean()).isFalse();
    }
}
