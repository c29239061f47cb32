package dev.nl2sql.cli;

import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.evaluation.EvalItem;
import dev.nl2sql.domain.evaluation.EvalOutcome;
import dev.nl2sql.domain.evaluation.EvalQuestion;
import dev.nl2sql.domain.evaluation.EvalReport;
import dev.nl2sql.domain.evaluation.EvalTotals;
import dev.nl2sql.usecase.GenerateSql;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Scores a generator on a file of questions with gold SQL. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Score a SQL generator on questions with gold SQL (JSONL: id, question, gold_sql, db; gold_sql null = must be "
                + "refused): both SQLs run read-only and their rows are compared.",
        footer = {"", "Examples:", "  nl2sql eval eval/public-held-out.jsonl --generator offline",
                "  nl2sql eval my-questions.jsonl --generator model --out report.json",
                "  nl2sql eval my-questions.jsonl --format json --max-wrong 2 --min-accuracy 60"})
final class EvalCommand implements Callable<Integer> {

    /** The generators {@code --generator} accepts. */
    enum Generator {
        USUAL(GenerateSql.Route.USUAL), OFFLINE(GenerateSql.Route.OFFLINE), TEMPLATES(GenerateSql.Route.TEMPLATES), MODEL(GenerateSql.Route.MODEL);

        final GenerateSql.Route route;

        Generator(GenerateSql.Route route) {
            this.route = route;
        }
    }

    @Parameters(paramLabel = "QUESTIONS", description = "The question file, one JSON object per line.")
    Path questions;

    @Option(names = "--generator", paramLabel = "GENERATOR", defaultValue = "usual",
            description = "usual (what ask uses: the model, else templates, then offline), offline, templates or model (default: ${DEFAULT-VALUE}).")
    Generator generator;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the full report, as JSON, to FILE.")
    Path out;

    @Option(names = "--max-wrong", paramLabel = "PERCENT", description = "Exit with code 9 when more than PERCENT of the answers are wrong.")
    Double maxWrong;

