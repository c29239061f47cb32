package dev.nl2sql.domain.chart;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

/** What a caller asks for: a chart nl2sql chooses, or one kind (including none). */
public sealed interface ChartRequest {

    /** The names a request is written with, in the order help texts list them. */
    String NAMES = "auto|none|bar|line|pie|scatter";

    /** nl2sql picks the kind from the result's columns and rows. */
    record Auto() implements ChartRequest {}

    /** This kind, if the result's columns allow it; {@link ChartKind#NONE} asks for no chart. */
    record Kind(ChartKind kind) implements ChartRequest {
        public Kind {
            requireNonNull(kind, "kind");
        }
    }

    ChartRequest AUTO = new Auto();
    ChartRequest NONE = new Kind(ChartKind.NONE);

    /** {@return the request {@code name} writes ("auto", "bar", ...), if it is one} */
    static Optional<ChartRequest> named(String name) {
        if (name.strip().toLowerCase(Locale.ROOT).equals("auto")) {
            return Optional.of(AUTO);
        }
        return ChartKind.named(name).map(Kind::new);
    }

    /** {@return whether this request asks for no chart at all} */
    default boolean isNone() {
        return this instanceof Kind(ChartKind kind) && kind == ChartKind.NONE;
    }
}
