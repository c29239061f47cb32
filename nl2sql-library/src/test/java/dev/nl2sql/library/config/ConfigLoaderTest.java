package dev.nl2sql.library.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.usecase.GenerateSql;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    private Nl2SqlConfig loaded(String yaml) throws IOException {
        return new ConfigFile(dir, env).loaded(yaml);
    }

    private List<String> problems(String yaml) throws IOException {
        return new ConfigFile(dir, env).problems(yaml);
    }

    @Test
    void withoutAnyFileUsesDefaultsWithTheLocalServer() {
        ConfigLoader.Outcome outcome = new ConfigLoader(env, dir, dir).load(Optional.empty());

        Nl2SqlConfig config = ((ConfigLoader.Outcome.Loaded) outcome).config();
        assertThat(config.source()).isEqualTo("defaults");
        DatabaseConfig local = config.databases().getFirst();
        assertThat(local.identity().address()).isEqualTo("127.0.0.1:5432/postgres");
        assertThat(local.poolSize()).isEqualTo(DatabaseConfig.DEFAULT_POOL_SIZE);
        assertThat(local.statementTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.server().transport()).isEqualTo(ServerConfig.Transport.STDIO);
        assertThat(config.server().bind()).isEqualTo("127.0.0.1");
        assertThat(config.llm().baseUrl()).isEmpty();
        assertThat(config.audit().path()).isEqualTo(dir.resolve(".local/state/nl2sql/audit"));
    }

    @Test
    void findsTheFileNamedByTheEnvironment() throws IOException {
        Path file = dir.resolve("elsewhere.yaml");
        Files.writeString(file, "databases: [{name: shop}]");
        env.put("NL2SQL_CONFIG", file.toString());

        Nl2SqlConfig config = ((ConfigLoader.Outcome.Loaded) new ConfigLoader(env, dir, dir).load(Optional.empty())).config();

        assertThat(config.source()).isEqualTo(file.toString());
        assertThat(config.databases()).extracting(d -> d.name().value()).containsExactly("shop");
    }

    @Test
    void readsEveryFieldFromTheFile() throws IOException {
        env.put("SHOP_PW", "s3cret");
        env.put("LLM_KEY", "sk-1");
        Nl2SqlConfig config = loaded("""
                databases:
                  - name: shop
                    host: db.internal
                    port: 6432
                    database: shop_prod
                    user: reader
                    password_env: SHOP_PW
                    pool_size: 8
                    connect_timeout: 2s
                    statement_timeout: 1500ms
                    max_rows: 200
                    max_bytes: 1MB
                    max_cost: 50000
                    read_only_role: nl2sql_ro
                    schemas: {include: [public, sales], exclude: [audit]}
                llm: {base_url: "http://127.0.0.1:11434/v1", model: llama3, api_key_env: LLM_KEY, connect_timeout: 1s, read_timeout: 2m}
                server: {transport: http, bind: 0.0.0.0, port: 9090, auth_tokens_env: TOKENS}
                audit: {path: /var/log/nl2sql}
                """);

        DatabaseConfig shop = config.databases().getFirst();
        assertThat(shop.identity()).hasToString("DatabaseIdentity[name=shop, host=db.internal, port=6432, database=shop_prod, user=reader]");
        assertThat(shop.password()).map(Secret::value).contains("s3cret");
        assertThat(shop.poolSize()).isEqualTo(8);
        assertThat(shop.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(shop.statementTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(shop.maxRows()).isEqualTo(200);
        assertThat(shop.maxBytes()).isEqualTo(1024 * 1024);
        assertThat(shop.readOnlyRole()).contains("nl2sql_ro");
        assertThat(shop.maxCost()).contains(50_000.0);
        assertThat(shop.includeSchemas()).containsExactly("public", "sales");
        assertThat(shop.excludeSchemas()).containsExactly("audit");
        assertThat(config.llm().baseUrl()).contains(URI.create("http://127.0.0.1:11434/v1"));
        assertThat(config.llm().model()).isEqualTo("llama3");
        assertThat(config.llm().apiKey()).map(Secret::value).contains("sk-1");
        assertThat(config.llm().readTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.server().transport()).isEqualTo(ServerConfig.Transport.HTTP);
        assertThat(config.server().port()).isEqualTo(9090);
        assertThat(config.audit().path()).isEqualTo(Path.of("/var/log/nl2sql"));
    }

    @Test
    void environmentOverridesEveryKindOfField() throws IOException {
        env.put("NL2SQL_DATABASES_0_HOST", "replica.internal");         // text
        env.put("NL2SQL_DATABASES_0_POOL_SIZE", "12");                  // number, field name with an underscore
        env.put("NL2SQL_DATABASES_0_STATEMENT_TIMEOUT", "5s");          // duration
        env.put("NL2SQL_DATABASES_0_MAX_BYTES", "512KB");               // size
        env.put("NL2SQL_DATABASES_0_SCHEMAS_INCLUDE", "public,sales");  // list, nested mapping
        env.put("NL2SQL_SERVER_TRANSPORT", "http");                     // enum
        env.put("NL2SQL_LLM_BASE_URL", "http://127.0.0.1:8000/v1");     // URL, section absent from the file

        Nl2SqlConfig config = loaded("databases: [{name: shop, host: primary.internal, pool_size: 2}]");

        DatabaseConfig shop = config.databases().getFirst();
        assertThat(shop.host()).isEqualTo("replica.internal");
        assertThat(shop.poolSize()).isEqualTo(12);
        assertThat(shop.statementTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(shop.maxBytes()).isEqualTo(512 * 1024);
        assertThat(shop.includeSchemas()).containsExactly("public", "sales");
        assertThat(config.server().transport()).isEqualTo(ServerConfig.Transport.HTTP);
        assertThat(config.llm().baseUrl()).contains(URI.create("http://127.0.0.1:8000/v1"));
    }

    @Test
    void environmentAddsADatabaseOnePastTheEnd() throws IOException {
        env.put("NL2SQL_DATABASES_1_NAME", "hr");
        env.put("NL2SQL_DATABASES_1_PORT", "5433");

        Nl2SqlConfig config = loaded("databases: [{name: shop}]");

        assertThat(config.database(DatabaseName.of("hr"))).map(DatabaseConfig::port).contains(5433);
    }

    @Test
    void environmentIndexThatSkipsEntriesIsAProblem() throws IOException {
        env.put("NL2SQL_DATABASES_3_NAME", "hr");

        assertThat(problems("databases: [{name: shop}]"))
                .containsExactly("environment (NL2SQL_DATABASES_3_NAME): databases[3]: index skips entries: the list has 1, so the next one is [1]");
    }

    @Test
    void badValueFromTheEnvironmentNamesTheVariable() throws IOException {
        env.put("NL2SQL_DATABASES_0_PORT", "99999");

        assertThat(problems("databases: [{name: shop}]"))
                .containsExactly("environment (NL2SQL_DATABASES_0_PORT): databases[0].port: must be 1-65535, was 99999");
    }

    @Test
    void missingPasswordVariableIsAProblem() throws IOException {
        assertThat(problems("databases: [{name: shop, password_env: SHOP_PASSWORD}]"))
                .containsExactly(dir.resolve("nl2sql.yaml") + ": databases[0].password_env: environment variable SHOP_PASSWORD is not set");
    }

    @Test
    void unknownFieldIsAProblemThatListsTheKnownOnes() throws IOException {
        assertThat(problems("databases: [{name: shop, hostname: x}]")).singleElement().asString()
                .endsWith("databases[0].hostname: unknown field; known fields here: connect_timeout, database, host, max_bytes, "
                        + "max_cost, max_rows, name, password_env, pool_size, pool_wait, port, read_only_role, schemas, sensitive, service, sslcert, sslkey, "
                        + "sslmode, sslrootcert, statement_timeout, url, user");
    }

    @Test
    void readsTheTeamsSynonyms() throws IOException {
        assertThat(loaded("synonyms: {patron: customers, gig: [concert, event]}").synonyms())
                .containsExactly(Map.entry("patron", List.of("customers")), Map.entry("gig", List.of("concert", "event")));
    }

    @Test
    void aSynonymWithoutSchemaWordsIsAProblem() throws IOException {
        assertThat(problems("synonyms: {patron: []}")).singleElement().asString()
                .endsWith("synonyms.patron: must be a schema word or a list of them");
    }

    @Test
    void passwordInTheFileIsRefusedWithTheAlternative() throws IOException {
        assertThat(problems("databases: [{name: shop, password: hunter2}]")).singleElement().asString()
                .endsWith("databases[0].password: passwords never go in the file: name the environment variable that holds it with password_env")
                .doesNotContain("hunter2");
    }

    @Test
    void badPortIsAProblem() throws IOException {
        assertThat(problems("databases: [{name: shop, port: 70000}]")).singleElement().asString()
                .endsWith("databases[0].port: must be 1-65535, was 70000");
    }

    @Test
    void theModelsFallbackIsRefuseWhenAModelIsConfiguredAndOfflineOtherwiseUnlessSet() throws IOException {
        LlmConfig unset = loaded("llm: {base_url: 'http://127.0.0.1:11434/v1'}").llm();
        LlmConfig set = loaded("llm: {base_url: 'http://127.0.0.1:11434/v1', fallback: offline, question_timeout: 20s}").llm();

        assertThat(unset.fallback(true)).isEqualTo(GenerateSql.Fallback.REFUSE);
        assertThat(unset.fallback(false)).isEqualTo(GenerateSql.Fallback.OFFLINE);
        assertThat(unset.questionTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(set.fallback(true)).isEqualTo(GenerateSql.Fallback.OFFLINE);
        assertThat(set.questionTimeout()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void anUnknownFallbackIsAProblem() throws IOException {
        assertThat(problems("llm: {fallback: guess}")).singleElement().asString()
                .endsWith("llm.fallback: must be offline or refuse, was 'guess'");
    }

    @Test
    void duplicateDatabaseNamesAreAProblem() throws IOException {
        assertThat(problems("databases: [{name: shop}, {name: shop, port: 5433}]")).singleElement().asString()
                .endsWith("databases[1].name: duplicate database name 'shop': each database needs its own name");
    }

    @Test
    void reportsEveryProblemAtOnce() throws IOException {
        assertThat(problems("""
                databases:
                  - {name: Shop, port: -1, statement_timeout: soon}
                server: {transport: carrier-pigeon}
                llm: {base_url: "ftp://x"}
                colour: blue
                """)).hasSize(6);
    }

    @Test
    void invalidYamlSaysWhere() throws IOException {
        assertThat(problems("databases: [{name: shop\n")).singleElement().asString().contains("not valid YAML: line");
    }

    @Test
    void missingExplicitFileIsAProblem() {
        ConfigLoader.Outcome outcome = new ConfigLoader(env, dir, dir).load(Optional.of(dir.resolve("absent.yaml")));

        assertThat(((ConfigLoader.Outcome.Invalid) outcome).problems()).singleElement().asString().endsWith("absent.yaml: file not found");
    }

    @Test
    void secretsNeverAppearWhenTheConfigIsPrinted() throws IOException {
        env.put("SHOP_PW", "pw-3f9a");
        env.put("OPENAI_API_KEY", "sk-77c1");
        env.put("NL2SQL_AUTH_TOKENS", "tok-a1,tok-b2");

        Nl2SqlConfig config = loaded("databases: [{name: shop, password_env: SHOP_PW}]");

        assertThat(config.toString()).doesNotContain("pw-3f9a", "sk-77c1", "tok-a1", "tok-b2").contains("****");
        assertThat(config.server().authTokens()).hasSize(2);
    }
}
