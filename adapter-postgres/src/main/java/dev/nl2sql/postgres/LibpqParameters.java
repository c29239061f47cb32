package dev.nl2sql.postgres;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.postgresql.jdbcurlresolver.PgServiceConfParser;

/**
 * Connection parameters the way libpq fills them in, so a database reached with {@code psql} is reached the same way
 * here: what was given explicitly (a connection URL, the configuration's fields) wins; then the service it names
 * ({@code service}, or {@code PGSERVICE}) from {@code pg_service.conf}; then the {@code PG*} environment variables.
 * A password still missing after that is looked up in {@code ~/.pgpass} by pgjdbc when it connects.
 *
 * <p>Parameters use libpq's keywords: {@code host port dbname user password sslmode sslrootcert sslcert sslkey service}.
 * The URL parser is ours because pgjdbc parses only its own {@code jdbc:postgresql:} form, not libpq's URIs. The
 * configuration reaches it through {@link PostgresAdapter}.
 */
final class LibpqParameters {

    /** The keywords understood, each with the environment variable libpq reads for it. */
    static final Map<String, String> ENVIRONMENT = orderedMap("host", "PGHOST", "port", "PGPORT", "dbname", "PGDATABASE",
            "user", "PGUSER", "password", "PGPASSWORD", "sslmode", "PGSSLMODE", "sslrootcert", "PGSSLROOTCERT", "sslcert", "PGSSLCERT",
            "sslkey", "PGSSLKEY", "service", "PGSERVICE");

    /** pg_service.conf's entries as pgjdbc reads them ({@code PGSERVICEFILE}, {@code PGSYSCONFDIR}, {@code ~/.pg_service.conf}). */
    static final Function<String, Optional<Map<String, String>>> SERVICE_FILES = LibpqParameters::serviceFromFiles;

    private LibpqParameters() {}

    /**
     * {@return {@code explicit} completed from the service it names and from {@code environment}, in libpq's order}
     *
     * @param services a service's parameters by name; empty when it is not defined
     * @throws IllegalArgumentException when a named service is not defined
     */
    static Map<String, String> resolve(Map<String, String> explicit, Map<String, String> environment,
            Function<String, Optional<Map<String, String>>> services) {
        Map<String, String> resolved = new LinkedHashMap<>(explicit);
        Optional<String> service = Optional.ofNullable(explicit.get("service")).or(() -> Optional.ofNullable(environment.get("PGSERVICE")))
                .filter(s -> !s.isBlank());
        if (service.isPresent()) {
            Map<String, String> defined = services.apply(service.get()).orElseThrow(() -> new IllegalArgumentException(
                    "service '" + service.get() + "' is not defined in pg_service.conf (PGSERVICEFILE, PGSYSCONFDIR or ~/.pg_service.conf)"));
            defined.forEach(resolved::putIfAbsent);
        }
        ENVIRONMENT.forEach((keyword, variable) -> {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                resolved.putIfAbsent(keyword, value);
            }
        });
        return resolved;
    }

    /**
     * {@return the parameters of a libpq connection URI: {@code postgres[ql]://[user[:password]@][host][:port][/dbname][?k=v&...]}}
     *
     * @throws IllegalArgumentException when {@code uri} is not one, names several hosts, or carries an unknown parameter
     */
    static Map<String, String> parseUrl(String uri) {
        String rest;
        if (uri.startsWith("postgresql://")) {
            rest = uri.substring("postgresql://".length());
        } else if (uri.startsWith("postgres://")) {
            rest = uri.substring("postgres://".length());
        } else {
            throw new IllegalArgumentException("must start with postgres:// or postgresql://, e.g. postgres://user@host:5432/database?sslmode=verify-full");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        // The credentials first, up to the last '@' before the path: a password may hold '?' or '@' unencoded, and
        // nothing of it may end up read as a parameter's name or a host, which error messages would print.
        int path = rest.indexOf('/');
        int at = rest.substring(0, path < 0 ? rest.length() : path).lastIndexOf('@');
        int firstQuery = rest.indexOf('?');
        boolean pathBeforeQuery = path >= 0 && (firstQuery < 0 || firstQuery > path);
        if (at < 0 && pathBeforeQuery && rest.indexOf('@', path) >= 0) {
            throw new IllegalArgumentException("has a '/' or an '@' where libpq does not expect one: percent-encode it in a user name or "
                    + "password (%2F, %40)");
        }
        String credentials = at < 0 ? "" : rest.substring(0, at);
        rest = rest.substring(at + 1);
        int query = rest.indexOf('?');
        if (query >= 0) {
            for (String pair : rest.substring(query + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                String[] kv = pair.split("=", 2);
                String key = decode(kv[0]);
                if (!ENVIRONMENT.containsKey(key)) {
                    throw new IllegalArgumentException("unknown parameter '" + key + "'; known: " + String.join(", ", ENVIRONMENT.keySet()));
                }
                parameters.put(key, kv.length == 2 ? decode(kv[1]) : "");
            }
            rest = rest.substring(0, query);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        if (slash >= 0 && slash + 1 < rest.length()) {
            parameters.putIfAbsent("dbname", decode(rest.substring(slash + 1)));
        }
        if (at >= 0) {
            int colon = credentials.indexOf(':');
            putIfNotEmpty(parameters, "user", decode(colon < 0 ? credentials : credentials.substring(0, colon)));
            if (colon >= 0) {
                parameters.put("password", decode(credentials.substring(colon + 1)));
            }
        }
        if (authority.contains(",")) {
            throw new IllegalArgumentException("names several hosts; nl2sql connects to one host per database");
        }
        String host = authority;
        String port = "";
        if (authority.startsWith("[")) { // [::1]:5432
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("has an unclosed '[' in its host");
            }
            host = authority.substring(1, close);
            port = authority.substring(close + 1).replaceFirst("^:", "");
        } else if (authority.contains(":")) {
            host = authority.substring(0, authority.indexOf(':'));
            port = authority.substring(authority.indexOf(':') + 1);
        }
        putIfNotEmpty(parameters, "host", decode(host));
        putIfNotEmpty(parameters, "port", port);
        return parameters;
    }

    /**
     * {@return {@code uri} with its password, if any, replaced by {@code ****}: safe to print} Everything up to the last
     * '@' counts as the password, whatever it holds: printing is no place to guess where an unencoded one ends.
     */
    static String redact(String uri) {
        return uri.replaceFirst("^(postgres(?:ql)?://[^:@/?]*):.*@", "$1:****@").replaceAll("([?&]password=)[^&]*", "$1****");
    }

    private static void putIfNotEmpty(Map<String, String> parameters, String key, String value) {
        if (!value.isEmpty()) {
            parameters.putIfAbsent(key, value);
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static Optional<Map<String, String>> serviceFromFiles(String name) {
        Properties found = PgServiceConfParser.getServiceProperties(name);
        if (found == null) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        // pgjdbc hands back its own names for three of them
        Map<String, String> keywords = Map.of("PGHOST", "host", "PGPORT", "port", "PGDBNAME", "dbname");
        found.stringPropertyNames().forEach(key -> parameters.put(keywords.getOrDefault(key, key), found.getProperty(key)));
        return Optional.of(parameters);
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
