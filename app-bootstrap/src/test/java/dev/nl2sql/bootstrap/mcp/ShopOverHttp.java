package dev.nl2sql.bootstrap.mcp;

import dev.nl2sql.cli.Launcher;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.mcp.HttpServer;
import dev.nl2sql.mcp.McpServerFactory;
import dev.nl2sql.mcp.Operations;
import dev.nl2sql.mcp.ServerSettings;
import dev.nl2sql.usecase.UseCases;
import io.modelcontextprotocol.server.McpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@link ShopServer}'s assembly in this JVM behind the MCP HTTP server on a free loopback port, for one test class:
 * a fresh test database, the app launched from its config, the server started; all stopped in reverse order after
 * the class. Register it as a static field, with what the class needs beyond the defaults:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ShopOverHttp shop = new ShopOverHttp().settings(s -> s.withStateless(true));
 * }</pre>
 */
final class ShopOverHttp implements BeforeAllCallback, AfterAllCallback {

    private final TestDatabase db = new TestDatabase();
    private final UnaryOperator<ServerSettings> settings;
    private final Operations operations;
    private final UnaryOperator<McpServer.SyncSpecification<?>> extras;
    private final Supplier<String> yaml;

    private Path dir;
    private Path config;
    private Launcher.Launch.Ready ready;
    private HttpServer http;

    ShopOverHttp() {
        this(UnaryOperator.identity(), Operations.NONE, UnaryOperator.identity(), () -> "");
    }

    private ShopOverHttp(UnaryOperator<ServerSettings> settings, Operations operations,
            UnaryOperator<McpServer.SyncSpecification<?>> extras, Supplier<String> yaml) {
        this.settings = settings;
        this.operations = operations;
        this.extras = extras;
        this.yaml = yaml;
    }

    /** {@return this fixture with the server's settings changed from {@code ServerSettings.loopback("test", 0)}} */
    ShopOverHttp settings(UnaryOperator<ServerSettings> change) {
        return new ShopOverHttp(change, operations, extras, yaml);
    }

    /** {@return this fixture also serving /metrics, /healthz and /readyz from {@code serving}} */
    ShopOverHttp operations(Operations serving) {
        return new ShopOverHttp(settings, serving, extras, yaml);
    }

    /** {@return this fixture with MCP features beyond nl2sql's own, e.g. the conformance suite's} */
    ShopOverHttp extras(UnaryOperator<McpServer.SyncSpecification<?>> added) {
        return new ShopOverHttp(settings, operations, added, yaml);
    }

    /** {@return this fixture with YAML appended to the config; evaluated just before the app is launched} */
    ShopOverHttp yaml(Supplier<String> appended) {
        return new ShopOverHttp(settings, operations, extras, appended);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        db.beforeAll(context);
        dir = Files.createTempDirectory("shop-over-http");
        config = ShopServer.configure(db, dir);
        Files.writeString(config, Files.readString(config) + yaml.get());
        ready = ShopServer.launch(db, config);
        http = HttpServer.start(new McpServerFactory(ready.useCases(), settings.apply(ServerSettings.loopback("test", 0)), extras),
                operations);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (http != null) {
                http.close();
            }
            if (ready != null) {
                ready.resources().close();
            }
        } finally {
            db.afterAll(context);
            if (dir != null) {
                delete(dir);
            }
        }
    }

    private static void delete(Path tree) throws IOException {
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    int port() {
        return http.port();
    }

    /** {@return the URL of the MCP endpoint} */
    String url() {
        return "http://127.0.0.1:" + port() + HttpServer.ENDPOINT;
    }

    int openSessions() {
        return http.openSessions();
    }

    UseCases useCases() {
        return ready.useCases();
    }

    TestDatabase db() {
        return db;
    }

    Path config() {
        return config;
    }
}
