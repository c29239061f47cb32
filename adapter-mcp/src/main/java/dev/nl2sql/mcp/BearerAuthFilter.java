package dev.nl2sql.mcp;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Lets a request through only with {@code Authorization: Bearer <token>} for one of the configured tokens. The web
 * page's own files are the exception when it is served: a browser cannot send a token to load a page, and the files
 * hold no data; everything the page then asks of {@code /mcp} needs the token like any other call.
 */
final class BearerAuthFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final String PREFIX = "Bearer ";

    // Digests, so every comparison is over 32 bytes whatever the token's length: MessageDigest.isEqual is then constant-time.
    private final transient List<byte[]> tokenDigests;
    private final boolean pageServed;

    BearerAuthFilter(List<String> tokens) {
        this(tokens, false);
    }

    /** @param pageServed whether the web page's files ({@code GET /ui...}) are served, and so let through without a token */
    BearerAuthFilter(List<String> tokens, boolean pageServed) {
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("at least one token is required");
        }
        this.tokenDigests = tokens.stream().map(BearerAuthFilter::digest).toList();
        this.pageServed = pageServed;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (isAuthorized(request.getHeader("Authorization"))
                || (pageServed && ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) && UiServlet.serves(path))) {
            chain.doFilter(request, response);
            return;
        }
        if (OperationsServlet.isProbe(request.getRequestURI())) {
            // a kubelet's or a balancer's probe holds no secret: it learns whether this instance serves, not why not
            request.setAttribute(OperationsServlet.ANONYMOUS, Boolean.TRUE);
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Bearer realm=\"nl2sql\"");
        response.setContentType("application/json");
        response.getWriter().write(JsonRpcErrorFilter.body(401, "missing or invalid bearer token"));
    }

    boolean isAuthorized(String header) {
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        byte[] presented = digest(header.substring(PREFIX.length()).strip());
        boolean match = false;
        for (byte[] token : tokenDigests) {
            match |= MessageDigest.isEqual(token, presented); // no early exit: every token is compared
        }
        return match;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
