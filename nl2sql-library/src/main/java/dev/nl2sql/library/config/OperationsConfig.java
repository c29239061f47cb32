package dev.nl2sql.library.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;

/**
 * How a running nl2sql reports on itself: its log lines ({@code logging.format}) and its traces
 * ({@code telemetry.otlp_endpoint}).
 *
 * @param jsonLogs whether log lines are JSON objects, one a line, instead of text
 * @param otlpEndpoint where spans are sent over OTLP/HTTP (e.g. {@code http://collector:4318}); none sends no spans
 * @param serviceName the {@code service.name} the spans carry
 */
public record OperationsConfig(boolean jsonLogs, Optional<URI> otlpEndpoint, String serviceName) {

    static final String DEFAULT_SERVICE_NAME = "nl2sql";

    /** Text logs, no traces. */
    public static final OperationsConfig DEFAULT = new OperationsConfig(false, Optional.empty(), DEFAULT_SERVICE_NAME);

    public OperationsConfig {
        requireNonNull(otlpEndpoint, "otlpEndpoint");
        requireNonNull(serviceName, "serviceName");
    }
}
