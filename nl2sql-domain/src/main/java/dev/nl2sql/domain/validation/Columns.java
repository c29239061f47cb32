package dev.nl2sql.domain.validation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The columns of a relation-like thing, by position; opaque when they cannot be known statically. {@code masked}
 * holds the lower-case names of the columns that carry a masked column's values untouched; {@code hidden} the
 * positions where a column the sensitive data policy hides stands (its name is unknown here, an empty string,
 * until an alias list renames the position).
 */
record Columns(List<String> names, boolean opaque, Set<String> masked, Set<Integer> hidden) {
    Columns {
        names = List.copyOf(names);
        masked = Set.copyOf(masked);
        hidden = Set.copyOf(hidden);
    }

    static Columns of(List<String> names) {
        return new Columns(names, false, Set.of(), Set.of());
    }

    static Columns of(List<String> names, Set<String> masked) {
        return new Columns(names, false, masked, Set.of());
    }

    static final Columns OPAQUE = new Columns(List.of(), true, Set.of(), Set.of());

    /** {@return whether a visible column called {@code name} is here} */
    boolean has(String name) {
        if (opaque) {
            return true;
        }
        for (int i = 0; i < names.size(); i++) {
            if (!hidden.contains(i) && names.get(i).equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** {@return whether {@code name} is what an alias list called a hidden column} */
    boolean hides(String name) {
        return hidden.stream().anyMatch(i -> names.get(i).equalsIgnoreCase(name));
    }

    boolean isMasked(String name) {
        return masked.contains(name.toLowerCase(Locale.ROOT));
    }

    /** {@return the names of the visible columns, for suggestions} */
    List<String> visibleNames() {
        List<String> visible = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (!hidden.contains(i)) {
                visible.add(names.get(i));
            }
        }
        return visible;
    }

    /** {@return these columns under {@code renamed} names, position by position; masking and hiding follow the position} */
    Columns renamed(List<String> renamed) {
        List<String> all = new ArrayList<>(renamed);
        Set<String> maskedNow = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            if (i >= all.size()) {
                all.add(names.get(i));
            }
            if (!hidden.contains(i) && isMasked(names.get(i))) {
                maskedNow.add(all.get(i).toLowerCase(Locale.ROOT));
            }
        }
        return opaque ? Columns.of(renamed) : new Columns(all, false, maskedNow, hidden);
    }
}
