package dev.nl2sql.domain.evaluation;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.database.DatabaseName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A generator's scores on a question file: every item, the totals, and the totals per database. */
public record EvalReport(String generator, List<EvalItem> items) {

    public EvalReport {
        requireNonNull(generator, "generator");
        items = List.copyOf(items);
    }

    public EvalTotals totals() {
        return EvalTotals.of(items);
    }

    /** {@return the totals of each database's questions, by database name} */
    public Map<DatabaseName, EvalTotals> perDatabase() {
        Map<DatabaseName, List<EvalItem>> byDatabase = new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
        items.forEach(item -> byDatabase.computeIfAbsent(item.question().database(), d -> new ArrayList<>()).add(item));
        Map<DatabaseName, EvalTotals> totals = new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
        byDatabase.forEach((database, list) -> totals.put(database, EvalTotals.of(list)));
        return totals;
    }
}
