package dev.nl2sql.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LibpqParametersTest {

    private static final Map<String, Map<String, String>> SERVICES = Map.of("shop",
            Map.of("host", "service-host", "port", "6000", "dbname", "service_db", "user", "service_user"));

    private static Map<String, String> resolve(Map<String, String> explicit, Map<String, String> environment) {
        return LibpqParameters.resolve(explicit, environment, name -> Optional.ofNullable(SERVICES.get(name)));
    }

    @Test
    void parsesEveryPartOfAUrl() {
        assertThat(LibpqParameters.parseUrl("postgresql://reader:p%40ss@db.example.com:6432/shop?sslmode=verify-full&sslrootcert=/etc/ca.pem"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("user", "reader", "password", "p@ss", "host", "db.example.com", "port", "6432",
                        "dbname", "shop", "sslmode", "verify-full", "sslrootcert", "/etc/ca.pem"));
    }

    @Test
    void leavesOutWhatTheUrlDoesNotSay() {
        assertThat(LibpqParameters.parseUrl("postgres://")).isEmpty();
        assertThat(LibpqParameters.parseUrl("postgres://[::1]:5433/db")).containsEntry("host", "::1").containsEntry("port", "5433");
        assertThat(LibpqParameters.parseUrl("postgres:///shop?host=/tmp")).containsEntry("dbname", "shop").containsEntry("host", "/tmp");
    }

    @Test
    void refusesWhatItCannotHonour() {
        assertThatThrownBy(() -> LibpqParameters.parseUrl("mysql://x/y")).hasMessageContaining("postgres://");
        assertThatThrownBy(() -> LibpqParameters.parseUrl("postgres://a,b/db")).hasMessageContaining("several hosts");
        assertThatThrownBy(() -> LibpqParameters.parseUrl("postgres://h/db?sslmod=require")).hasMessageContaining("unknown parameter 'sslmod'");
    }

    @Test
    void explicitBeatsServiceBeatsEnvironment() {
        Map<String, String> resolved = resolve(Map.of("service", "shop", "user", "me"),
                Map.of("PGHOST", "env-host", "PGPORT", "7000", "PGPASSWORD", "from-env", "PGSSLMODE", "require"));
        assertThat(resolved).containsEntry("user", "me").containsEntry("host", "service-host").containsEntry("port", "6000")
                .containsEntry("dbname", "service_db").containsEntry("password", "from-env").containsEntry("sslmode", "require");
    }

    @Test
    void pgServiceNamesTheServiceWhenNothingExplicitDoes() {
        assertThat(resolve(Map.of(), Map.of("PGSERVICE", "shop"))).containsEntry("host", "service-host");
    }

    @Test
    void anUndefinedServiceIsAnError() {
        assertThatThrownBy(() -> resolve(Map.of("service", "nope"), Map.of())).hasMessageContaining("service 'nope' is not defined");
    }

    @Test
    void redactsPasswordsForPrinting() {
        assertThat(LibpqParameters.redact("postgres://bob:hunter2@h/db?password=x2&sslmode=require"))
                .isEqualTo("postgres://bob:****@h/db?password=****&sslmode=require");
    }

    @Test
    void redactsAnUnencodedPasswordWholeWhateverItHolds() {
        assertThat(LibpqParameters.redact("postgres://bob:hu@n/t?er2@h/db?bogus=1")).isEqualTo("postgres://bob:****@h/db?bogus=1");
    }

    @Test
    void readsAPasswordHoldingAQuestionMarkOrAnAtSignAsThePassword() {
        assertThat(LibpqParameters.parseUrl("postgres://bob:pa?ss@w0rd@h:5433/db?sslmode=require"))
                .containsEntry("password", "pa?ss@w0rd").containsEntry("host", "h").containsEntry("port", "5433")
                .containsEntry("dbname", "db").containsEntry("sslmode", "require");
    }

    @Test
    void aSlashInAPasswordIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> LibpqParameters.parseUrl("postgres://bob:hun/ter2@h/db")).hasMessageContaining("percent-encode")
                .message().doesNotContain("hun", "ter2");
    }
}
