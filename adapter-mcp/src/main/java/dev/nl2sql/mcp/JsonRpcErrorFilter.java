package dev.nl2sql.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Checks each POSTed message's JSON-RPC envelope before the SDK reads it ({@link JsonRpcEnvelope}: the SDK answers a
 * message whose params it cannot read with an empty 200), and replaces the bodies of HTTP error responses with a small
 * JSON-RPC error object. The SDK serialises its whole exception there (stack trace, cause), and Jetty's default error
 * page is HTML; a client should see neither.
 */
final class JsonRpcErrorFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private final int maxRequestSize;

    /** @param maxRequestSize the largest body read; larger ones are refused with 413 before the SDK sees them */
    JsonRpcErrorFilter(int maxRequestSize) {
        this.maxRequestSize = maxRequestSize;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (OperationsServlet.serves(request.getRequestURI())) {
            chain.doFilter(request, response); // operators' endpoints answer in their own formats
            return;
        }
        HttpServletRequest checked = request;
        if ("POST".equals(request.getMethod())) {
            byte[] body = request.getInputStream().readNBytes(maxRequestSize + 1);
            if (body.length > maxRequestSize) {
                respond(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                        body(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "Request too large: more than " + maxRequestSize + " bytes"));
                return;
            }
            switch (JsonRpcEnvelope.read(new String(body, StandardCharsets.UTF_8))) {
                case JsonRpcEnvelope.Refusal refusal -> {
                    // With an id the client gets its answer; without one the frame itself was unusable.
                    respond(response, refusal.id().isPresent() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_BAD_REQUEST, refusal.json());
                    return;
                }
                case JsonRpcEnvelope.Sound sound -> request.setAttribute(JsonRpcEnvelope.Sound.ATTRIBUTE, sound);
            }
            checked = new ReplayedBody(request, body);
        }
        ErrorCapture capture = new ErrorCapture(response);
        chain.doFilter(checked, capture);
        capture.finish();
    }

    static void respond(HttpServletResponse response, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** The request with its body, already read for the envelope check, served again to the SDK. */
    private static final class ReplayedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        ReplayedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is read blocking");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
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
            String written = buffer.toString(StandardCharsets.UTF_8);
            response.resetBuffer();
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            // a JSON-RPC error already (nl2sql's own, e.g. with the request's id) goes out as written
            byte[] body = (message == null && isJsonRpcError(written) ? written
                    : body(getStatus(), message != null ? message : messageOf(written, getStatus()))).getBytes(StandardCharsets.UTF_8);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }

        private static boolean isJsonRpcError(String written) {
            try {
                return McpJsonDefaults.getMapper().readValue(written, Map.class) instanceof Map<?, ?> map
                        && "2.0".equals(map.get("jsonrpc")) && map.get("error") instanceof Map<?, ?>;
            } catch (IOException | RuntimeException e) {
                return false;
            }
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
