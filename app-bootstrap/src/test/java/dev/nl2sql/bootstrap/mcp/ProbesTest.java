package dev.nl2sql.bootstrap.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.mcp.Operations;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With bearer tokens, a kubelet's or a load balancer's probe (which holds no secret) still learns whether the instance
 * serves, and nothing more; a token shows each database's state, and /mcp and /metrics still need one.
 */
class ProbesTest {

    private static final String TOKEN = "probe-test-t0ken";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @RegisterExtension
    static final ShopOverHttp shop = new ShopOverHttp().settings(s -> s.withAuthTokens(List.of(TOKEN)))
            .operations(new Operations(() -> "nl2sql_up 1\n", () -> new Operations.Readiness(Map.of("shop", "breaker open"), Operations.Readiness.READY)));

    private static HttpResponse<String> get(String path, boolean withToken) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + shop.port() + path));
        if (withToken) {
            request.header("Authorization", "Bearer " + TOKEN);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void probesWithoutATokenGetTheStatusOnly() throws Exception {
        assertThat(get("/healthz", false).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get("/readyz", false);
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).isEqualTo("{\"status\":\"not ready\"}");
    }

    @Test
    void aTokenShowsEachDatabasesState() throws Exception {
        assertThat(get("/readyz", true).body()).contains("\"shop\":\"breaker open\"");
    }

    @Test
    void everythingElseStillNeedsAToken() throws Exception {
        assertThat(get("/metrics", false).statusCode()).isEqualTo(401);
        assertThat(get("/mcp", false).statusCode()).isEqualTo(401);
    }
}
