package dev.nl2sql.cli;

import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion in the shell: backslash commands at the start of a line, table names after {@code \d}, and table
 * and column names anywhere else, from the cached schema (no database round trip per key press).
 */
final class ShellCompleter implements Completer {

    private final Supplier<Result<SchemaSnapshot>> schema;

    ShellCompleter(Supplier<Result<SchemaSnapshot>> schema) {
        this.schema = schema;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        if (line.wordIndex() == 0 && line.word().startsWith("\\")) {
            Shell.COMMANDS.keySet().forEach(command -> candidates.add(new Candidate(command)));
            return;
        }
        if (!(schema.get() instanceof Result.Ok<SchemaSnapshot> ok)) {
            return;
        }
        boolean tablesOnly = line.wordIndex() == 1 && line.words().getFirst().equals("\\d");
        TreeSet<String> names = new TreeSet<>();
        for (Relation relation : ok.value().relations()) {
            names.add(relation.name().name());
            if (!tablesOnly) {
                relation.columns().stream().map(Column::name).forEach(names::add);
            }
        }
        names.forEach(name -> candidates.add(new Candidate(name)));
    }
}
