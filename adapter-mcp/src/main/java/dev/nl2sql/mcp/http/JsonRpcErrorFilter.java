package dev.nl2sql.mcp.http;

import io.modelcontextprotocol.json.McpJsonDefaults;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Replaces the bodies of HTTP error responses with a small JSON-RPC error object. The SDK serialises its whole
 * exception there (stack trace, cause), and Jetty's default error page is HTML; a client should see neither.
 */
public final class JsonRpcErrorFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (OperationsServlet.serves(request.getRequestURI())) {
            chain.doFilter(request, response); // operators' endpoints answer in their own formats
            return;
        }
        ErrorCapture capture = new ErrorCapture(response);
        chain.doFilter(request, capture);
        capture.finish();
    }

    /** {@return the JSON-RPC error body for {@code status} with {@code message}} */
    static String body(int status, String message) {
        int code = status >= 500 ? -32603 : -32600;
        try {
            return McpJsonDefaults.getMapper().writeValueAsString(Map.of("jsonrpc", "2.0",
                    "error", Map.of("code", code, "message", message)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes through until the status says error; from then on, buffers the body so it can be replaced. */
    private static final class ErrorCapture extends HttpServletResponseWrapper {

        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private String message;
        private boolean capturing;

        ErrorCapture(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void sendError(int status, String msg) {
            capturing = true;
            message = msg;
            super.setStatus(status);
        }

        @Override
        public void sendError(int status) {
            sendError(status, null);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (!capture()) {
                return super.getOutputStream();
            }
            return new ServletOutputStream() {
                @Override
                public void write(int b) {
                    buffer.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException("error bodies are written blocking");
                }
            };
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            return capture() ? new PrintWriter(buffer, true, StandardCharsets.UTF_8) : super.getWriter();
        }

        private boolean capture() {
            capturing |= getStatus() >= 400;
            return capturing;
        }

        void finish() throws IOException {
            if (!capturing && getStatus() < 400) {
                return;
            }
            HttpServletResponse response = (HttpServletResponse) getResponse();
            if (response.isCommitted()) {
                return;
            }
            String text = message != null ? message : messageOf(buffer.toString(StandardCharsets.UTF_8), getStatus());
            response.resetBuffer();
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            byte[] body = body(getStatus(), text).getBytes(StandardCharsets.UTF_8);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }

        private static String messageOf(String sdkBody, int status) {
            try {
                Object parsed = McpJsonDefaults.getMapper().readValue(sdkBody, Map.class);
                if (parsed instanceof Map<?, ?> map) {
                    // the SDK's serialised exception has "message" on top; a JSON-RPC error (ours) has it under "error"
                    Object inner = map.get("error") instanceof Map<?, ?> error ? error.get("message") : map.get("message");
                    if (inner instanceof String m && !m.isBlank()) {
                        return m.lines().findFirst().orElse(m);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not JSON: fall through to the status line
            }
            return "HTTP " + status;
        }
    }
}
