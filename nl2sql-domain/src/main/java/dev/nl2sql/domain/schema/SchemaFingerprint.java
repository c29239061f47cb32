package dev.nl2sql.domain.schema;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A short digest of a schema's structure: equal fingerprints mean the same relations, columns, types, keys, indexes,
 * enum labels and comments. Row estimates are left out, since they move with every ANALYZE and change no query.
 */
public record SchemaFingerprint(String value) {

    private static final Pattern SHAPE = Pattern.compile("[0-9a-f]{16}");

    public SchemaFingerprint {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("fingerprint must be 16 lowercase hex digits, was '" + value + "'");
        }
    }

    /** {@return the fingerprint of the given structure} */
    public static SchemaFingerprint of(List<Relation> relations, List<EnumType> enums) {
        MessageDigest digest = sha256();
        for (Relation relation : relations) {
            feed(digest, "R", relation.name().toString(), relation.kind().name(), relation.comment().orElse(""));
            for (Column column : relation.columns()) {
                feed(digest, "C", column.name(), column.type(), Boolean.toString(column.nullable()),
                        column.defaultExpression().orElse(""), column.comment().orElse(""));
            }
            feed(digest, "P", String.join(",", relation.primaryKey()));
            if (!relation.hiddenPositions().isEmpty()) {
                feed(digest, "H", relation.hiddenPositions().toString());
            }
            for (ForeignKey key : relation.foreignKeys()) {
                feed(digest, "F", key.name(), String.join(",", key.columns()), key.referenced().toString(),
                        String.join(",", key.referencedColumns()));
            }
            for (Index index : relation.indexes()) {
                feed(digest, "I", index.definition());
            }
        }
        for (EnumType type : enums) {
            feed(digest, "E", type.name().toString(), String.join(",", type.labels()));
        }
        return new SchemaFingerprint(HexFormat.of().formatHex(digest.digest(), 0, 8));
    }

    private static void feed(MessageDigest digest, String... parts) {
        for (String part : parts) {
            digest.update(part.getBytes(UTF_8));
            digest.update((byte) 0); // separator: ("ab","c") and ("a","bc") must differ
        }
        digest.update((byte) '\n');
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
