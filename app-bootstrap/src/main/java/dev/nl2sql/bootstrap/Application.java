package dev.nl2sql.bootstrap;

import dev.nl2sql.bootstrap.metrics.MetricsAuditLog;
import dev.nl2sql.bootstrap.metrics.Observability;
import dev.nl2sql.bootstrap.telemetry.OpenTelemetryTracing;
import dev.nl2sql.cli.Launcher;
import dev.nl2sql.library.InvalidConfigurationException;
import dev.nl2sql.library.Nl2Sql;
import dev.nl2sql.library.Wiring;
import dev.nl2sql.library.config.ConfigLoader;
import dev.nl2sql.library.config.DatabaseConfig;
import dev.nl2sql.library.config.StarterConfig;
import dev.nl2sql.library.config.ConfigProblem;
import dev.nl2sql.library.config.Nl2SqlConfig;
import dev.nl2sql.library.config.OperationsConfig;
import dev.nl2sql.library.config.Secret;
import dev.nl2sql.library.config.ServerConfig;
import dev.nl2sql.mcp.EarlyStdio;
import dev.nl2sql.mcp.ServerSettings;
import dev.nl2sql.mcp.ToolSelection;
import dev.nl2sql.port.Tracing;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** The runnable nl2sql: the library's wiring from the configuration, plus the MCP servers, metrics and the CLI's launcher. */
public final class Application implements Launcher {

    private final ConfigLoader loader;
    /** The stdio session {@code main} began, if it did. */
    private Optional<StdioStart> begun = Optional.empty();

    public Application(ConfigLoader loader) {
        this.loader = loader;
    }

    @Override
    public Optional<Samples> samples() {
        return Optional.of(new BundledSamples(this, BundledSamples.cacheDirectory(System.getenv(), Path.of(System.getProperty("user.home")))));
    }

    @Override
    public Launch launch(Optional<Path> configFile) {
        return launch(configFile, Optional.empty());
    }

    @Override
    public Launch launch(Optional<Path> configFile, Optional<String> dsn) {
        return switch (loader.load(configFile, dsn)) {
            case ConfigLoader.Outcome.Invalid invalid ->
                    new Launch.Misconfigured(invalid.problems().stream().map(Object::toString).toList());
            case ConfigLoader.Outcome.Loaded loaded -> ready(loaded.config());
        };
    }

    /**
     * Begins the session with the snapshot kept for this build, command line, configuration and environment
     * ({@link StdioFingerprint}): answered from it now if it fits, written after this start otherwise.
     */
    @Override
    public StdioStart startStdio(Optional<Path> configFile, List<String> arguments) {
        if (begun.isPresent()) {
            return begun.get(); // begun by main from these same arguments, before the command line was built
        }
        StdioFingerprint fingerprint = StdioFingerprint.of(loader, configFile, arguments, version());
        return new SnapshotStart(EarlyStdio.begin(fingerprint.file(), fingerprint.key()));
    }

    /**
     * Begins the stdio session now, for {@code main} when its arguments can only mean {@code serve --stdio}
     * ({@link StdioArguments}): building the command line (picocli) takes longer than answering from the snapshot.
     */
    void beginStdio(Optional<Path> configFile, List<String> arguments) {
        StdioFingerprint fingerprint = StdioFingerprint.of(loader, configFile, arguments, version());
        begun = Optional.of(new SnapshotStart(EarlyStdio.begin(fingerprint.file(), fingerprint.key())));
    }

    /** A stdio session begun by adapter-mcp, which only {@link McpServers} can take over. */
    record SnapshotStart(EarlyStdio early) implements StdioStart {
        @Override
        public Optional<Abandoned> abandon() {
            return Optional.of(new Abandoned(early.abandon(), early.protocol()));
        }
    }

    @Override
    public Draft draft(Optional<String> dsn) {
        return switch (loader.withoutFile(dsn)) {
            case ConfigLoader.Outcome.Invalid invalid -> new Draft.Invalid(invalid.problems().stream().map(Object::toString).toList());
            case ConfigLoader.Outcome.Loaded loaded -> {
                DatabaseConfig database = loaded.config().databases().getFirst();
                yield new Draft.Ready(StarterConfig.render(database, LocalDate.now()), database.name().value(), loader.userFile());
            }
        };
    }

    private static Launch ready(Nl2SqlConfig config) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        OperationsConfig operations = config.operations();
        if (operations.jsonLogs()) {
            StderrLogging.json();
        }
        Optional<OpenTelemetryTracing> tracing = operations.otlpEndpoint()
                .map(endpoint -> OpenTelemetryTracing.exportingTo(endpoint, operations.serviceName()));
        Wiring wiring;
        try {
            wiring = Nl2Sql.builder().config(config).auditLog(new MetricsAuditLog(registry))
                    .tracing(tracing.<Tracing>map(t -> t).orElse(Tracing.NONE)).wire();
        } catch (InvalidConfigurationException e) {
            tracing.ifPresent(OpenTelemetryTracing::close);
            return new Launch.Misconfigured(e.problems());
        }
        AutoCloseable resources = () -> {
            wiring.close();
            tracing.ifPresent(OpenTelemetryTracing::close); // after the wiring: the last calls' spans go out too
        };
        Observability observability = new Observability(registry, wiring.postgres(), wiring.databases(), wiring::auditProblem);
        ServerConfig server = config.server();
        ToolSelection tools;
        try {
            tools = ToolSelection.of(server.tools(), server.templateTools());
        } catch (IllegalArgumentException e) {
            close(resources);
            return new Launch.Misconfigured(List.of(new ConfigProblem(config.source(), "server.tools", e.getMessage()).toString()));
        }
        ServerSettings settings = new ServerSettings(version(), server.bind(), server.port(),
                server.authTokens().stream().map(Secret::value).toList(), ServerSettings.DEFAULT_MAX_REQUEST_SIZE, tools,
                new ServerSettings.Sessions(server.maxSessions(), server.sessionIdleTimeout()),
                new ServerSettings.AllowedClients(server.allowedHosts(), server.allowedOrigins()), server.schemaCheckInterval(), server.ui(),
                server.stateless());
        return new Launch.Ready(config.source(), wiring.useCases(), new McpServers(wiring.useCases(), settings, observability.operations()),
                new Listener(server.transport() == ServerConfig.Transport.HTTP, server.bind(), server.port(), server.stateless()),
                resources);
    }

    private static void close(AutoCloseable resources) {
        try {
            resources.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String version() {
        String version = Application.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
