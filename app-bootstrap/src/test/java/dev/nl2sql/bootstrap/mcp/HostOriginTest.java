package dev.nl2sql.bootstrap.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.mcp.HttpServer;
import dev.nl2sql.mcp.Operations;
import dev.nl2sql.mcp.ServerSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DNS-rebinding protection on every endpoint: a Host that does not name this server is 421, a browser Origin that is
 * not this server (scheme, host and port) nor configured is 403, whatever the path. Raw sockets, because Java's HTTP
 * client will not send a Host of the test's choosing.
 */
class HostOriginTest {

    private static final String INSPECTOR = "http://localhost:6274";

    @RegisterExtension
    static final ShopOverHttp shop = new ShopOverHttp()
            .settings(s -> s.withAllowed(new ServerSettings.AllowedClients(List.of("nl2sql.internal"), List.of(INSPECTOR))))
            .operations(new Operations(() -> "nl2sql_up 1\n", () -> new Operations.Readiness(Map.of("shop", Operations.Readiness.READY), Operations.Readiness.READY)));

    /** {@return the status of a request to {@code path} (initialize for /mcp, GET otherwise) with these headers} */
    private static int status(String path, String host, String origin) throws IOException {
        boolean mcp = path.equals(HttpServer.ENDPOINT);
        byte[] body = mcp ? RawMcp.INITIALIZE.getBytes(StandardCharsets.UTF_8) : new byte[0];
        StringBuilder request = new StringBuilder((mcp ? "POST " : "GET ") + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
        if (origin != null) {
            request.append("Origin: ").append(origin).append("\r\n");
        }
        if (mcp) {
            request.append("Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: ")
                    .append(body.length).append("\r\n");
        }
        request.append("\r\n");
        try (Socket socket = new Socket("127.0.0.1", shop.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII); // "HTTP/1.1 200"
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }

    private static String self() {
        return "127.0.0.1:" + shop.port();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/mcp", "/metrics", "/healthz", "/readyz"})
    void answersItsOwnHostWithoutOrigin(String path) throws IOException {
        assertThat(status(path, self(), null)).isBetween(200, 299);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/mcp", "/metrics", "/healthz", "/readyz"})
    void foreignHostIsMisdirected(String path) throws IOException {
        assertThat(status(path, "evil.example:" + shop.port(), null)).isEqualTo(421);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/mcp", "/metrics", "/healthz", "/readyz"})
    void foreignOriginIsForbidden(String path) throws IOException {
        assertThat(status(path, self(), "http://evil.example")).isEqualTo(403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/mcp", "/metrics", "/healthz", "/readyz"})
    void anotherPortOnLocalhostIsAnotherOrigin(String path) throws IOException {
        assertThat(status(path, self(), "http://127.0.0.1:" + (shop.port() + 1))).isEqualTo(403);
        assertThat(status(path, self(), "https://127.0.0.1:" + shop.port())).isEqualTo(403);
        assertThat(status(path, self(), "null")).isEqualTo(403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/mcp", "/metrics", "/healthz", "/readyz"})
    void itsOwnOriginAndConfiguredOnesAreAllowed(String path) throws IOException {
        assertThat(status(path, "localhost:" + shop.port(), "http://localhost:" + shop.port())).isBetween(200, 299);
        assertThat(status(path, self(), INSPECTOR)).isBetween(200, 299);
        assertThat(status(path, "nl2sql.internal", null)).isBetween(200, 299);
    }
}
