package dev.nl2sql.domain.sensitive;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.linking.ColumnRef;
import dev.nl2sql.domain.sensitive.SensitiveData.MaskedColumn;
import dev.nl2sql.domain.sensitive.SensitiveData.Mode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a sensitive data policy means for views. PostgreSQL reports a view's columns as coming from the view, so a
 * pattern on a table does not reach a view over it: with {@code customers.email} masked, a view that selects that
 * e-mail shows it in clear unless a pattern names the view too. From the views' own definitions
 * ({@link ViewColumnSource}) this finds every view column that carries a protected column: one copied unchanged is
 * treated as its source is (hidden, masked or hashed alike); one computed by a view that reads a protected column is
 * treated as strictly as the strictest thing the view reads (hidden over masked; a computed value is masked, never
 * hashed, since its hash would not line up with anything). A view that reads a hidden table anywhere (a join, a
 * filter, {@code count(*)}) is hidden whole. Views over views follow through.
 */
public final class FollowedViews {

    /** How a view column must be treated, strictest first. */
    public enum Treatment { HIDE, MASK, HASH }

    /**
     * A view column that carries a protected column.
     *
     * @param source the protected column it comes from (for a computed column: the strictest one its view reads)
     * @param copied whether the view column copies {@code source} unchanged, rather than computing from what it reads
     */
    public record Exposure(ColumnRef column, Treatment treatment, ColumnRef source, boolean copied) {
        public Exposure {
            requireNonNull(column, "column");
            requireNonNull(treatment, "treatment");
            requireNonNull(source, "source");
        }

        /** {@return the line of the database's {@code sensitive} section that covers this column by hand} */
        public String configLine() {
            String pattern = pattern(column);
            return switch (treatment) {
                case HIDE -> "hidden_columns: [" + pattern + "]";
                case MASK -> "- {column: " + pattern + ", mode: mask}";
                case HASH -> "- {column: " + pattern + ", mode: hash}";
            };
        }
    }

    private FollowedViews() {}

    /** {@return the view columns that carry a protected column and that no pattern of {@code policy} covers} */
    public static List<Exposure> uncovered(SensitiveData policy, List<ViewColumnSource> sources) {
        Map<ColumnRef, Exposure> derived = new LinkedHashMap<>();
        boolean changed = true;
        // each round can only carry a treatment one view further: as many rounds as views over views are deep
        for (int round = 0; changed && round <= sources.size(); round++) {
            changed = false;
            for (ViewColumnSource source : sources) {
                if (configured(policy, source.column()).isPresent()) {
                    continue;
                }
                Optional<Exposure> exposure = exposure(policy, derived, source);
                if (exposure.isPresent() && !exposure.get().equals(derived.get(source.column()))) {
                    derived.put(source.column(), exposure.get());
                    changed = true;
                }
            }
        }
        return List.copyOf(derived.values());
    }

    /** {@return {@code policy} with the view columns it does not cover hidden or masked, when it follows views} */
    public static SensitiveData apply(SensitiveData policy, List<ViewColumnSource> sources) {
        if (!policy.followViews()) {
            return policy;
        }
        List<String> hidden = new ArrayList<>();
        List<MaskedColumn> masked = new ArrayList<>();
        for (Exposure exposure : uncovered(policy, sources)) {
            switch (exposure.treatment()) {
                case HIDE -> hidden.add(pattern(exposure.column()));
                case MASK -> masked.add(new MaskedColumn(pattern(exposure.column()), Mode.MASK));
                case HASH -> masked.add(new MaskedColumn(pattern(exposure.column()), Mode.HASH));
            }
        }
        return hidden.isEmpty() && masked.isEmpty() ? policy : policy.with(hidden, masked);
    }

    private static Optional<Exposure> exposure(SensitiveData policy, Map<ColumnRef, Exposure> derived, ViewColumnSource source) {
        // a hidden table's rows are hidden too: a view that joins, filters or counts them shows them through any column
        Optional<ColumnRef> hiddenTable = source.viewReads().stream()
                .filter(read -> policy.hidesTable(read.relation().schema(), read.relation().name())).findFirst();
        if (hiddenTable.isPresent()) {
            return Optional.of(new Exposure(source.column(), Treatment.HIDE, hiddenTable.get(), false));
        }
        if (source.copiedFrom().isPresent()) {
            ColumnRef from = source.copiedFrom().get();
            return treatment(policy, derived, from).map(t -> new Exposure(source.column(), t, from, true));
        }
        Exposure strictest = null;
        for (ColumnRef read : source.viewReads()) {
            Optional<Treatment> treatment = treatment(policy, derived, read).map(t -> t == Treatment.HASH ? Treatment.MASK : t);
            if (treatment.isPresent() && (strictest == null || treatment.get().ordinal() < strictest.treatment().ordinal())) {
                strictest = new Exposure(source.column(), treatment.get(), read, false);
            }
        }
        return Optional.ofNullable(strictest);
    }

    private static Optional<Treatment> treatment(SensitiveData policy, Map<ColumnRef, Exposure> derived, ColumnRef column) {
        return configured(policy, column).or(() -> Optional.ofNullable(derived.get(column)).map(Exposure::treatment));
    }

    private static Optional<Treatment> configured(SensitiveData policy, ColumnRef column) {
        String schema = column.relation().schema();
        String table = column.relation().name();
        if (policy.hidesColumn(schema, table, column.column())) {
            return Optional.of(Treatment.HIDE);
        }
        return policy.masking(schema, table, column.column()).map(mode -> mode == Mode.HASH ? Treatment.HASH : Treatment.MASK);
    }

    /** An exact pattern for one column; a '.' or '*' in a name becomes a wildcard, which can only cover more. */
    private static String pattern(ColumnRef column) {
        return exact(column.relation().schema()) + "." + exact(column.relation().name()) + "." + exact(column.column());
    }

    private static String exact(String name) {
        return name.replace('.', '*');
    }
}
