package dev.nl2sql.mcp;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.usecase.DatabaseChoice;
import dev.nl2sql.usecase.ExploreSchema;
import io.modelcontextprotocol.server.McpServerFeatures.SyncCompletionSpecification;
import io.modelcontextprotocol.spec.McpSchema.CompleteRequest;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult;
import io.modelcontextprotocol.spec.McpSchema.PromptReference;
import io.modelcontextprotocol.spec.McpSchema.ResourceReference;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** Completes database names (prompt and resource templates) and table names (the table template) by prefix. */
final class NameCompletions {

    /** The most values one completion returns, as the specification allows. */
    static final int MAX_VALUES = 100;

    private final ExploreSchema explore;

    NameCompletions(ExploreSchema explore) {
        this.explore = explore;
    }

    /** {@return the completion specifications} */
    List<SyncCompletionSpecification> specifications() {
        return List.of(
                new SyncCompletionSpecification(new PromptReference(ExploreDatabasePrompt.NAME), (exchange, request) -> complete(request)),
                new SyncCompletionSpecification(new ResourceReference(SchemaResources.SCHEMA), (exchange, request) -> complete(request)),
                new SyncCompletionSpecification(new ResourceReference(SchemaResources.TABLE), (exchange, request) -> complete(request)));
    }

    private CompleteResult complete(CompleteRequest request) {
        String prefix = request.argument().value() == null ? "" : request.argument().value().toLowerCase(Locale.ROOT);
        Stream<String> candidates = "table".equals(request.argument().name()) ? tables(request) : databases();
        List<String> all = candidates.filter(c -> c.toLowerCase(Locale.ROOT).startsWith(prefix)).toList();
        List<String> values = all.size() > MAX_VALUES ? all.subList(0, MAX_VALUES) : all;
        return new CompleteResult(new CompleteResult.CompleteCompletion(values, all.size(), all.size() > MAX_VALUES));
    }

    private Stream<String> databases() {
        return explore.databases().stream().map(d -> d.name().value());
    }

    private Stream<String> tables(CompleteRequest request) {
        Optional<String> database = request.context() == null || request.context().arguments() == null ? Optional.empty()
                : Optional.ofNullable(request.context().arguments().get("name"));
        if (!(DatabaseChoice.choose(database, explore.databases()) instanceof Result.Ok<DatabaseName> ok)) {
            return Stream.empty();
        }
        return switch (explore.schema(ok.value())) {
            case Result.Ok<SchemaSnapshot> schema -> schema.value().relations().stream()
                    .map(r -> r.name().schema().equals("public") ? r.name().name() : r.name().toString());
            case Result.Err<SchemaSnapshot> err -> Stream.empty();
        };
    }
}
