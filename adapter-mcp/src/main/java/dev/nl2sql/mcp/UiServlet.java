package dev.nl2sql.mcp;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Serves the web page ({@code server.ui: true}) from the jar: one HTML file, a script and a style sheet, no build step
 * and nothing from another site. The page holds no data: it asks {@code /mcp} with the bearer token the user pastes,
 * through the same tools (and so the same validator) as any MCP client. Every file goes with a Content-Security-Policy
 * that lets the page load only its own files, call only this server, and show images only from data: URLs (the charts).
 */
final class UiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final String PATH = "/ui";
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** The page's files by the path they are served at, with their types. */
    private static final Map<String, String> FILES = Map.of(
            "/index.html", "text/html; charset=utf-8",
            "/app.js", "text/javascript; charset=utf-8",
            "/app.css", "text/css; charset=utf-8");

    /** {@return whether {@code path} (servlet path and path info) is one of the page's files} */
    static boolean serves(String path) {
        return path.equals(PATH) || (path.startsWith(PATH + "/") && (path.equals(PATH + "/") || FILES.containsKey(path.substring(PATH.length()))));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String file = request.getPathInfo() == null || request.getPathInfo().equals("/") ? "/index.html" : request.getPathInfo();
        String type = FILES.get(file);
        if (type == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        try (InputStream in = UiServlet.class.getResourceAsStream("/dev/nl2sql/mcp/ui" + file)) {
            if (in == null) {
                throw new IllegalStateException("the page's " + file + " is part of adapter-mcp");
            }
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType(type);
            response.setHeader("Content-Security-Policy", POLICY);
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Referrer-Policy", "no-referrer");
            response.setHeader("X-Frame-Options", "DENY");
            response.setHeader("Cache-Control", "no-cache");
            in.transferTo(response.getOutputStream());
        }
    }
}
