package dev.nl2sql.cli;

import dev.nl2sql.domain.audit.Caller;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.generation.Answer;
import dev.nl2sql.domain.generation.Generation;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.query.ResponseMode;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.template.QueryTemplate;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Shows nl2sql working with nothing installed: an embedded PostgreSQL with the sample databases, and a short tour. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Try nl2sql with no configuration and no PostgreSQL installed: starts an embedded PostgreSQL 15 "
                + "(kept in $XDG_CACHE_HOME/nl2sql/demo-pg, so the second run is fast), loads three sample databases, "
                + "answers a few questions offline, shows a statement being refused, and says how to connect an MCP client."},
        footer = {"", "Examples:", "  nl2sql demo", "  nl2sql demo --serve --port 8080     # MCP over HTTP until Ctrl-C",
                "  nl2sql demo --stdio                 # MCP over stdio, for a client that launches nl2sql",
                "  nl2sql --config nl2sql.yaml demo --use-config"})
final class DemoCommand implements Callable<Integer> {

    private static final int TOUR_QUESTIONS = 4;
    private static final int TOUR_MAX_ROWS = 8;
    private static final List<String> UNSAFE = List.of("DELETE FROM customers", "SELECT pg_read_file('/etc/passwd')");

    @ArgGroup(exclusive = true)
    Mode mode;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "HTTP port for --serve (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--use-config", description = "Use the configured databases instead of the embedded ones.")
    boolean useConfig;

    @Spec
    CommandSpec spec;

    static final class Mode {
        @Option(names = "--serve", description = "Keep an MCP server running over HTTP on the demo databases until Ctrl-C.")
        boolean serve;

        @Option(names = "--stdio", description = "Serve MCP over stdin/stdout on the demo databases (for an MCP client's config).")
        boolean stdio;
    }

    @Override
    public Integer call() throws Exception {
        Nl2SqlCommand root = Nl2SqlCommand.root(spec);
        PrintWriter err = spec.commandLine().getErr();
        Optional<Launcher.Samples> samples = root.launcher().samples();
        if (samples.isEmpty() && !useConfig) {
            err.println("nl2sql: this build has no embedded PostgreSQL for the demo; run it with --use-config");
            return ExitCodes.USAGE;
        }
        if (useConfig) {
            return root.withApplication(spec.commandLine(), app -> run(app, samples.map(Launcher.Samples::tour).orElse(List.of()),
                    Optional.empty()));
        }
        Launcher.Demo demo;
        try (ProgressLine progress = ProgressLine.on(err, Terminal.isInteractive() && !root.noColor, root.quiet || isStdio())) {
            demo = samples.get().startDemo(progress);
            progress.finish(String.format("demo databases ready on 127.0.0.1:%d (%.1f s)", demo.postgresPort(),
                    progress.elapsed().toMillis() / 1000.0));
        }
        try (AutoCloseable ignored = demo.application().resources()) {
            return run(demo.application(), samples.get().tour(), Optional.of(demo));
        }
    }

    private boolean isStdio() {
        return mode != null && mode.stdio;
    }

    private int run(Launcher.Launch.Ready app, List<Launcher.TourQuestion> tour, Optional<Launcher.Demo> demo) {
        if (mode != null && mode.stdio) {
            return app.servers().stdio();
        }
        if (mode != null && mode.serve) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("nl2sql: MCP server on http://127.0.0.1:" + port + "/mcp over the demo databases; Ctrl-C stops it");
            err.flush();
            return app.servers().http("127.0.0.1", port, false);
        }
        new Tour(app, Nl2SqlCommand.root(spec).tourOutput(spec.commandLine()), spec.commandLine().getOut()).show(tour, demo);
        return ExitCodes.OK;
    }

    /** The guided tour: questions answered offline, a template, refused statements, then how to connect a client. */
    private record Tour(Launcher.Launch.Ready app, Output output, PrintWriter out) {

        void show(List<Launcher.TourQuestion> questions, Optional<Launcher.Demo> demo) {
            Set<String> databases = new LinkedHashSet<>(app.useCases().exploreSchema().databases().stream()
                    .map(d -> d.name().value()).toList());
            heading("nl2sql demo: " + String.join(", ", databases));
            if (!app.useCases().generateSql().hasConfiguredModel()) {
                out.println("No language model is configured, so the questions below are answered by the offline generator");
                out.println("(set NL2SQL_LLM_BASE_URL to use a model). Every statement is validated and runs read-only.");
            }
            askQuestions(questions.stream().filter(q -> databases.contains(q.database())).toList());
            runTemplate();
            refuseUnsafe(databases.stream().findFirst());
            demo.ifPresent(this::howToConnect);
            out.flush();
        }

        private void askQuestions(List<Launcher.TourQuestion> questions) {
            // One question per database first, then more from the first ones, skipping any the offline generator declines.
            Map<String, List<Launcher.TourQuestion>> byDatabase = new LinkedHashMap<>();
            questions.forEach(q -> byDatabase.computeIfAbsent(q.database(), d -> new ArrayList<>()).add(q));
            List<Launcher.TourQuestion> ordered = new ArrayList<>();
            for (int round = 0; ordered.size() < questions.size(); round++) {
                for (List<Launcher.TourQuestion> list : byDatabase.values()) {
                    if (round < list.size()) {
                        ordered.add(list.get(round));
                    }
                }
            }
            int shown = 0;
            for (Launcher.TourQuestion question : ordered) {
                if (shown == TOUR_QUESTIONS) {
                    break;
                }
                if (ask(question)) {
                    shown++;
                }
            }
        }

        private boolean ask(Launcher.TourQuestion question) {
            Answer answer = app.useCases().generateSql().answer(new QueryRequest.Question(DatabaseName.of(question.database()),
                    question.question(), ResponseMode.BOTH, Limits.AS_CONFIGURED.withMaxRows(TOUR_MAX_ROWS)), Optional.empty(), Caller.CLI);
            if (!(answer.generation() instanceof Generation.Generated generated)
                    || !(answer.rows().orElse(null) instanceof QueryOutcome.Succeeded rows)) {
                return false;
            }
            heading(question.database() + ": " + question.question());
            out.println("  nl2sql ask --db " + question.database() + " \"" + question.question() + "\"");
            out.println();
            out.println(generated.query().sql());
            out.println();
            output.result(rows.sql(), rows.result(), Map.of());
            return true;
        }

        private void runTemplate() {
            List<QueryTemplate> templates = app.useCases().runTemplate().list(Optional.empty());
            if (templates.isEmpty()) {
                return;
            }
            QueryTemplate template = templates.getFirst();
            heading("a query template: " + template.name() + " (" + template.description() + ")");
            out.println("  nl2sql templates run " + template.name() + template.parameters().stream()
                    .flatMap(p -> p.defaultValue().map(d -> " --param " + p.name() + "=" + d).stream()).collect(Collectors.joining()));
            out.println();
            out.println(template.sql());
            out.println();
            QueryOutcome outcome = app.useCases().runTemplate().run(template.name(), Map.of(),
                    Limits.AS_CONFIGURED.withMaxRows(TOUR_MAX_ROWS), Caller.CLI);
            if (outcome instanceof QueryOutcome.Succeeded ok) {
                output.result(ok.sql(), ok.result(), Map.of());
            } else if (outcome instanceof QueryOutcome.Failed failed) {
                out.println("-> " + failed.failure().code().code() + ": " + failed.failure().message());
            }
        }

        private void refuseUnsafe(Optional<String> database) {
            if (database.isEmpty()) {
                return;
            }
            heading("statements nl2sql refuses, before they reach the database");
            for (String sql : UNSAFE) {
                QueryOutcome outcome = app.useCases().runSql().run(new QueryRequest.Sql(DatabaseName.of(database.get()), sql,
                        Limits.AS_CONFIGURED), Caller.CLI);
                out.println("  nl2sql sql --db " + database.get() + " \"" + sql + "\"");
                switch (outcome) {
                    case QueryOutcome.Failed failed -> out.println("  -> refused, exit code " + ExitCodes.of(failed.failure().code())
                            + ": " + failed.failure().code().code() + ": " + failed.failure().message());
                    case QueryOutcome.Succeeded ok -> out.println("  -> ran (it should not have): " + ok.result().rowCount() + " rows");
                }
                out.println();
            }
        }

        private void howToConnect(Launcher.Demo demo) {
            String nl2sql = System.getProperty("nl2sql.launcher", "nl2sql");
            heading("connect an MCP client");
            out.println("Over HTTP: keep the demo databases up with an MCP server on them (Ctrl-C stops both):");
            out.println("  " + nl2sql + " demo --serve                  # http://127.0.0.1:8080/mcp");
            out.println();
            out.println("Over stdio: the client launches nl2sql itself. Claude Desktop, Cursor and others take:");
            out.println("  {\"mcpServers\": {\"nl2sql-demo\": {\"command\": \"" + nl2sql + "\", \"args\": [\"demo\", \"--stdio\"]}}}");
            out.println();
            out.println("While `" + nl2sql + " demo --serve` runs, the demo databases are also reachable with their configuration file:");
            out.println("  " + nl2sql + " serve --stdio --config " + demo.configFile());
            out.println("  {\"mcpServers\": {\"nl2sql\": {\"command\": \"" + nl2sql + "\", \"args\": [\"serve\", \"--stdio\", \"--config\", \""
                    + demo.configFile() + "\"]}}}");
            out.println();
            out.println("For your own database: docs/configuration.md, then `" + nl2sql + " doctor`.");
        }

        private void heading(String text) {
            out.println();
            out.println(output.colour() ? "\u001b[1m== " + text + "\u001b[0m" : "== " + text);
        }
    }
}
