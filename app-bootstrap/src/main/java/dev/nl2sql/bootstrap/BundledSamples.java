package dev.nl2sql.bootstrap;

import dev.nl2sql.library.config.ConfigLoader;
import dev.nl2sql.library.config.DatabaseConfig;
import dev.nl2sql.library.config.Secret;
import dev.nl2sql.cli.Launcher;
import dev.nl2sql.fixtures.Fixture;
import dev.nl2sql.fixtures.FixtureLoader;
import dev.nl2sql.fixtures.LoadResult;
import dev.nl2sql.fixtures.Progress;
import dev.nl2sql.fixtures.PublicDataset;
import dev.nl2sql.fixtures.SampleDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sample databases of the {@code fixtures} module, for {@code nl2sql demo} (on an embedded PostgreSQL whose cluster
 * is kept in the user's cache folder, so only the first run pays for initdb and loading) and {@code nl2sql fixtures load}.
 */
final class BundledSamples implements Launcher.Samples {

    /** The databases of the demo, in the order the tour visits them. */
    static final List<SampleDatabase> DEMO = List.of(SampleDatabase.ECOMMERCE_SMALL, SampleDatabase.SOCIAL_MEDIUM, SampleDatabase.ERP_LARGE);

    private static final Pattern CONFIGURED_PORT = Pattern.compile("(?m)^\\s+port: (\\d+)$");
    private static final int TOUR_PER_DATABASE = 3;

    private final Launcher launcher;
    private final Path cacheDirectory;

    BundledSamples(Launcher launcher, Path cacheDirectory) {
        this.launcher = launcher;
        this.cacheDirectory = cacheDirectory;
    }

    /** {@return $XDG_CACHE_HOME/nl2sql, or ~/.cache/nl2sql} */
    static Path cacheDirectory(Map<String, String> environment, Path home) {
        String xdg = environment.get("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".cache")).resolve("nl2sql");
    }

    @Override
    public Launcher.Demo startDemo(Consumer<String> progress) throws Exception {
        Path dataDirectory = cacheDirectory.resolve("demo-pg");
        Path configFile = cacheDirectory.resolve("demo.yaml");
        boolean fresh = !Files.exists(dataDirectory.resolve("postgresql.conf"));
        progress.accept(fresh ? "starting PostgreSQL 15 (first run: creating its cluster in " + dataDirectory + ")"
                : "starting PostgreSQL 15 (cluster in " + dataDirectory + ")");
        Files.createDirectories(cacheDirectory);
        int port = port(configFile);
        Path log = cacheDirectory.resolve("demo-pg.log");
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            try (Connection admin = postgres.getPostgresDatabase().getConnection()) {
                for (SampleDatabase sample : DEMO) {
                    FixtureLoader.ensureDatabase(admin, sample.fixtureName());
                }
            }
            FixtureLoader loader = new FixtureLoader();
            for (SampleDatabase sample : DEMO) {
                progress.accept("loading " + sample.fixtureName());
                try (Connection connection = postgres.getDatabase("postgres", sample.fixtureName()).getConnection()) {
                    loader.load(sample.fixture(), connection, steps(progress));
                }
            }
            Files.writeString(cacheDirectory.resolve("demo-templates.yaml"), TEMPLATES);
            Files.writeString(configFile, config(postgres.getPort()));
            progress.accept("wiring nl2sql on the demo databases");
            return switch (launcher.launch(Optional.of(configFile))) {
                case Launcher.Launch.Misconfigured bad ->
                        throw new IllegalStateException("the demo's own configuration is invalid: " + bad.problems());
                case Launcher.Launch.Ready ready -> new Launcher.Demo(new Launcher.Launch.Ready(ready.configSource(), ready.useCases(),
                        ready.servers(), ready.listener(), () -> {
                            try (AutoCloseable stop = postgres) {
                                ready.resources().close();
                            }
                        }), configFile, postgres.getPort());
            };
        } catch (Exception | Error e) {
            postgres.close();
            throw e;
        }
    }

    /** {@return the port the demo used last time (so its configuration file stays valid) when free, else a free one} */
    private static int port(Path configFile) throws IOException {
        if (Files.exists(configFile)) {
            Matcher matcher = CONFIGURED_PORT.matcher(Files.readString(configFile));
            if (matcher.find() && isFree(Integer.parseInt(matcher.group(1)))) {
                return Integer.parseInt(matcher.group(1));
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static String config(int port) {
        StringBuilder yaml = new StringBuilder("""
                # Written by `nl2sql demo`: the sample databases on the demo's embedded PostgreSQL, which runs while
                # `nl2sql demo --serve` (or `nl2sql demo --stdio`) does. Rewritten on every demo run.
                databases:
                """);
        for (SampleDatabase sample : DEMO) {
            yaml.append("  - name: ").append(sample.fixtureName()).append('\n')
                    .append("    host: localhost\n")
                    .append("    port: ").append(port).append('\n')
                    .append("    database: ").append(sample.fixtureName()).append('\n')
                    .append("    user: postgres\n")
                    .append("    pool_size: 2\n");
        }
        yaml.append("templates: [demo-templates.yaml]\n");
        return yaml.toString();
    }

    private static final String TEMPLATES = """
            templates:
              - name: top_products
                database: ecommerce_small
                description: the five most expensive products from a price on, with their category
                keywords: [expensive, products]
                sql: SELECT p.name, c.name AS category, p.price FROM products p JOIN categories c ON c.category_id = p.category_id WHERE p.price >= :min_price ORDER BY p.price DESC LIMIT 5
                parameters:
                  - {name: min_price, type: decimal, default: "100", description: the lowest price shown}
            """;

    private static Progress steps(Consumer<String> progress) {
        return (fixture, step, done, total) -> progress.accept("loading " + fixture + " [" + done + "/" + total + "] " + step);
    }

    @Override
    public List<Launcher.TourQuestion> tour() {
        List<Launcher.TourQuestion> questions = new ArrayList<>();
        for (SampleDatabase sample : DEMO) {
            sample.questions().stream().filter(q -> q.simple()).limit(TOUR_PER_DATABASE)
                    .forEach(q -> questions.add(new Launcher.TourQuestion(sample.fixtureName(), q.question())));
        }
        return questions;
    }

    /** The names {@code fixtures load --db} accepts, with what each loads; {@code all} is every one but {@code wide}. */
    private static Map<String, Supplier<Fixture>> fixtures() {
        Map<String, Supplier<Fixture>> fixtures = new LinkedHashMap<>();
        fixtures.put("small", SampleDatabase.ECOMMERCE_SMALL::fixture);
        fixtures.put("medium", SampleDatabase.SOCIAL_MEDIUM::fixture);
        fixtures.put("large", SampleDatabase.ERP_LARGE::fixture);
        fixtures.put("wide", () -> Fixture.Wide.DEFAULT);
        fixtures.put("chinook", PublicDataset.CHINOOK::fixture);
        fixtures.put("northwind", PublicDataset.NORTHWIND::fixture);
        return fixtures;
    }

    @Override
    public List<String> names() {
        List<String> names = new ArrayList<>(fixtures().keySet());
        names.add("all");
        return names;
    }

    @Override
    public List<String> load(List<String> names, Launcher.LoadTarget target, Consumer<String> progress) throws Exception {
        Map<String, Supplier<Fixture>> known = fixtures();
        List<Fixture> chosen = new ArrayList<>();
        for (String name : names.contains("all") ? known.keySet().stream().filter(n -> !n.equals("wide")).toList() : names) {
            chosen.add(known.get(name).get());
        }
        Server server = server(target);
        List<String> done = new ArrayList<>();
        try (Connection admin = server.connect(server.adminDatabase())) {
            FixtureLoader loader = new FixtureLoader();
            for (Fixture fixture : chosen) {
                String database = fixture.name();
                progress.accept("loading " + database);
                FixtureLoader.ensureDatabase(admin, database);
                try (Connection connection = server.connect(database)) {
                    LoadResult result = loader.load(fixture, connection, steps(progress));
                    done.add(switch (result) {
                        case LoadResult.Loaded loaded -> String.format("%s  loaded: %d tables, %,d rows in %.1f s  (%s)", database,
                                loaded.tables(), loaded.rows(), loaded.took().toMillis() / 1000.0, server.describe(database));
                        case LoadResult.AlreadyLoaded already -> database + "  already loaded  (" + server.describe(database) + ")";
                    });
                }
            }
        }
        return done;
    }

    private Server server(Launcher.LoadTarget target) {
        return switch (target) {
            case Launcher.LoadTarget.Dsn dsn when dsn.url().startsWith("jdbc:") -> Server.of(dsn.url());
            case Launcher.LoadTarget.Dsn dsn -> configuredServer(Optional.empty(), Optional.of(dsn.url()));
            case Launcher.LoadTarget.Configured configured -> configuredServer(configured.configFile(), Optional.empty());
        };
    }

    private Server configuredServer(Optional<Path> configFile, Optional<String> dsn) {
        return switch (ConfigLoader.fromSystem().load(configFile, dsn)) {
            case ConfigLoader.Outcome.Invalid invalid -> throw new IllegalArgumentException(invalid.problems().getFirst().toString());
            case ConfigLoader.Outcome.Loaded loaded -> {
                DatabaseConfig first = loaded.config().databases().stream().findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("the configuration has no database"));
                Properties properties = new Properties();
                properties.setProperty("user", first.user());
                first.password().map(Secret::value).ifPresent(p -> properties.setProperty("password", p));
                properties.setProperty("sslmode", first.tls().mode().libpqName());
                first.tls().rootCert().ifPresent(p -> properties.setProperty("sslrootcert", p.toString()));
                yield new Server("jdbc:postgresql://" + first.host() + ":" + first.port() + "/", first.database(), properties);
            }
        };
    }

    /** A PostgreSQL server: the URL up to the database name, the database to create others from, and how to log in. */
    private record Server(String base, String adminDatabase, Properties properties) {

        private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]*/)([^?]*)(?:\\?(.*))?");

        static Server of(String jdbcUrl) {
            Matcher matcher = URL.matcher(jdbcUrl);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("--dsn must look like jdbc:postgresql://HOST:PORT/DATABASE?user=NAME, was '"
                        + jdbcUrl.replaceAll("password=[^&]*", "password=****") + "'");
            }
            Properties properties = new Properties();
            if (matcher.group(3) != null) {
                for (String pair : matcher.group(3).split("&")) {
                    int equals = pair.indexOf('=');
                    if (equals > 0) {
                        properties.setProperty(pair.substring(0, equals), pair.substring(equals + 1));
                    }
                }
            }
            return new Server(matcher.group(1), matcher.group(2).isEmpty() ? "postgres" : matcher.group(2), properties);
        }

        Connection connect(String database) throws SQLException {
            return DriverManager.getConnection(base + database, properties);
        }

        String describe(String database) {
            return base + database;
        }
    }
}
