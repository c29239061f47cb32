package dev.nl2sql.mcp;

import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.List;
import java.util.Map;

/** {@code explore_database}: tells a model how to find its way around a database with these tools. */
final class ExploreDatabasePrompt {

    static final String NAME = "explore_database";

    private ExploreDatabasePrompt() {}

    /** {@return the prompt's specification} */
    static SyncPromptSpecification specification() {
        return new SyncPromptSpecification(
                Prompt.builder(NAME).title("Explore a database")
                        .description("How to explore a PostgreSQL database with nl2sql's tools before answering questions about it.")
                        .arguments(List.of(PromptArgument.builder("database").description("The database to explore (see list_databases).")
                                .required(false).build()))
                        .build(),
                (exchange, request) -> GetPromptResult.builder(List.of(PromptMessage.builder(Role.USER,
                        TextContent.builder(text(database(request.arguments()))).build()).build()))
                        .description("Explore " + database(request.arguments())).build());
    }

    private static String database(Map<String, Object> arguments) {
        return arguments != null && arguments.get("database") instanceof String s && !s.isBlank() ? s : "the configured database";
    }

    private static String text(String database) {
        return """
                Explore %1$s with the nl2sql tools, then answer my questions about its data with read-only SQL.

                1. search_schema with detail=names and an empty pattern shows what exists; on a large schema search by \
                topic instead (pattern=cust*, pattern=invoice).
                2. describe_table on each table you need: exact column names, types, keys and the foreign keys that give the \
                join paths. Never guess a column name.
                3. explain_sql when a query touches large tables, to check the plan and cost before running it.
                4. run_sql with one SELECT. Results are capped; ask for aggregates rather than raw rows, and say when a result \
                was truncated. If a call returns SQL_REJECTED or SQL_INVALID, read the reason and suggestions and fix the SQL.

                Only read: nl2sql refuses anything that writes. Pass database=%1$s to every tool if several databases \
                are configured.""".formatted(database);
    }
}
