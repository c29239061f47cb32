package dev.nl2sql.mcp;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Serves {@code /metrics}, {@code /healthz} and {@code /readyz} from {@link Operations}. */
final class OperationsServlet extends HttpServlet {

    static final String METRICS = "/metrics";
    static final String HEALTH = "/healthz";
    static final String READY = "/readyz";

    private final transient Operations operations;

    /** Set on a probe that came without a valid token: it gets the status, without each database's state. */
    static final String ANONYMOUS = "dev.nl2sql.anonymous";

    /** {@return whether {@code path} is a liveness or readiness probe, answered without a token} */
    static boolean isProbe(String path) {
        return HEALTH.equals(path) || READY.equals(path);
    }

    static boolean serves(String path) {
        return METRICS.equals(path) || HEALTH.equals(path) || READY.equals(path);
    }

    OperationsServlet(Operations operations) {
        this.operations = operations;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (request.getServletPath()) {
            case METRICS -> write(response, 200, "text/plain; version=0.0.4; charset=utf-8", operations.metrics().get());
            case HEALTH -> write(response, 200, "application/json", "{\"status\":\"ok\"}");
            case READY -> {
                Operations.Readiness readiness = operations.readiness().get();
                String databases = new TreeMap<>(readiness.databases()).entrySet().stream()
                        .map(e -> quote(e.getKey()) + ":" + quote(e.getValue())).collect(Collectors.joining(","));
                String status = "{\"status\":" + quote(readiness.isReady() ? "ready" : "not ready");
                String body = request.getAttribute(ANONYMOUS) == null
                        ? status + ",\"audit\":" + quote(readiness.audit()) + ",\"databases\":{" + databases + "}}" : status + "}";
                write(response, readiness.isReady() ? 200 : 503, "application/json", body);
            }
            default -> response.sendError(404);
        }
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static void write(HttpServletResponse response, int status, String type, String body) throws IOException {
        response.setStatus(status);
        response.setContentType(type);
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
