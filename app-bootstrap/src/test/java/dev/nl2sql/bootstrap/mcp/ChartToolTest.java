package dev.nl2sql.bootstrap.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nl2sql.cli.Launcher;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.mcp.McpServerFactory;
import dev.nl2sql.mcp.ServerSettings;
import dev.nl2sql.mcp.http.HttpServer;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The {@code chart} argument of run_sql and ask over MCP, on ecommerce_small: none by default, else a PNG and a Vega-Lite spec. */
class ChartToolTest {

    private static final String STATUS_COUNTS = "SELECT status, count(*) AS orders FROM orders GROUP BY status ORDER BY orders DESC";

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path dir;

    private static Launcher.Launch.Ready ready;
    private static HttpServer http;
    private static RawMcp mcp;
    private static String session;

    @BeforeAll
    static void start() throws Exception {
        ready = ShopServer.launch(db, ShopServer.configure(db, dir));
        http = HttpServer.start(new McpServerFactory(ready.useCases(), ServerSettings.loopback("test", 0)));
        mcp = RawMcp.on(http.port());
        session = mcp.initialize();
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
        ready.resources().close();
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
