package dev.nl2sql.mcp;

import dev.nl2sql.domain.template.QueryTemplate;
import dev.nl2sql.usecase.Conversations;
import dev.nl2sql.usecase.UseCases;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** nl2sql's tools. Adding a tool is one class, its name in {@link #NAMES} and one line in {@link #selected}. */
final class Tools {

    /** Every tool's name, in the order tools/list shows them. */
    static final List<String> NAMES = List.of(ListDatabasesTool.NAME, SearchSchemaTool.NAME, DescribeTableTool.NAME,
            RunSqlTool.NAME, ExplainSqlTool.NAME, GenerateSqlTool.NAME, AskTool.NAME, ListTemplatesTool.NAME, RunTemplateTool.NAME,
            QueryHistoryTool.NAME);

    /**
     * The tools whose call may send the client a request before it answers (sampling, when the client's own model writes
     * the SQL): over HTTP they are answered on an event stream, which carries that request ({@link HttpToolCalls}).
     */
    static final Set<String> ASK_THE_CLIENT = Set.of(GenerateSqlTool.NAME, AskTool.NAME);

    private static final Logger LOG = LoggerFactory.getLogger(Tools.class);

    private Tools() {}

    /** {@return the specifications of the tools {@code selection} chooses, then one per query template if it asks for them} */
    static List<SyncToolSpecification> selected(UseCases useCases, Conversations conversations, ToolSelection selection) {
        List<McpTool> tools = new ArrayList<>();
        for (String name : selection.names()) {
            tools.add(switch (name) {
                case ListDatabasesTool.NAME -> new ListDatabasesTool(useCases.exploreSchema());
                case SearchSchemaTool.NAME -> new SearchSchemaTool(useCases.exploreSchema());
                case DescribeTableTool.NAME -> new DescribeTableTool(useCases.exploreSchema());
                case RunSqlTool.NAME -> new RunSqlTool(useCases.exploreSchema(), useCases.runSql(), useCases.drawChart());
                case ExplainSqlTool.NAME -> new ExplainSqlTool(useCases.exploreSchema(), useCases.runSql());
                case GenerateSqlTool.NAME -> new GenerateSqlTool(useCases.exploreSchema(), useCases.generateSql(), conversations);
                case AskTool.NAME -> new AskTool(useCases.exploreSchema(), useCases.generateSql(), conversations, useCases.drawChart());
                case ListTemplatesTool.NAME -> new ListTemplatesTool(useCases.exploreSchema(), useCases.runTemplate());
                case RunTemplateTool.NAME -> new RunTemplateTool(useCases.runTemplate());
                case QueryHistoryTool.NAME -> new QueryHistoryTool(useCases.queryHistory());
                default -> throw new IllegalStateException("a selection holds only known names: " + name);
            });
        }
        if (selection.templateTools()) {
            for (QueryTemplate template : useCases.runTemplate().list(Optional.empty())) {
                if (TemplateTool.canBeTool(template)) {
                    tools.add(new TemplateTool(template, useCases.runTemplate()));
                } else {
                    LOG.warn("query template '{}' is not offered as a tool: its name is taken by an nl2sql tool or is not a valid "
                            + "tool name (letters, digits, _ . -); run it with run_template", template.name());
                }
            }
        }
        return tools.stream().map(McpTool::specification).toList();
    }
}
