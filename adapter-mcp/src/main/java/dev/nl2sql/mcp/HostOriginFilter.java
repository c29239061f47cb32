package dev.nl2sql.mcp;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * DNS-rebinding protection for every endpoint ({@code /mcp}, {@code /metrics}, {@code /healthz}, {@code /readyz}):
 * a request must name this server in {@code Host} (421 otherwise), and a browser's {@code Origin}, when sent, must be
 * this server itself, compared by scheme, host and port, or one configured in {@code server.allowed_origins} (403
 * otherwise). A page on another port of localhost is another origin. Replaces the SDK's validator, which covers
 * {@code /mcp} only and accepts any port.
 */
final class HostOriginFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final List<String> LOCAL_NAMES = List.of("localhost", "127.0.0.1", "[::1]");

    private final Set<String> names;
    private final Set<String> hosts;
    private final Set<String> origins;

    /** @param bind the address the server listens on: its own name is allowed beside the loopback names */
    HostOriginFilter(String bind, ServerSettings.AllowedClients allowed) {
        List<String> all = new ArrayList<>(LOCAL_NAMES);
        String bound = bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
        if (!bind.equals("0.0.0.0") && !bind.equals("::")) {
            all.add(bound.toLowerCase(Locale.ROOT));
        }
        this.names = Set.copyOf(all);
        this.hosts = allowed.hosts().stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.origins = allowed.origins().stream().map(o -> normalize(o).orElse(o)).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        String host = request.getHeader("Host");
        if (host == null || !isAllowedHost(host)) {
            refuse(response, 421, "Misdirected request: Host '" + host + "' does not name this server (add it to server.allowed_hosts)");
            return;
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !isAllowedOrigin(origin, request.getLocalPort())) {
            refuse(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden: Origin '" + origin + "' is not allowed (add it to server.allowed_origins)");
            return;
        }
        chain.doFilter(request, response);
    }

    boolean isAllowedHost(String header) {
        String host = header.strip().toLowerCase(Locale.ROOT);
        return hosts.contains(host) || names.contains(nameOf(host)) || hosts.contains(nameOf(host));
    }

    boolean isAllowedOrigin(String header, int port) {
        Optional<String> origin = normalize(header);
        if (origin.isEmpty()) {
            return false; // "null" (sandboxed pages, files) and garbage are no origin we know
        }
        if (origins.contains(origin.get())) {
            return true;
        }
        return names.stream().anyMatch(name -> origin.get().equals("http://" + name + ":" + port));
    }

    /** {@return {@code host} without its port: {@code [::1]:8080} is {@code [::1]}} */
    private static String nameOf(String host) {
        int colon = host.lastIndexOf(':');
        return colon > host.lastIndexOf(']') ? host.substring(0, colon) : host;
    }

    /** {@return {@code origin} as scheme://host:port in lower case, the default port written out; empty when it is not one} */
    static Optional<String> normalize(String origin) {
        try {
            URI uri = new URI(origin.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))
                    || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
                return Optional.empty();
            }
            int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        JsonRpcErrorFilter.respond(response, status, JsonRpcErrorFilter.body(status, message));
    }
}
