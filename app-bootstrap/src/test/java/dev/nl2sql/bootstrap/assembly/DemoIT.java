package dev.nl2sql.bootstrap.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nl2sql demo} from nothing: no configuration, an empty cache folder, its own embedded PostgreSQL on a free port
 * (so it does not matter whether a server answers on 5432). The second run reuses the cluster and the loaded samples.
 */
class DemoIT {

    @TempDir
    Path cache;

    @Test
    void firstRunBuildsEverythingAndTheSecondReusesIt() throws Exception {
        Map<String, String> environment = Map.of("XDG_CACHE_HOME", cache.toString(), "HOME", cache.toString());

        Nl2SqlProcess.Run first = Nl2SqlProcess.run(environment, Duration.ofSeconds(120), "demo");

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.err()).contains("first run: creating its cluster", "loading erp_large [", "demo databases ready");
        assertThat(first.out())
                .contains("== ecommerce_small: How many customers live in Germany?", "   21", "(1 row)")
                .contains("== a query template: top_products", "Compact Tablet 400")
                .contains("SQL_REJECTED: NOT_READ_ONLY", "SQL_REJECTED: FUNCTION_DENIED")
                .contains("serve --stdio --config " + cache.resolve("nl2sql/demo.yaml"), "\"args\": [\"demo\", \"--stdio\"]")
                .doesNotContain("\u001b[");
        assertThat(cache.resolve("nl2sql/demo-pg/postgresql.conf")).exists();

        Nl2SqlProcess.Run second = Nl2SqlProcess.run(environment, Duration.ofSeconds(60), "demo");

        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.err()).doesNotContain("first run").contains("already loaded");
        assertThat(second.out()).isEqualTo(first.out());
        Files.writeString(Path.of("target", "demo-times.txt"), "demo first run " + first.took().toMillis() + " ms, second run "
                + second.took().toMillis() + " ms\n");
        System.out.println("nl2sql demo: first run " + first.took().toMillis() + " ms, second " + second.took().toMillis() + " ms");
    }
}
