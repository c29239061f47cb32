package dev.nl2sql.bootstrap.telemetry;

import dev.nl2sql.port.CallerTrace;
import dev.nl2sql.port.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each call's stages as OpenTelemetry spans: the call (question, run_sql, template) is the parent of its linking,
 * model, validation, execution and audit spans, and carries the call id (the audit entry's id), the database and the
 * surface, so a trace, a log line and an audit entry name the same call. Spans are batched and sent over OTLP/HTTP
 * (protobuf) by the JDK's HTTP client; a collector that does not answer costs dropped spans, never a failed call.
 *
 * <p>A call whose caller sent a W3C trace context ({@link CallerTrace}) continues that trace: its span is a child of the
 * caller's span, and the caller's sampling decision holds (the SDK's default, parent-based sampler). A missing or
 * malformed trace context starts a new trace, as OpenTelemetry's own propagator reads it.
 */
public final class OpenTelemetryTracing implements Tracing, AutoCloseable {

    private static final String SCOPE = "dev.nl2sql";
    private static final Logger LOG = LoggerFactory.getLogger(OpenTelemetryTracing.class);

    /** Reads a caller's trace context fields for the propagator. */
    private static final TextMapGetter<Map<String, String>> FIELDS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> fields) {
            return fields.keySet();
        }

        @Override
        public String get(Map<String, String> fields, String key) {
            return fields.get(key);
        }
    };

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

    /** {@return the caller's span named by {@code fields}; invalid when they name none or are malformed} */
    static SpanContext callerSpan(Map<String, String> fields) {
        return Span.fromContext(W3CTraceContextPropagator.getInstance().extract(Context.root(), fields, FIELDS)).getSpanContext();
    }

    @Override
    public Stage start(String name) {
        Context parent = Context.current();
        // most calls carry no traceparent: nothing to read for them
        Optional<CallerTrace> caller = CallerTrace.current().filter(trace -> trace.fields().containsKey(CallerTrace.TRACEPARENT));
        if (caller.isPresent() && !Span.fromContext(parent).getSpanContext().isValid()) { // the call's own span: the caller's trace goes on
            SpanContext callers = callerSpan(caller.get().fields());
            if (callers.isValid()) {
                parent = parent.with(Span.wrap(callers));
            } else {
                LOG.debug("{} starts a new trace: its caller's traceparent is malformed", name); // the value is the caller's: not logged
            }
        }
        Span span = tracer.spanBuilder(name).setParent(parent).startSpan();
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
