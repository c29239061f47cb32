package dev.nl2sql.bootstrap.sensitive;

import dev.nl2sql.fixtures.SensitiveCustomers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a protected value or a hidden name in any text nl2sql produced: the marker words of the protected values,
 * also reversed, hex- or base64-encoded, and the MD5 and SHA-256 of every protected value; and each hidden name, unless
 * the statement itself wrote it (an error may repeat the caller's own words).
 */
final class LeakDetector {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{8,}");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]{8,}={0,2}");

    private final List<String> markers;
    private final List<String> hiddenNames;
    private final Set<String> digests = new HashSet<>();

    /** {@return a detector of {@link SensitiveCustomers}' protected values, read from the database it was loaded into} */
    static LeakDetector ofSensitiveCustomers(Connection connection) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT email, passport, last_name, born::text, credit_score::text, balance::text, "
                        + "profile::text FROM customers UNION ALL SELECT api_token, NULL, NULL, NULL, NULL, NULL, NULL FROM vault.api_keys")) {
            while (rows.next()) {
                for (int i = 1; i <= 7; i++) {
                    if (rows.getString(i) != null) {
                        values.add(rows.getString(i));
                    }
                }
            }
        }
        return new LeakDetector(SensitiveCustomers.VALUE_MARKERS, SensitiveCustomers.HIDDEN_NAMES, values);
    }

    LeakDetector(List<String> markers, List<String> hiddenNames, Collection<String> protectedValues) {
        this.markers = markers.stream().map(m -> m.toLowerCase(Locale.ROOT)).toList();
        this.hiddenNames = hiddenNames.stream().map(m -> m.toLowerCase(Locale.ROOT)).toList();
        for (String value : protectedValues) {
            digests.add(digest("MD5", value));
            digests.add(digest("SHA-256", value));
        }
    }

    /** {@return what leaked into {@code text}, produced for {@code sql}, if anything} */
    Optional<String> leakIn(String text, String sql) {
        String lower = text.toLowerCase(Locale.ROOT);
        String reversed = new StringBuilder(lower).reverse().toString();
        for (String marker : markers) {
            if (lower.contains(marker)) {
                return Optional.of("value marker '" + marker + "'");
            }
            if (reversed.contains(marker)) {
                return Optional.of("reversed value marker '" + marker + "'");
            }
        }
        String statement = sql.toLowerCase(Locale.ROOT);
        for (String name : hiddenNames) {
            if (lower.contains(name) && !statement.contains(name)) {
                return Optional.of("hidden name '" + name + "'");
            }
        }
        Matcher hex = HEX.matcher(lower);
        while (hex.find()) {
            if (digests.contains(hex.group())) {
                return Optional.of("digest of a protected value " + hex.group());
            }
            String token = hex.group();
            String decoded = new String(HexFormat.of().parseHex(token.substring(0, token.length() & ~1)), StandardCharsets.ISO_8859_1);
            Optional<String> inside = marker(decoded);
            if (inside.isPresent()) {
                return Optional.of("hex-encoded value marker '" + inside.get() + "'");
            }
        }
        Matcher base64 = BASE64.matcher(text);
        while (base64.find()) {
            for (int skip = 0; skip < 4; skip++) {
                String token = base64.group().substring(Math.min(skip, base64.group().length()));
                token = token.replace("=", "");
                token = token.substring(0, token.length() - token.length() % 4);
                try {
                    Optional<String> inside = marker(new String(Base64.getDecoder().decode(token), StandardCharsets.ISO_8859_1));
                    if (inside.isPresent()) {
                        return Optional.of("base64-encoded value marker '" + inside.get() + "'");
                    }
                } catch (IllegalArgumentException notBase64) {
                    // not a base64 token at this offset
                }
            }
        }
        return Optional.empty();
    }

    private Optional<String> marker(String decoded) {
        String lower = decoded.toLowerCase(Locale.ROOT);
        return markers.stream().filter(lower::contains).findFirst();
    }

    private static String digest(String algorithm, String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
