package dev.nl2sql.domain.chart;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of chart nl2sql draws; {@link #NONE} when a result reads best as a table. */
public enum ChartKind {
    NONE, BAR, LINE, PIE, SCATTER;

    /** {@return the kind's name as users write it: "bar"} */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@return the kind named {@code name} ("bar", "LINE"), if there is one} */
    public static Optional<ChartKind> named(String name) {
        return Arrays.stream(values()).filter(kind -> kind.label().equalsIgnoreCase(name.strip())).findFirst();
    }
}
