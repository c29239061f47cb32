package dev.nl2sql.bootstrap.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** server.stateless: the TypeScript SDK client uses tools, resources, prompts and completions without a session. */
class StatelessServerTest {

    @RegisterExtension
    static final ShopOverHttp shop = new ShopOverHttp().settings(s -> s.withStateless(true));

    @BeforeAll
    static void start() {
        ShopServer.ensureNodeTools();
    }

    @Test
    void typescriptClientWorksWithoutASessionAndIsToldWhatNeedsOne() {
        ShopServer.Ran ran = ShopServer.run(ShopServer.node("stateless-test.mjs", shop.url(), shop.url()), ShopServer.NODE_DIR, Map.of(),
                Duration.ofSeconds(60));

        assertThat(ran.exit()).as(ran.stderr() + ran.stdout()).isZero();
        assertThat(ran.stdout()).contains("\"stateless\":true");
        assertThat(shop.openSessions()).isZero();
    }

    @Test
    void aRequestWithoutInitializeIsAnswered() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(shop.url()))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":"
                        + "{\"name\":\"run_sql\",\"arguments\":{\"sql\":\"SELECT count(*) AS n FROM orders\"}}}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Mcp-Session-Id")).isEmpty();
        assertThat(response.body()).contains("\"id\":7", "\"row_count\":1", "\"isError\":false");
    }
}
