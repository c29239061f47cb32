package dev.nl2sql.bootstrap.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The client setup snippets in docs/clients parse, launch {@code serve --stdio} (or name the HTTP endpoint), and appear in docs/mcp.md. */
class ClientSnippetsTest {

    private static final Path CLIENTS = ShopServer.REPO.resolve("docs/clients");

    static Stream<Path> snippets() throws IOException {
        try (Stream<Path> files = Files.list(CLIENTS)) {
            List<Path> json = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            assertThat(json).hasSizeGreaterThanOrEqualTo(3);
            return json.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snippets")
    void snippetParsesAndLaunchesTheServer(Path snippet) throws IOException {
        JsonNode root = new ObjectMapper().readTree(snippet.toFile());
        JsonNode servers = root.has("mcpServers") ? root.path("mcpServers") : root.path("servers");
        JsonNode nl2sql = servers.path("nl2sql");

        assertThat(nl2sql.isObject()).as("%s names a server 'nl2sql'", snippet).isTrue();
        if (nl2sql.has("url")) {
            assertThat(nl2sql.path("url").asText()).endsWith("/mcp");
        } else {
            List<String> args = new ArrayList<>();
            nl2sql.path("args").forEach(a -> args.add(a.asText()));
            assertThat(String.join(" ", args)).contains("serve --stdio");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snippets")
    void snippetIsIncludedInTheGuide(Path snippet) throws IOException {
        String guide = Files.readString(ShopServer.REPO.resolve("docs/mcp.md"));

        assertThat(guide).contains(Files.readString(snippet).strip()).contains("clients/" + snippet.getFileName());
    }
}
