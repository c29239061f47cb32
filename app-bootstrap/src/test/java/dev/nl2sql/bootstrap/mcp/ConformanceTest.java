package dev.nl2sql.bootstrap.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official MCP conformance suite against the HTTP server, with the suite's own fixture tools, resources and
 * prompts ({@link ConformanceFixtures}) added to nl2sql's. Scenarios that still fail are listed, each with the reason,
 * in {@code conformance-baseline.yml}; the suite fails on a new failure and on a listed scenario that starts passing.
 */
class ConformanceTest {

    @RegisterExtension
    static final ShopOverHttp shop = new ShopOverHttp().extras(ConformanceFixtures::add);

    @BeforeAll
    static void start() {
        ShopServer.ensureNodeTools();
    }

    @Test
    void activeSuitePassesExceptTheBaseline() {
        List<String> command = List.of(ShopServer.node22(), "node_modules/@modelcontextprotocol/conformance/dist/index.js", "server",
                "--url", shop.url(),
                "--expected-failures", "conformance-baseline.yml");

        ShopServer.Ran ran = ShopServer.run(command, ShopServer.NODE_DIR, Map.of(), Duration.ofMinutes(2));

        assertThat(ran.exit()).as(ran.stdout() + ran.stderr()).isZero();
        Matcher total = Pattern.compile("(?m)^Total: (\\d+) passed, (\\d+) failed").matcher(ran.stdout());
        ShopServer.record("{\"conformance\":\"" + (total.find() ? total.group(1) + " passed, " + total.group(2) + " failed" : "?") + "\"}");
    }
}
