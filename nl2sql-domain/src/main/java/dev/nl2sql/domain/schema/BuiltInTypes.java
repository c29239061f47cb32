package dev.nl2sql.domain.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * PostgreSQL's built-in data types that queries work with ({@code built-in-types.txt}), in every spelling a statement
 * or a server message uses: {@code int4}, {@code integer}, {@code character varying(40)}, {@code text[]},
 * {@code pg_catalog.numeric(10,2)}. Row types, reg* types and internal types are not among them.
 */
public final class BuiltInTypes {

    private static final Set<String> NAMES = load();
    private static final Set<String> WORDS = NAMES.stream().flatMap(name -> java.util.Arrays.stream(name.replace("\"", "").split(" ")))
            .collect(Collectors.toUnmodifiableSet());
    private static final Pattern MODIFIER = Pattern.compile("\\s*\\(\\s*\\d+\\s*(,\\s*\\d+\\s*)?\\)");
    private static final Pattern ARRAY = Pattern.compile("(\\s*\\[\\s*\\d*\\s*\\])+$");

    private BuiltInTypes() {}

    /** {@return whether {@code type}, as written in SQL or printed by the server, names a built-in type or an array of one} */
    public static boolean isBuiltIn(String type) {
        String name = ARRAY.matcher(MODIFIER.matcher(type.strip()).replaceAll("")).replaceAll("");
        name = name.replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        if (name.startsWith("pg_catalog.")) {
            name = name.substring("pg_catalog.".length());
        }
        if (name.length() > 2 && name.startsWith("\"") && name.endsWith("\"") && !name.equals("\"char\"")) {
            name = name.substring(1, name.length() - 1);
        }
        return NAMES.contains(name);
    }

    /** {@return whether {@code word} (lower-case) is a word of a built-in type's name: "integer", "double", "varying"} */
    public static boolean isTypeWord(String word) {
        return WORDS.contains(word);
    }

    private static Set<String> load() {
        try (InputStream in = BuiltInTypes.class.getResourceAsStream("built-in-types.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException("built-in-types.txt is part of nl2sql-domain", e);
        }
    }
}
