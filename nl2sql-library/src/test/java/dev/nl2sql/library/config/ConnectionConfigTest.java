package dev.nl2sql.library.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.TlsSettings.SslMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connection strings, TLS fields and libpq's environment, services and precedence (issue 19). */
class ConnectionConfigTest {

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    private ConfigLoader.Outcome load(Optional<Path> file, Optional<String> dsn) {
        return new ConfigLoader(env, dir, dir, name -> name.equals("reporting")
                ? Optional.of(Map.of("host", "reports.internal", "port", "6543", "dbname", "reports", "user", "analyst"))
                : Optional.empty()).load(file, dsn);
    }

    private DatabaseConfig only(ConfigLoader.Outcome outcome) {
        assertThat(outcome).isInstanceOf(ConfigLoader.Outcome.Loaded.class);
        List<DatabaseConfig> databases = ((ConfigLoader.Outcome.Loaded) outcome).config().databases();
        assertThat(databases).hasSize(1);
        return databases.getFirst();
    }

    private List<String> problems(String yaml) throws IOException {
        return new ConfigFile(dir, env).problems(yaml);
    }

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("nl2sql.yaml"), yaml);
    }

    @Test
    void aDsnIsTheOneDatabaseWithNoFileAtAll() {
        DatabaseConfig db = only(load(Optional.empty(), Optional.of("postgres://postgres@127.0.0.1:5432/postgres")));

        assertThat(db.name().value()).isEqualTo("postgres");
        assertThat(db.identity().address()).isEqualTo("127.0.0.1:5432/postgres");
        assertThat(db.user()).isEqualTo("postgres");
        assertThat(db.tls().mode()).isEqualTo(SslMode.PREFER);
    }

    @Test
    void aDsnReplacesTheFilesDatabasesAndKeepsTheRest() throws IOException {
        Path file = file("""
                databases: [{name: shop, host: db1}, {name: hr, host: db2}]
                server: {port: 9999}
                """);
        ConfigLoader.Outcome outcome = load(Optional.of(file), Optional.of("postgresql://me:pw@db3:6000/Sales-2026?sslmode=require"));

        DatabaseConfig db = only(outcome);
        assertThat(db.name().value()).isEqualTo("sales-2026");
        assertThat(db.identity().address()).isEqualTo("db3:6000/Sales-2026");
        assertThat(db.password()).map(Secret::value).contains("pw"); // on the command line, not in a file: allowed
        assertThat(db.tls().mode()).isEqualTo(SslMode.REQUIRE);
        assertThat(((ConfigLoader.Outcome.Loaded) outcome).config().server().port()).isEqualTo(9999);
    }

    @Test
    void databaseUrlIsUsedOnlyWhenThereIsNoFile() throws IOException {
        env.put("DATABASE_URL", "postgres://app@heroku-host/app_db");
        assertThat(only(load(Optional.empty(), Optional.empty())).identity().address()).isEqualTo("heroku-host:5432/app_db");

        assertThat(only(load(Optional.of(file("databases: [{name: shop}]")), Optional.empty())).name().value()).isEqualTo("shop");
    }

    @Test
    void libpqVariablesFillWhatIsNotSaid() {
        env.putAll(Map.of("PGHOST", "pg.internal", "PGPORT", "6432", "PGUSER", "reader", "PGPASSWORD", "from-env", "PGDATABASE", "shop",
                "PGSSLMODE", "verify-full"));
        DatabaseConfig db = only(load(Optional.empty(), Optional.empty()));

        assertThat(db.identity().address()).isEqualTo("pg.internal:6432/shop");
        assertThat(db.user()).isEqualTo("reader");
        assertThat(db.password()).map(Secret::value).contains("from-env");
        assertThat(db.tls().mode()).isEqualTo(SslMode.VERIFY_FULL);
    }

    @Test
    void theUrlBeatsTheVariables() {
        env.putAll(Map.of("PGHOST", "pg.internal", "PGUSER", "reader"));
        DatabaseConfig db = only(load(Optional.empty(), Optional.of("postgres://owner@db.example.com/shop")));

        assertThat(db.host()).isEqualTo("db.example.com");
        assertThat(db.user()).isEqualTo("owner");
    }

    @Test
    void aFilesEntryTakesItsNameAsTheDatabaseNotPgDatabase() throws IOException {
        env.putAll(Map.of("PGDATABASE", "other", "PGHOST", "pg.internal"));
        DatabaseConfig db = only(load(Optional.of(file("databases: [{name: shop}]")), Optional.empty()));

        assertThat(db.identity().address()).isEqualTo("pg.internal:5432/shop");
    }

    @Test
    void aServiceFillsTheEntryAndItsOwnFieldsWin() throws IOException {
        DatabaseConfig db = only(load(Optional.of(file("databases: [{name: reports, service: reporting, user: boss}]")), Optional.empty()));

        assertThat(db.identity().address()).isEqualTo("reports.internal:6543/reports");
        assertThat(db.user()).isEqualTo("boss");
    }

    @Test
    void pgServiceFileIsReadThroughPgjdbc() throws IOException {
        Path services = Files.writeString(dir.resolve("pg_service.conf"), "[ledger]\nhost=ledger.internal\nport=7000\ndbname=books\nuser=clerk\n");
        String before = System.getProperty("org.postgresql.pgservicefile");
        System.setProperty("org.postgresql.pgservicefile", services.toString());
        try {
            DatabaseConfig db = only(new ConfigLoader(env, dir, dir).load(Optional.empty(), Optional.of("postgres://?service=ledger")));
            assertThat(db.identity().address()).isEqualTo("ledger.internal:7000/books");
            assertThat(db.user()).isEqualTo("clerk");
        } finally {
            if (before == null) {
                System.clearProperty("org.postgresql.pgservicefile");
            } else {
                System.setProperty("org.postgresql.pgservicefile", before);
            }
        }
    }

    @Test
    void urlAndTlsFieldsInTheFile() throws IOException {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "not checked here");
        DatabaseConfig db = only(load(Optional.of(file("""
                databases:
                  - name: shop
                    url: postgres://reader@db.example.com:6432/shop
                    sslmode: verify-full
                    sslrootcert: %s
                """.formatted(ca))), Optional.empty()));

        assertThat(db.identity().address()).isEqualTo("db.example.com:6432/shop");
        assertThat(db.tls().mode()).isEqualTo(SslMode.VERIFY_FULL);
        assertThat(db.tls().rootCert()).contains(ca);
    }

    @Test
    void aPasswordInTheFilesUrlIsRefused() throws IOException {
        assertThat(problems("databases: [{name: shop, url: 'postgres://reader:hunter2@db/shop'}]"))
                .singleElement().asString().contains("databases[0].url: passwords never go in the file").doesNotContain("hunter2");
    }

    @Test
    void connectionProblemsAreNamedPrecisely() throws IOException {
        assertThat(problems("""
                databases:
                  - {name: a, url: 'mysql://x/y'}
                  - {name: b, url: 'postgres://h/db', host: other}
                  - {name: c, sslmode: verify-all}
                  - {name: d, sslrootcert: /no/such/ca.pem}
                  - {name: e, service: nope}
                """)).anySatisfy(p -> assertThat(p).contains("databases[0].url: is not a PostgreSQL URL"))
                .anySatisfy(p -> assertThat(p).contains("databases[1].host: is also given by url"))
                .anySatisfy(p -> assertThat(p).contains("databases[2].sslmode: must be disable, allow, prefer, require, verify-ca or verify-full"))
                .anySatisfy(p -> assertThat(p).contains("databases[3].sslrootcert: file /no/such/ca.pem does not exist"))
                .anySatisfy(p -> assertThat(p).contains("databases[4].service: service 'nope' is not defined"));
    }

    @Test
    void aBadDsnIsAProblemOfTheCommandLine() {
        ConfigLoader.Outcome outcome = load(Optional.empty(), Optional.of("postgres://h/db?sslmode=sometimes"));

        assertThat(outcome).isInstanceOfSatisfying(ConfigLoader.Outcome.Invalid.class, invalid -> assertThat(invalid.problems())
                .singleElement().asString().startsWith("command line (--dsn): databases[0].sslmode: must be"));
    }

    @Test
    void aBadDsnsProblemQuotesNoPartOfAnUnencodedPassword() {
        ConfigLoader.Outcome outcome = load(Optional.empty(), Optional.of("postgres://bob:kes@trel?x9@h/db?bogus=1"));

        assertThat(outcome).isInstanceOfSatisfying(ConfigLoader.Outcome.Invalid.class, invalid -> assertThat(invalid.problems())
                .singleElement().asString().contains("unknown parameter 'bogus'").doesNotContain("kes", "trel", "x9"));
    }
}
