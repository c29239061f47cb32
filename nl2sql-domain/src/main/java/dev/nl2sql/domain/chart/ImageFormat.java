package dev.nl2sql.domain.chart;

import java.util.Locale;
import java.util.Optional;

/** The image formats a chart is rendered to. */
public enum ImageFormat {
    PNG("image/png"), SVG("image/svg+xml");

    private final String mediaType;

    ImageFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** {@return the format a file name's extension names (".png", ".svg", any case), if it names one} */
    public static Optional<ImageFormat> ofFileName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (ImageFormat format : values()) {
            if (lower.endsWith("." + format.name().toLowerCase(Locale.ROOT))) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
