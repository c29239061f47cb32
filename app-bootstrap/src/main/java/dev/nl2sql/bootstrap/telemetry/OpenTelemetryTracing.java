package dev.nl2sql.bootstrap.telemetry;

import dev.nl2sql.port.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Each call's stages as OpenTelemetry spans: the call (question, run_sql, template) is the parent of its linking,
 * model, validation, execution and audit spans, and carries the call id (the audit entry's id), the database and the
 * surface, so a trace, a log line and an audit entry name the same call. Spans are batched and sent over OTLP/HTTP
 * (protobuf) by the JDK's HTTP client; a collector that does not answer costs dropped spans, never a failed call.
 */
public final class OpenTelemetryTracing implements Tracing, AutoCloseable {

    private static final String SCOPE = "dev.nl2sql";

    private final SdkTracerProvider provider;
    private final Tracer tracer;

    OpenTelemetryTracing(SpanProcessor processor, String serviceName) {
        this.provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), serviceName))))
                .addSpanProcessor(processor).build();
        this.tracer = provider.get(SCOPE);
    }

    /** {@return tracing that sends spans to the collector at {@code endpoint}, e.g. {@code http://collector:4318}} */
    public static OpenTelemetryTracing exportingTo(URI endpoint, String serviceName) {
        String base = endpoint.toString().replaceAll("/+$", "");
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(base.endsWith("/v1/traces") ? base : base + "/v1/traces")
                .setTimeout(Duration.ofSeconds(5)).build();
        return new OpenTelemetryTracing(BatchSpanProcessor.builder(exporter).setScheduleDelay(Duration.ofSeconds(1)).build(), serviceName);
    }

    @Override
    public Stage start(String name) {
        Span span = tracer.spanBuilder(name).startSpan();
        Scope current = span.makeCurrent();
        return new Stage() {
            @Override
            public void attribute(String key, String value) {
                span.setAttribute(key, value);
            }

            @Override
            public void failed(String code) {
                span.setAttribute("nl2sql.error_code", code);
                span.setStatus(StatusCode.ERROR, code);
            }

            @Override
            public void close() {
                current.close();
                span.end();
            }
        };
    }

    /** Sends what is still batched, then stops. */
    @Override
    public void close() {
        provider.shutdown().join(10, TimeUnit.SECONDS);
    }
}
