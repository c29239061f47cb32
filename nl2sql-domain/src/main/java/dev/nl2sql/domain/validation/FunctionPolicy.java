package dev.nl2sql.domain.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which functions a read-only statement may call. The denylist ({@code denied-functions.tsv}, each entry with why)
 * wins over everything, including functions a policy allows; the allowlist ({@code allowed-functions.txt}) holds
 * PostgreSQL's immutable and stable built-ins, plus a few volatile ones that neither write nor wait ({@code random},
 * {@code now}, {@code gen_random_uuid}).
 */
final class FunctionPolicy {

    /** The verdict on one function name. */
    enum Decision { ALLOWED, DENIED, UNKNOWN }

    /** Exact names and prefixes (written with a trailing *) of denied functions, with the reason each is denied. */
    private static final Map<String, String> DENIED = denied();
    private static final Set<String> ALLOWED = allowed();

    private FunctionPolicy() {}

    /**
     * {@return the decision on {@code name} (lower-case, unquoted), called in {@code schema} when qualified}
     *
     * @param extraAllowed names the policy allows besides the built-in list; the denylist still wins over them
     */
    static Decision decide(Optional<String> schema, String name, Set<String> extraAllowed) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (isDenied(lower)) {
            return Decision.DENIED;
        }
        boolean builtInSchema = schema.isEmpty() || schema.get().equalsIgnoreCase("pg_catalog");
        if (builtInSchema && ALLOWED.contains(lower)) {
            return Decision.ALLOWED;
        }
        String qualified = schema.map(s -> s.toLowerCase(Locale.ROOT) + "." + lower).orElse(lower);
        return extraAllowed.contains(qualified) || (schema.isEmpty() && extraAllowed.contains(lower))
                ? Decision.ALLOWED
                : Decision.UNKNOWN;
    }

    /** {@return the built-in allowed names, for suggestions} */
    static Set<String> allowedNames() {
        return ALLOWED;
    }

    /** {@return whether a function of this (lower-case, unqualified) name is denied wherever it appears} */
    static boolean isDenied(String lowerName) {
        return deniedBecause(lowerName).isPresent();
    }

    /** {@return why a function of this (lower-case, unqualified) name is never allowed, if it is denied} */
    static Optional<String> deniedBecause(String lowerName) {
        String exact = DENIED.get(lowerName);
        if (exact != null) {
            return Optional.of(exact);
        }
        for (Map.Entry<String, String> entry : DENIED.entrySet()) {
            if (entry.getKey().endsWith("*") && lowerName.startsWith(entry.getKey().substring(0, entry.getKey().length() - 1))) {
                return Optional.of(entry.getValue());
            }
        }
        return Optional.empty();
    }

    /** {@return the refusal of a call of the denied function {@code name}} */
    static Refusal refusal(String name) {
        String reason = deniedBecause(name.toLowerCase(Locale.ROOT)).orElse("is on the denylist");
        return new Refusal(RejectionCode.FUNCTION_DENIED, "function " + name + " is never allowed: it " + reason);
    }

    private static Map<String, String> denied() {
        Map<String, String> denied = new LinkedHashMap<>();
        for (String line : lines("denied-functions.tsv")) {
            String[] parts = line.split("\t", 2);
            if (parts.length != 2) {
                throw new IllegalStateException("denied-functions.tsv: a line is name<TAB>reason, was '" + line + "'");
            }
            denied.put(parts[0].strip(), parts[1].strip());
        }
        return java.util.Collections.unmodifiableMap(denied); // in file order: the first matching prefix gives the reason
    }

    private static Set<String> allowed() {
        return lines("allowed-functions.txt").stream().map(String::strip).collect(Collectors.toUnmodifiableSet());
    }

    private static List<String> lines(String resource) {
        try (InputStream in = FunctionPolicy.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(resource + " is part of nl2sql-domain", e);
        }
    }
}
