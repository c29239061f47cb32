package dev.nl2sql.library.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server: section's tool selection and session limits, from the file and from the environment. */
class ServerConfigTest {

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    @Test
    void defaultsOfferEveryToolAndSizeTheSessionLimitToTheHeap() throws IOException {
        ServerConfig server = new ConfigFile(dir, env).loaded("databases: [{name: shop}]").server();

        assertThat(server.tools()).containsExactly("all");
        assertThat(server.templateTools()).isFalse();
        assertThat(server.maxSessions()).isEqualTo((int) Math.clamp(Runtime.getRuntime().maxMemory() / (256 * 1024), 100, 10_000));
        assertThat(server.sessionIdleTimeout()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void fileChoosesToolsAndSessionLimits() throws IOException {
        ServerConfig server = new ConfigFile(dir, env).loaded("""
                databases: [{name: shop}]
                server: {tools: [core, explain_sql], template_tools: true, max_sessions: 50, session_idle_timeout: 5m}
                """).server();

        assertThat(server.tools()).containsExactly("core", "explain_sql");
        assertThat(server.templateTools()).isTrue();
        assertThat(server.maxSessions()).isEqualTo(50);
        assertThat(server.sessionIdleTimeout()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void environmentOverridesToolsAndSessionLimits() throws IOException {
        env.put("NL2SQL_SERVER_TOOLS", "core");
        env.put("NL2SQL_SERVER_TEMPLATE_TOOLS", "true");
        env.put("NL2SQL_SERVER_MAX_SESSIONS", "7");
        env.put("NL2SQL_SERVER_SESSION_IDLE_TIMEOUT", "90s");

        ServerConfig server = new ConfigFile(dir, env).loaded("databases: [{name: shop}]").server();

        assertThat(server.tools()).containsExactly("core");
        assertThat(server.templateTools()).isTrue();
        assertThat(server.maxSessions()).isEqualTo(7);
        assertThat(server.sessionIdleTimeout()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void nonPositiveLimitsAreProblems() throws IOException {
        assertThat(new ConfigFile(dir, env).problems("""
                databases: [{name: shop}]
                server: {max_sessions: 0, session_idle_timeout: 0s, template_tools: maybe}
                """)).anySatisfy(p -> assertThat(p).contains("server.max_sessions"))
                .anySatisfy(p -> assertThat(p).contains("server.session_idle_timeout"))
                .anySatisfy(p -> assertThat(p).contains("server.template_tools"));
    }
}
