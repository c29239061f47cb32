package dev.nl2sql.mcp.tool;

import dev.nl2sql.usecase.Conversations;
import dev.nl2sql.usecase.UseCases;
import java.util.List;

/** Every nl2sql tool. Adding a tool is one class and one line here. */
public final class Tools {

    private Tools() {}

    /** {@return every tool, wired to {@code useCases}; ask and generate_sql keep their conversations in {@code conversations}} */
    public static List<McpTool> all(UseCases useCases, Conversations conversations) {
        return List.of(
                new ListDatabasesTool(useCases.exploreSchema()),
                new SearchSchemaTool(useCases.exploreSchema()),
                new DescribeTableTool(useCases.exploreSchema()),
                new RunSqlTool(useCases.exploreSchema(), useCases.runSql()),
                new ExplainSqlTool(useCases.exploreSchema(), useCases.runSql()),
                new GenerateSqlTool(useCases.exploreSchema(), useCases.generateSql(), conversations),
                new AskTool(useCases.exploreSchema(), useCases.generateSql(), conversations),
                new ListTemplatesTool(useCases.exploreSchema(), useCases.runTemplate()),
                new RunTemplateTool(useCases.runTemplate()),
                new QueryHistoryTool(useCases.queryHistory()));
    }
}
