package dev.nl2sql.mcp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which tools the server offers: the names of nl2sql's tools, chosen by profile ({@code core}, {@code all}) or by
 * name, and whether each query template is offered as a tool of its own. Tools not chosen are not registered at
 * all, so they cannot be called either.
 *
 * @param names the chosen tools, in the order {@link Tools#NAMES} lists them
 * @param templateTools whether every query template is also a tool named after it
 */
public record ToolSelection(List<String> names, boolean templateTools) {

    /** Enough to find data and query it: the tools an agent that writes its own SQL needs. */
    public static final List<String> CORE = List.of(ListDatabasesTool.NAME, SearchSchemaTool.NAME, DescribeTableTool.NAME, RunSqlTool.NAME);

    /** Every tool, no template tools: the default. */
    public static final ToolSelection ALL = new ToolSelection(Tools.NAMES, false);

    public ToolSelection {
        Set<String> unknown = new LinkedHashSet<>(names);
        unknown.removeAll(Tools.NAMES);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown tool " + String.join(", ", unknown) + "; choose core, all or tools among "
                    + String.join(", ", Tools.NAMES));
        }
        names = Tools.NAMES.stream().filter(names::contains).toList();
    }

    /**
     * {@return the selection that {@code entries} name: profiles ({@code core}, {@code all}) and tool names, in any mix
     * (e.g. {@code core, explain_sql}); {@link #ALL}'s tools when there are none}
     *
     * @throws IllegalArgumentException naming an entry that is neither a profile nor a tool
     */
    public static ToolSelection of(List<String> entries, boolean templateTools) {
        List<String> names = new ArrayList<>();
        for (String entry : entries.isEmpty() ? List.of("all") : entries) {
            switch (entry.strip().toLowerCase(Locale.ROOT)) {
                case "all" -> names.addAll(Tools.NAMES);
                case "core" -> names.addAll(CORE);
                default -> names.add(entry.strip());
            }
        }
        return new ToolSelection(names, templateTools);
    }
}
