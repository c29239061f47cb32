package dev.nl2sql.domain.offline;

import dev.nl2sql.domain.schema.ForeignKey;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.schema.SchemaText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The foreign-key steps from one relation to another: the only shortest path of single-column keys, at most
 * {@link #MAX_STEPS} long. Two shortest paths (orders reach employees as salesman and as clerk) mean the question did
 * not say which, and give none.
 */
record JoinPath(List<Step> steps) {

    static final int MAX_STEPS = 3;

    /**
     * One join: {@code to} joined to {@code from} on {@code key}.
     *
     * @param fanOut whether {@code to} holds the key, so that one row of {@code from} meets many of {@code to}
     */
    record Step(Relation from, Relation to, ForeignKey key, boolean fanOut) {

        /** {@return the ON condition, with {@code fromName} and {@code toName} as the two sides' names in the query} */
        String on(String fromName, String toName) {
            String keyColumn = SchemaText.identifier(key.columns().getFirst());
            String referenced = SchemaText.identifier(key.referencedColumns().getFirst());
            return fanOut ? toName + "." + keyColumn + " = " + fromName + "." + referenced
                    : toName + "." + referenced + " = " + fromName + "." + keyColumn;
        }
    }

    JoinPath {
        steps = List.copyOf(steps);
    }

    boolean fansOut() {
        return steps.stream().anyMatch(Step::fanOut);
    }

    /** {@return the path from {@code from} to {@code to}, or empty when there is none or more than one of the shortest length} */
    static Optional<JoinPath> between(SchemaSnapshot schema, Relation from, Relation to) {
        if (from.equals(to)) {
            return Optional.of(new JoinPath(List.of()));
        }
        Map<Relation, List<List<Step>>> reached = new HashMap<>();
        reached.put(from, List.of(List.of()));
        List<Relation> frontier = List.of(from);
        for (int depth = 1; depth <= MAX_STEPS && !frontier.isEmpty(); depth++) {
            Map<Relation, List<List<Step>>> next = new HashMap<>();
            for (Relation current : frontier) {
                for (Step step : steps(schema, current)) {
                    if (reached.containsKey(step.to())) {
                        continue;
                    }
                    for (List<Step> path : reached.get(current)) {
                        List<Step> longer = new ArrayList<>(path);
                        longer.add(step);
                        next.computeIfAbsent(step.to(), k -> new ArrayList<>()).add(longer);
                    }
                }
            }
            reached.putAll(next);
            if (next.containsKey(to)) {
                List<List<Step>> paths = next.get(to);
                return paths.size() == 1 ? Optional.of(new JoinPath(paths.getFirst())) : Optional.empty();
            }
            frontier = List.copyOf(next.keySet());
        }
        return Optional.empty();
    }

    /** {@return the path over exactly {@code key} (of {@code from} or of {@code to}), when it joins the two} */
    static Optional<JoinPath> over(Relation from, Relation to, ForeignKey key) {
        if (from.foreignKeys().contains(key) && key.referenced().equals(to.name())) {
            return Optional.of(new JoinPath(List.of(new Step(from, to, key, false))));
        }
        if (to.foreignKeys().contains(key) && key.referenced().equals(from.name())) {
            return Optional.of(new JoinPath(List.of(new Step(from, to, key, true))));
        }
        return Optional.empty();
    }

    private static List<Step> steps(SchemaSnapshot schema, Relation current) {
        List<Step> steps = new ArrayList<>();
        for (ForeignKey key : current.foreignKeys()) {
            if (key.columns().size() == 1 && !key.referenced().equals(current.name())) {
                schema.relation(key.referenced().schema(), key.referenced().name()).ifPresent(to -> steps.add(new Step(current, to, key, false)));
            }
        }
        for (Relation other : schema.relations()) {
            if (other.equals(current)) {
                continue;
            }
            for (ForeignKey key : other.foreignKeys()) {
                if (key.columns().size() == 1 && key.referenced().equals(current.name())) {
                    steps.add(new Step(current, other, key, true));
                }
            }
        }
        return steps;
    }
}
