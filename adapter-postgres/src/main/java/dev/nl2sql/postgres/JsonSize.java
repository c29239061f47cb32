package dev.nl2sql.postgres;

import java.util.List;

/** Estimates how many bytes a mapped cell takes once serialised as JSON, to enforce the byte cap while reading. */
final class JsonSize {

    private JsonSize() {}

    /** {@return the approximate JSON length of {@code value}: exact for ASCII text without escapes} */
    static long of(Object value) {
        return switch (value) {
            case null -> 4;
            case String text -> text.length() + 2L;
            case List<?> list -> {
                long size = 2 + Math.max(0, list.size() - 1);
                for (Object element : list) {
                    size += of(element);
                }
                yield size;
            }
            default -> value.toString().length();
        };
    }
}
