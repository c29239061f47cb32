package dev.nl2sql.mcp;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code notifications/cancelled} over Streamable HTTP ({@link CancelledRequests}): the notification is taken here and
 * answered 202, as the SDK would, without the SDK's "no handler" warning; a request's JSON-RPC id is left on the HTTP
 * request for the transport context; and once a request is cancelled, nothing more is written on its response
 * stream (neither progress nor the result). Runs after the envelope check and authentication.
 */
final class CancellationFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CancellationFilter.class);
    private static final String SESSION_HEADER = "Mcp-Session-Id";

    private final transient CancelledRequests cancelled;

    CancellationFilter(CancelledRequests cancelled) {
        this.cancelled = cancelled;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (!"POST".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        if (!(request.getAttribute(JsonRpcEnvelope.Sound.ATTRIBUTE) instanceof JsonRpcEnvelope.Sound sound)) {
            chain.doFilter(request, response);
            return;
        }
        Map<String, Object> message = sound.fields(); // as the envelope check read it: the body is parsed once here
        String session = request.getHeader(SESSION_HEADER);
        Object id = message.get("id");
        if (CancelledRequests.METHOD.equals(message.get("method")) && id == null) {
            CancelledRequests.cancelledId(message.get("params")).ifPresent(cancelledId -> {
                LOG.debug("request {} of session {} cancelled by the client", cancelledId, session);
                cancelled.cancel(session, cancelledId);
            });
            response.setStatus(HttpServletResponse.SC_ACCEPTED);
            return;
        }
        if (id != null && message.get("method") instanceof String) {
            request.setAttribute(CancelledRequests.REQUEST_ID, id);
            chain.doFilter(request, new Silenced(response, () -> cancelled.isCancelled(session, id)));
            return;
        }
        chain.doFilter(request, response);
    }

    /** A response whose writes are dropped once its request is cancelled. */
    private static final class Silenced extends HttpServletResponseWrapper {

        private final BooleanSupplier cancelled;

        Silenced(HttpServletResponse response, BooleanSupplier cancelled) {
            super(response);
            this.cancelled = cancelled;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            PrintWriter writer = super.getWriter();
            return new PrintWriter(new Writer() {
                @Override
                public void write(char[] text, int offset, int length) {
                    if (!cancelled.getAsBoolean()) {
                        writer.write(text, offset, length);
                    }
                }

                @Override
                public void flush() {
                    if (!cancelled.getAsBoolean()) {
                        writer.flush();
                    }
                }

                @Override
                public void close() {
                    writer.close();
                }
            }, false) {
                // PrintWriter hides I/O errors behind checkError(); the SDK asks it whether the client is still there
                @Override
                public boolean checkError() {
                    return super.checkError() || writer.checkError();
                }
            };
        }
    }
}
