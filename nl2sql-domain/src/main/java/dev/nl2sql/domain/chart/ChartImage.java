package dev.nl2sql.domain.chart;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** A chart drawn as an image, or why there is no image (no chart, or a machine that cannot draw one). */
public sealed interface ChartImage {

    /** The image's bytes in {@code format}. */
    record Drawn(ImageFormat format, byte[] bytes) implements ChartImage {
        public Drawn {
            requireNonNull(format, "format");
            requireNonNull(bytes, "bytes");
        }
    }

    /** No image, and why, in words a user can act on. */
    record Missing(String reason) implements ChartImage {
        public Missing {
            requireNonNull(reason, "reason");
        }
    }

    /** {@return the image's bytes, empty when there is none} */
    default Optional<byte[]> drawn() {
        return this instanceof Drawn drawn ? Optional.of(drawn.bytes()) : Optional.empty();
    }
}