    @Option(names = "--min-accuracy", paramLabel = "PERCENT",
            description = "Exit with code 9 when fewer than PERCENT of the answerable questions are answered right.")
    Double minAccuracy;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String text;
        try {
            text = Files.readString(questions, StandardCharsets.UTF_8);
        } catch (IOException e) {
            spec.commandLine().getErr().println("nl2sql: REQUEST_INVALID: cannot read " + questions + ": " + e.getMessage());
            return ExitCodes.USAGE;
        }
        return Nl2SqlCommand.run(spec, (output, app) -> switch (EvalQuestion.parseLines(text)) {
            case Result.Err<List<EvalQuestion>> err -> output.failure(new Failure.RequestInvalid(questions + ": " + err.failure().message()));
            case Result.Ok<List<EvalQuestion>> ok -> {
                List<DatabaseName> known = app.useCases().exploreSchema().databases().stream().map(DatabaseIdentity::name).toList();
                Set<String> unknown = new TreeSet<>();
                ok.value().stream().map(EvalQuestion::database).filter(db -> !known.contains(db)).forEach(db -> unknown.add(db.value()));
                if (!unknown.isEmpty()) {
                    yield output.failure(new Failure.UnknownDatabase(String.join(", ", unknown), known));
                }
                if (generator == Generator.MODEL && !app.useCases().generateSql().hasConfiguredModel()) {
                    yield output.failure(new Failure.LlmUnavailable("--generator model needs a language model: set llm.base_url in the configuration"));
                }
                int[] done = {0};
                EvalReport report = app.useCases().evaluate().run(ok.value(), generator.route,
                        item -> progress(output, ++done[0], ok.value().size()));
                yield finish(output, report);
            }
        });
    }

    private void progress(Output output, int done, int total) {
        if (done % 25 == 0 || done == total) {
            output.note("nl2sql: scored " + done + " of " + total);
        }
    }

    private int finish(Output output, EvalReport report) throws IOException {
        Map<String, Object> document = document(report);
        if (out != null) {
            Files.writeString(out, Output.JSON.writeValueAsString(document) + "\n", StandardCharsets.UTF_8);
        }
        if (output.format() == Output.Format.JSON) {
            output.json(document);
        } else {
            print(output, report);
        }
        EvalTotals totals = report.totals();
        boolean tooWrong = maxWrong != null && totals.wrongRate() > maxWrong;
        boolean tooFew = minAccuracy != null && totals.accuracy() < minAccuracy;
        if (tooWrong || tooFew) {
            output.note("nl2sql: EVAL_BELOW_THRESHOLD: " + (tooWrong ? totals.wrongRate() + " % of answers wrong, above " + maxWrong + " %" : "")
                    + (tooWrong && tooFew ? "; " : "") + (tooFew ? "accuracy " + totals.accuracy() + " %, below " + minAccuracy + " %" : ""));
            return ExitCodes.EVAL_BELOW_THRESHOLD;
        }
        return ExitCodes.OK;
    }

    private void print(Output output, EvalReport report) {
        EvalTotals totals = report.totals();
        output.line(questions + ", generator " + report.generator() + ": " + summary(totals));
        for (Map.Entry<DatabaseName, EvalTotals> database : report.perDatabase().entrySet()) {
            output.line("  " + database.getKey() + ": " + summary(database.getValue()));
        }
        List<EvalItem> wrong = report.items().stream().filter(i -> i.outcome() instanceof EvalOutcome.Wrong).toList();
        if (!wrong.isEmpty()) {
            output.line("");
            output.line("Wrong answers:");
            for (EvalItem item : wrong) {
                output.line("  " + item.question().id() + " (" + item.question().database() + "): " + item.question().question());
                output.line("    gold:      " + item.question().goldSql().orElse("(none: must be refused)"));
                output.line("    generated: " + item.generatedSql().orElse(""));
                output.line("    why:       " + ((EvalOutcome.Wrong) item.outcome()).why());
            }
        }
        List<EvalItem> refused = report.items().stream().filter(i -> i.outcome() instanceof EvalOutcome.Refused).toList();
        if (!refused.isEmpty()) {
            output.line("");
            output.line("Refused:");
            for (EvalItem item : refused) {
                output.line("  " + item.question().id() + (item.question().answerable() ? "" : " (rightly)") + ": " + item.question().question()
                        + "  -- " + ((EvalOutcome.Refused) item.outcome()).reason());
            }
        }
        report.items().stream().filter(i -> i.outcome() instanceof EvalOutcome.Unscored).forEach(item -> output.line("  not scored: "
                + item.question().id() + ": " + ((EvalOutcome.Unscored) item.outcome()).why()));
    }

    private static String summary(EvalTotals t) {
        return String.format(Locale.ROOT, "%d questions; %d answered: %d right, %d wrong (%.1f %% of answered); %d refused (%d of %d "
                + "unanswerable); accuracy %.1f %% (%d of %d answerable right)%s", t.questions(), t.answered(), t.right(), t.wrong(),
                t.wrongRate(), t.refused(), t.refusedUnanswerable(), t.unanswerable(), t.accuracy(), t.right(), t.answerable(),
                t.unscored() > 0 ? "; " + t.unscored() + " not scored" : "");
    }

    private Map<String, Object> document(EvalReport report) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("file", questions.toString());
        document.put("generator", report.generator());
        document.put("totals", totals(report.totals()));
        Map<String, Object> databases = new LinkedHashMap<>();
        report.perDatabase().forEach((name, totals) -> databases.put(name.value(), totals(totals)));
        document.put("databases", databases);
        document.put("items", report.items().stream().map(EvalCommand::item).toList());
        return document;
    }

    private static Map<String, Object> totals(EvalTotals t) {
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("questions", t.questions());
        totals.put("answerable", t.answerable());
        totals.put("answered", t.answered());
        totals.put("right", t.right());
        totals.put("wrong", t.wrong());
        totals.put("refused", t.refused());
        totals.put("unanswerable", t.unanswerable());
        totals.put("refused_unanswerable", t.refusedUnanswerable());
        totals.put("unscored", t.unscored());
        totals.put("accuracy_pct", t.accuracy());
        totals.put("wrong_pct_of_answered", t.wrongRate());
        return totals;
    }

    private static Map<String, Object> item(EvalItem item) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", item.question().id());
        map.put("db", item.question().database().value());
        map.put("question", item.question().question());
        map.put("gold_sql", item.question().goldSql().orElse(null));
        map.put("generated_sql", item.generatedSql().orElse(null));
        map.put("generator", item.generator());
        map.put("confidence", item.confidence());
        switch (item.outcome()) {
            case EvalOutcome.Right r -> map.put("verdict", "right");
            case EvalOutcome.Wrong w -> {
                map.put("verdict", "wrong");
                map.put("why", w.why());
            }
            case EvalOutcome.Refused r -> {
                map.put("verdict", item.question().answerable() ? "refused" : "refused_rightly");
                map.put("why", r.reason());
            }
            case EvalOutcome.Unscored u -> {
                map.put("verdict", "unscored");
                map.put("why", u.why());
            }
        }
        return map;
    }
}
