package dev.nl2sql.library.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What running as one of several replicas adds: server.stateless, conversations, logging and telemetry. */
class ReplicaConfigTest {

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    private Nl2SqlConfig config(String yaml) throws IOException {
        return new ConfigFile(dir, env).loaded(yaml);
    }

    @Test
    void oneProcessIsTheDefault() throws IOException {
        Nl2SqlConfig config = config("databases: [{name: shop}]");

        assertThat(config.server().stateless()).isFalse();
        assertThat(config.conversations()).isEqualTo(ConversationsConfig.IN_MEMORY);
        assertThat(config.operations()).isEqualTo(OperationsConfig.DEFAULT);
    }

    @Test
    void readsTheSharedStateAndOperationsFields() throws IOException {
        env.put("STATE_PW", "pw-c7");
        Nl2SqlConfig config = config("""
                databases: [{name: shop}]
                server: {transport: http, stateless: true}
                conversations:
                  ttl: 10m
                  postgres: {host: state.internal, port: 6432, database: ops, user: nl2sql_state, password_env: STATE_PW, table: ops.turns}
                logging: {format: json}
                telemetry: {otlp_endpoint: "http://collector:4318", service_name: nl2sql-eu}
                """);

        assertThat(config.server().stateless()).isTrue();
        assertThat(config.conversations().ttl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.conversations().postgres()).hasValueSatisfying(pg -> {
            assertThat(pg.host()).isEqualTo("state.internal");
            assertThat(pg.port()).isEqualTo(6432);
            assertThat(pg.database()).isEqualTo("ops");
            assertThat(pg.user()).isEqualTo("nl2sql_state");
            assertThat(pg.password()).map(Secret::value).contains("pw-c7");
            assertThat(pg.table()).isEqualTo("ops.turns");
        });
        assertThat(config.operations()).isEqualTo(new OperationsConfig(true, java.util.Optional.of(URI.create("http://collector:4318")),
                "nl2sql-eu"));
        assertThat(config.toString()).doesNotContain("pw-c7");
    }

    @Test
    void theEnvironmentSwitchesAReplicaOn() throws IOException {
        env.putAll(Map.of("NL2SQL_SERVER_STATELESS", "true", "NL2SQL_LOGGING_FORMAT", "json",
                "NL2SQL_TELEMETRY_OTLP_ENDPOINT", "http://collector:4318"));

        Nl2SqlConfig config = config("databases: [{name: shop}]");

        assertThat(config.server().stateless()).isTrue();
        assertThat(config.operations().jsonLogs()).isTrue();
        assertThat(config.operations().otlpEndpoint()).contains(URI.create("http://collector:4318"));
    }

    @Test
    void theConversationsTableHasItsOwnDefaultName() throws IOException {
        Nl2SqlConfig config = config("databases: [{name: shop}]\nconversations: {postgres: {database: ops}}");

        assertThat(config.conversations().postgres()).map(PostgresTableConfig::table).contains("nl2sql_conversation_turns");
    }

    @Test
    void theKubernetesConfigMapHoldsAValidConfiguration() throws IOException {
        Path configMap = Path.of("").toAbsolutePath().getParent().resolve("deploy/kubernetes/configmap.yaml");
        String yaml = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(configMap.toFile()).path("data").path("nl2sql.yaml").asText();
        env.putAll(Map.of("SHOP_DB_PASSWORD", "p", "STATE_DB_PASSWORD", "p", "NL2SQL_AUTH_TOKENS", "t"));

        Nl2SqlConfig config = config(yaml);

        assertThat(config.server().stateless()).isTrue();
        assertThat(config.conversations().postgres()).isPresent();
        assertThat(config.audit().postgres()).isPresent();
        assertThat(config.operations().jsonLogs()).isTrue();
    }

    @Test
    void badValuesAreProblems() throws IOException {
        List<String> problems = new ConfigFile(dir, env).problems("""
                databases: [{name: shop}]
                server: {stateless: perhaps}
                conversations: {postgres: {table: "x; drop"}}
                logging: {format: xml}
                telemetry: {otlp_endpoint: "collector:4318"}
                """);

        assertThat(problems).extracting(p -> p.substring(p.indexOf(": ") + 2)).containsExactlyInAnyOrder(
                "server.stateless: must be true or false, was 'perhaps'",
                "conversations.postgres.database: is required: the database that holds the conversations table",
                "conversations.postgres.table: must be a lower-case table name, optionally schema-qualified, was 'x; drop'",
                "logging.format: must be text or json, was 'xml'",
                "telemetry.otlp_endpoint: must be an http(s) URL such as http://collector:4318, was 'collector:4318'");
    }
}
