package dev.nl2sql.domain.sensitive;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.schema.EnumType;
import dev.nl2sql.domain.schema.ForeignKey;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One database's sensitive data policy: relations and columns that nl2sql never shows (hidden), and columns whose
 * values are replaced in every result (masked). Hidden names are removed from the schema everything else sees, so the
 * validator treats them as unknown; masked columns stay visible by name and type.
 *
 * @param hiddenTables table patterns, {@code schema.table} or {@code table} (any schema), {@code *} a wildcard per part
 * @param hiddenColumns column patterns, {@code table.column} or {@code schema.table.column}
 * @param masked column patterns with how their values are replaced
 * @param hashSalt the secret key of {@link Mode#HASH}; empty when no column is hashed
 * @param followViews whether the columns of views (and materialized views) that come from a hidden or masked column
 *     are hidden or masked too, as {@link FollowedViews} derives them from the database's own view definitions
 */
public record SensitiveData(List<String> hiddenTables, List<String> hiddenColumns, List<MaskedColumn> masked, Optional<String> hashSalt,
        boolean followViews) {

    /** No policy: everything visible, nothing masked. */
    public static final SensitiveData NONE = new SensitiveData(List.of(), List.of(), List.of(), Optional.empty(), false);

    /** What replaces a masked value. */
    public static final String MASK = "***";

    /** How a masked column's values are replaced. */
    public enum Mode {
        /** by {@value SensitiveData#MASK}; NULL stays NULL */
        MASK,
        /** by a keyed hash (HMAC-SHA-256, first 16 hex digits): equal values stay equal, so results still line up */
        HASH
    }

    /** A masked column pattern and its mode. */
    public record MaskedColumn(String column, Mode mode) {
        public MaskedColumn {
            requireNonNull(column, "column");
            requireNonNull(mode, "mode");
            columnPattern(column);
        }
    }

    public SensitiveData {
        hiddenTables = List.copyOf(hiddenTables);
        hiddenColumns = List.copyOf(hiddenColumns);
        masked = List.copyOf(masked);
        requireNonNull(hashSalt, "hashSalt");
        hiddenTables.forEach(SensitiveData::tablePattern);
        hiddenColumns.forEach(SensitiveData::columnPattern);
        if (hashSalt.isEmpty() && masked.stream().anyMatch(m -> m.mode() == Mode.HASH)) {
            throw new IllegalArgumentException("hash masking needs a salt");
        }
    }

    /** A policy that leaves views to their own patterns. */
    public SensitiveData(List<String> hiddenTables, List<String> hiddenColumns, List<MaskedColumn> masked, Optional<String> hashSalt) {
        this(hiddenTables, hiddenColumns, masked, hashSalt, false);
    }

    /** {@return this policy, following views} */
    public SensitiveData followingViews() {
        return new SensitiveData(hiddenTables, hiddenColumns, masked, hashSalt, true);
    }

    /** {@return this policy with {@code columns} hidden and {@code maskedColumns} masked besides what it already does} */
    SensitiveData with(List<String> columns, List<MaskedColumn> maskedColumns) {
        List<String> hidden = new ArrayList<>(hiddenColumns);
        hidden.addAll(columns);
        List<MaskedColumn> allMasked = new ArrayList<>(masked);
        allMasked.addAll(maskedColumns);
        return new SensitiveData(hiddenTables, hidden, allMasked, hashSalt, followViews);
    }

    /** {@return whether this policy hides or masks anything} */
    public boolean isActive() {
        return !hiddenTables.isEmpty() || !hiddenColumns.isEmpty() || !masked.isEmpty();
    }

    /** {@return whether the relation {@code schema.table} is hidden} */
    public boolean hidesTable(String schema, String table) {
        return hiddenTables.stream().anyMatch(p -> matches(tablePattern(p), schema, table));
    }

    /** {@return whether {@code schema.table.column} is hidden, itself or through its table} */
    public boolean hidesColumn(String schema, String table, String column) {
        return hidesTable(schema, table) || hiddenColumns.stream().anyMatch(p -> matches(columnPattern(p), schema, table, column));
    }

    /** {@return how {@code schema.table.column} is masked; the first matching pattern wins} */
    public Optional<Mode> masking(String schema, String table, String column) {
        return masked.stream().filter(m -> matches(columnPattern(m.column()), schema, table, column)).map(MaskedColumn::mode).findFirst();
    }

    /**
     * {@return {@code snapshot} without hidden relations and columns} A relation whose every column is hidden is left
     * out too. Foreign keys, primary keys and indexes that name a hidden column or point at a hidden relation are
     * dropped too, so no hidden name survives anywhere in it; so is an enum only hidden columns use, whose labels are
     * the values those columns can hold (a cast to it would test them).
     */
    public SchemaSnapshot view(SchemaSnapshot snapshot) {
        if (hiddenTables.isEmpty() && hiddenColumns.isEmpty()) {
            return snapshot;
        }
        List<Relation> kept = new ArrayList<>();
        for (Relation relation : snapshot.relations()) {
            String schema = relation.name().schema();
            String table = relation.name().name();
            if (hidesTable(schema, table)) {
                continue;
            }
            List<String> hidden = relation.columns().stream().map(c -> c.name()).filter(c -> hidesColumn(schema, table, c)).toList();
            if (!hidden.isEmpty() && hidden.size() == relation.columns().size()) {
                continue; // nothing of it left to show but how many rows it has, which is no one's business either
            }
            List<Integer> hiddenPositions = new ArrayList<>();
            List<Optional<String>> slots = relation.columnSlots();
            for (int position = 0; position < slots.size(); position++) {
                if (slots.get(position).map(hidden::contains).orElse(true)) {
                    hiddenPositions.add(position);
                }
            }
            List<ForeignKey> keys = relation.foreignKeys().stream()
                    .filter(k -> !hidesTable(k.referenced().schema(), k.referenced().name()))
                    .filter(k -> k.columns().stream().noneMatch(hidden::contains))
                    .filter(k -> k.referencedColumns().stream().noneMatch(c -> hidesColumn(k.referenced().schema(), k.referenced().name(), c)))
                    .toList();
            kept.add(new Relation(relation.name(), relation.kind(),
                    relation.columns().stream().filter(c -> !hidden.contains(c.name())).toList(),
                    relation.primaryKey().stream().anyMatch(hidden::contains) ? List.of() : relation.primaryKey(),
                    keys,
                    relation.indexes().stream().filter(i -> i.columns().stream().noneMatch(hidden::contains)
                            && hidden.stream().noneMatch(h -> i.definition().contains(h))).toList(),
                    relation.comment(), relation.rowEstimate(), hiddenPositions));
        }
        Set<QualifiedName> usedVisibly = enumsUsedBy(kept);
        Set<QualifiedName> used = enumsUsedBy(snapshot.relations());
        List<EnumType> enums = snapshot.enums().stream().filter(e -> usedVisibly.contains(e.name()) || !used.contains(e.name())).toList();
        return SchemaSnapshot.of(snapshot.database(), kept, enums, snapshot.readAt());
    }

    private static Set<QualifiedName> enumsUsedBy(List<Relation> relations) {
        return relations.stream().flatMap(r -> r.columns().stream()).flatMap(c -> c.enumType().stream()).collect(Collectors.toSet());
    }

    /**
     * {@return whether {@code sql} may name a masked column} Read by name alone, as an over-approximation: the audit log
     * then redacts every literal of the statement, since a literal compared with a masked column is that column's value.
     */
    public boolean mayNameMaskedColumn(String sql) {
        String text = sql.toLowerCase(Locale.ROOT);
        for (MaskedColumn column : masked) {
            String[] parts = column.column().split("\\.");
            Pattern name = glob(parts[parts.length - 1]);
            Pattern word = Pattern.compile("(?<![a-z0-9_$])" + name.pattern() + "(?![a-z0-9_$])");
            if (word.matcher(text).find()) {
                return true;
            }
        }
        return false;
    }

    /** {@return {@code value} as a result shows it under {@code mode}} */
    public Object mask(Object value, Mode mode) {
        return masker().mask(value, mode);
    }

    /** {@return a masker for one result: it keys its hash once, not once per value; not for use by several threads} */
    public Masker masker() {
        return new Masker(hashSalt);
    }

    /** Masks the values of one result. */
    public static final class Masker {
        private final Optional<String> salt;
        private Mac mac;

        private Masker(Optional<String> salt) {
            this.salt = salt;
        }

        /** {@return {@code value} as a result shows it under {@code mode}; NULL stays NULL} */
        public Object mask(Object value, Mode mode) {
            if (value == null) {
                return null;
            }
            return switch (mode) {
                case MASK -> MASK;
                case HASH -> hash(value.toString());
            };
        }

        /** HMAC-SHA-256 keyed with the salt, once per masker (a result), its first 16 hex digits. */
        private String hash(String value) {
            try {
                if (mac == null) {
                    mac = Mac.getInstance("HmacSHA256");
                    mac.init(new SecretKeySpec(salt.orElseThrow().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                }
                return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)), 0, 8);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
            }
        }
    }

    // ---------------------------------------------------------------- patterns

    private static Pattern[] tablePattern(String pattern) {
        String[] parts = pattern.split("\\.", -1);
        return switch (parts.length) {
            case 1 -> new Pattern[] {glob("*"), glob(parts[0])};
            case 2 -> new Pattern[] {glob(parts[0]), glob(parts[1])};
            default -> throw new IllegalArgumentException("a table pattern is schema.table or table, was '" + pattern + "'");
        };
    }

    private static Pattern[] columnPattern(String pattern) {
        String[] parts = pattern.split("\\.", -1);
        return switch (parts.length) {
            case 2 -> new Pattern[] {glob("*"), glob(parts[0]), glob(parts[1])};
            case 3 -> new Pattern[] {glob(parts[0]), glob(parts[1]), glob(parts[2])};
            default -> throw new IllegalArgumentException("a column pattern is table.column or schema.table.column, was '" + pattern + "'");
        };
    }

    private static Pattern glob(String part) {
        if (part.isEmpty()) {
            throw new IllegalArgumentException("a pattern part must not be empty");
        }
        List<String> literals = new ArrayList<>();
        for (String literal : part.toLowerCase(Locale.ROOT).split("\\*", -1)) {
            literals.add(Pattern.quote(literal));
        }
        String regex = String.join(".*", literals);
        return Pattern.compile(regex);
    }

    private static boolean matches(Pattern[] pattern, String... names) {
        for (int i = 0; i < names.length; i++) {
            if (!pattern[i].matcher(names[i].toLowerCase(Locale.ROOT)).matches()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "SensitiveData[hidden tables " + hiddenTables + ", hidden columns " + hiddenColumns + ", masked " + masked
                + (followViews ? ", following views" : "") + "]";
    }
}
