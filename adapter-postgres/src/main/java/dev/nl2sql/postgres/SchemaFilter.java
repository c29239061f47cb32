package dev.nl2sql.postgres;

import java.util.List;
import java.util.stream.Stream;

/**
 * Which schemas the catalog reader looks at: those matching an {@code include} pattern (every user schema when
 * {@code include} is empty), minus those matching an {@code exclude} pattern. A pattern is a schema name, compared
 * case-sensitively as PostgreSQL stores it, in which {@code *} stands for any run of characters and {@code ?} for one.
 * System schemas ({@code pg_catalog}, {@code information_schema}, {@code pg_toast*}, {@code pg_temp_*}) are never read.
 */
public record SchemaFilter(List<String> include, List<String> exclude) {

    private static final SchemaFilter ALL = new SchemaFilter(List.of(), List.of());

    public SchemaFilter {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        for (String pattern : include) {
            requireShape(pattern);
        }
        for (String pattern : exclude) {
            requireShape(pattern);
        }
    }

    /** {@return a filter that reads every user schema} */
    public static SchemaFilter all() {
        return ALL;
    }

    /** {@return a filter that reads only the schemas matching {@code patterns}} */
    public static SchemaFilter including(String... patterns) {
        return new SchemaFilter(List.of(patterns), List.of());
    }

    /** {@return this filter, also leaving out the schemas matching {@code patterns}} */
    public SchemaFilter excluding(String... patterns) {
        return new SchemaFilter(include, Stream.concat(exclude.stream(), Stream.of(patterns)).toList());
    }

    /** {@return the include patterns as SQL {@code LIKE} patterns (escape character backslash)} */
    List<String> includeLikePatterns() {
        return include.stream().map(SchemaFilter::toLike).toList();
    }

    /** {@return the exclude patterns as SQL {@code LIKE} patterns (escape character backslash)} */
    List<String> excludeLikePatterns() {
        return exclude.stream().map(SchemaFilter::toLike).toList();
    }

    private static String toLike(String glob) {
        StringBuilder like = new StringBuilder(glob.length() + 4);
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> like.append('%');
                case '?' -> like.append('_');
                case '%', '_', '\\' -> like.append('\\').append(c);
                default -> like.append(c);
            }
        }
        return like.toString();
    }

    private static void requireShape(String pattern) {
        if (pattern.isBlank()) {
            throw new IllegalArgumentException("a schema pattern must not be blank, was '" + pattern + "'");
        }
    }
}
