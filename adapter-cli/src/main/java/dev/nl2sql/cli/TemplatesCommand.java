package dev.nl2sql.cli;

import dev.nl2sql.domain.audit.Caller;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.template.QueryTemplate;
import dev.nl2sql.domain.template.TemplateParameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Lists and runs the query templates of the configuration. */
@Command(name = "templates", mixinStandardHelpOptions = true, description = "List and run the configured query templates.",
        subcommands = {TemplatesCommand.ListTemplates.class, TemplatesCommand.Run.class},
        footer = {"", "Examples:", "  nl2sql templates list", "  nl2sql templates run top_customers --param n=5"})
final class TemplatesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the templates and their parameters.")
    static final class ListTemplates implements Callable<Integer> {
        @Option(names = {"--db", "-d"}, paramLabel = "NAME", description = "Only the templates of this database.")
        String database;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return Nl2SqlCommand.run(spec, (output, app) -> {
                Optional<DatabaseName> filter = Optional.ofNullable(database).filter(DatabaseName::isValid).map(DatabaseName::of);
                List<QueryTemplate> templates = app.useCases().runTemplate().list(filter);
                if (output.format() == Output.Format.JSON) {
                    output.json(Map.of("templates", templates.stream().map(TemplatesCommand::document).toList()));
                } else {
                    for (QueryTemplate template : templates) {
                        output.line(template.name() + "  [" + template.database() + "]  " + template.description());
                        template.parameters().forEach(p -> output.line("    --param " + p.name() + "=<" + p.type().name().toLowerCase(Locale.ROOT)
                                + ">" + p.defaultValue().map(d -> " (default " + d + ")").orElse(" (required)")
                                + (p.description().isEmpty() ? "" : "  " + p.description())));
                    }
                    output.note(templates.size() + (templates.size() == 1 ? " template" : " templates"));
                }
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run a template; arguments are bound as query parameters, never pasted into SQL.")
    static final class Run implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = {"--param", "-p"}, paramLabel = "KEY=VALUE", description = "A template argument; repeat for several.")
        Map<String, String> parameters = new LinkedHashMap<>();

        @Option(names = "--max-rows", paramLabel = "N", description = "At most N rows.")
        Integer maxRows;

        @Mixin
        ChartOption chart;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (chart.problem().isPresent()) {
                spec.commandLine().getErr().println("nl2sql: " + chart.problem().get());
                return ExitCodes.USAGE;
            }
            Limits limits = maxRows == null ? Limits.AS_CONFIGURED : Limits.AS_CONFIGURED.withMaxRows(Math.max(1, maxRows));
            return Nl2SqlCommand.run(spec, (output, app) -> {
                QueryOutcome outcome = app.useCases().runTemplate().run(name, parameters, limits, Caller.CLI);
                return chart.draw(output, app.useCases().drawChart(), outcome, output.outcome(outcome, Map.of("template", name)));
            });
        }
    }

    private static Map<String, Object> document(QueryTemplate template) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("name", template.name());
        document.put("database", template.database().value());
        document.put("description", template.description());
        document.put("parameters", template.parameters().stream().map(TemplatesCommand::parameter).toList());
        return document;
    }

    private static Map<String, Object> parameter(TemplateParameter parameter) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("name", parameter.name());
        document.put("type", parameter.type().name().toLowerCase(Locale.ROOT));
        document.put("description", parameter.description());
        parameter.defaultValue().ifPresent(d -> document.put("default", d));
        return document;
    }
}
