package dev.nl2sql.mcp;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.schema.SchemaText;
import dev.nl2sql.usecase.DatabaseChoice;
import dev.nl2sql.usecase.ExploreSchema;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The schema as MCP resources: the list of databases, one overview per database, and one DDL text per table. */
final class SchemaResources {

    static final String DATABASES = "nl2sql://databases";
    static final String SCHEMA = "nl2sql://databases/{name}/schema";
    static final String TABLE = "nl2sql://databases/{name}/tables/{table}";

    private static final Pattern SCHEMA_URI = Pattern.compile("nl2sql://databases/([^/]+)/schema");
    private static final Pattern TABLE_URI = Pattern.compile("nl2sql://databases/([^/]+)/tables/([^/]+)");

    private final ExploreSchema explore;

    SchemaResources(ExploreSchema explore) {
        this.explore = explore;
    }

    /** {@return the static resources} */
    List<SyncResourceSpecification> resources() {
        return List.of(new SyncResourceSpecification(
                Resource.builder(DATABASES, "databases").title("Configured databases").mimeType("text/plain")
                        .description("The databases this server can query, one per line: name and address.").build(),
                (exchange, request) -> text(request.uri(), explore.databases().stream()
                        .map(d -> d.name() + "\t" + d.address()).collect(Collectors.joining("\n")))));
    }

    /** {@return the resource templates} */
    List<SyncResourceTemplateSpecification> templates() {
        return List.of(
                new SyncResourceTemplateSpecification(ResourceTemplate.builder(SCHEMA, "schema").title("Database schema overview")
                        .mimeType("text/plain")
                        .description("Every table and view of a database, one line each: name, columns, comment.").build(),
                        (exchange, request) -> text(request.uri(), overview(match(SCHEMA_URI, request.uri())))),
                new SyncResourceTemplateSpecification(ResourceTemplate.builder(TABLE, "table").title("Table DDL")
                        .mimeType("text/plain")
                        .description("One table or view as compact DDL: columns, types, keys, references, comments.").build(),
                        (exchange, request) -> {
                            Matcher uri = match(TABLE_URI, request.uri());
                            return text(request.uri(), table(uri.group(1), decode(uri.group(2)), request.uri()));
                        }));
    }

    private String overview(Matcher uri) {
        DatabaseName database = database(decode(uri.group(1)), uri.group());
        SchemaSnapshot schema = orNotFound(explore.schema(database), uri.group());
        return "-- database " + database + ": " + schema.relations().size() + " tables and views\n"
                + schema.relations().stream().map(SchemaText::summary).collect(Collectors.joining("\n"));
    }

    private String table(String name, String table, String uri) {
        DatabaseName database = database(name, uri);
        SchemaSnapshot schema = orNotFound(explore.schema(database), uri);
        return SchemaText.ddl(orNotFound(explore.describe(database, table), uri), schema, Set.of());
    }

    private DatabaseName database(String name, String uri) {
        return orNotFound(DatabaseChoice.choose(Optional.of(name), explore.databases()), uri);
    }

    private static <T> T orNotFound(Result<T> result, String uri) {
        return switch (result) {
            case Result.Ok<T> ok -> ok.value();
            case Result.Err<T> err -> throw notFound(uri, err.failure());
        };
    }

    private static McpError notFound(String uri, Failure failure) {
        return McpError.builder(ErrorCodes.RESOURCE_NOT_FOUND).message(failure.code().code() + ": " + failure.message()).data(uri).build();
    }

    private static Matcher match(Pattern pattern, String uri) {
        Matcher matcher = pattern.matcher(uri);
        if (!matcher.matches()) {
            throw McpError.builder(ErrorCodes.RESOURCE_NOT_FOUND).message("no resource " + uri).data(uri).build();
        }
        return matcher;
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }

    private static ReadResourceResult text(String uri, String text) {
        return ReadResourceResult.builder(List.of(TextResourceContents.builder(uri, text).mimeType("text/plain").build())).build();
    }
}
