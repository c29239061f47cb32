package dev.nl2sql.domain.offline;

import dev.nl2sql.domain.linking.Words;
import dev.nl2sql.domain.query.GeneratedQuery;
import dev.nl2sql.domain.query.TokenUsage;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.ForeignKey;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.schema.SchemaText;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a question's {@link Mention}s into one SELECT, or a refusal. Each mention must take a role (subject, filter,
 * group, measure, ranking, limit, projection); a mention left without one, two readings of equal weight, a join the
 * foreign keys do not decide, or a ranking without a limit make it refuse rather than guess.
 */
final class Interpreter {

    private static final Set<String> WH_WORDS = Set.of("what", "what's", "whats", "how");
    private static final Set<String> APPOSITION = Set.of("in", "from", "of", "at", "the", "a", "an", "based", "located", "living", "live",
            "lives", "situated", "named", "called", "with", "whose", "is", "are", "was", "were", "to", "for", "by");
    private static final Set<String> TEMPORAL_HINT_STOPS = Set.of("at", "on", "date", "time");

    /** Refusal, thrown inside and turned into an answer at the top: every path that cannot decide ends here. */
    private static final class Refusal extends RuntimeException {
        final List<String> words;

        Refusal(String reason, List<String> words) {
            super(reason, null, false, false);
            this.words = List.copyOf(words);
        }
    }

    private record ValueFilter(Mention.Value value, List<Mention.ColumnRef> candidates, boolean negated) {}

    private record Comparison(List<Mention.ColumnRef> candidates, List<String> hints, String operator, BigDecimal number, String text) {}

    private final QuestionReader.Reading reading;
    private final List<Mention> mentions;
    private final boolean[] placed;
    private final SchemaSnapshot schema;
    private final List<String> explanation = new ArrayList<>();
    private double confidence = 0.9;

    private Relation subject;
    private Mention.Table subjectMention;
    private boolean count;
    private Optional<Mention.Table> absent = Optional.empty();
    private Optional<Mention> groupKey = Optional.empty();
    private Optional<String> aggregate = Optional.empty();
    private Optional<Mention.Attribute> measure = Optional.empty();
    private Optional<String> measureWord = Optional.empty();
    private boolean ranking;
    private boolean descending = true;
    private Optional<Mention.Attribute> rankColumn = Optional.empty();
    private List<String> rankHints = List.of();
    private Optional<Mention.Table> rankCounted = Optional.empty();
    private Optional<Integer> limit = Optional.empty();
    private final List<ValueFilter> values = new ArrayList<>();
    private final List<Mention.Value> underValues = new ArrayList<>();
    private final List<Comparison> comparisons = new ArrayList<>();
    private final List<Mention.Attribute> flags = new ArrayList<>();
    private final List<Mention.Attribute> unset = new ArrayList<>();
    private final List<Mention.Period> periods = new ArrayList<>();
    private final List<Mention.Attribute> projections = new ArrayList<>();
    private boolean under;
    private boolean popular;
    private final List<Mention.State> states = new ArrayList<>();

    private Interpreter(QuestionReader.Reading reading, SchemaSnapshot schema) {
        this.reading = reading;
        this.mentions = reading.mentions();
        this.placed = new boolean[mentions.size()];
        this.schema = schema;
    }

    static OfflineAnswer interpret(QuestionReader.Reading reading, SchemaSnapshot schema) {
        if (reading.tokens().isEmpty()) {
            return new OfflineAnswer.Refused("the question is empty", List.of());
        }
        if (!reading.unknown().isEmpty()) {
            return new OfflineAnswer.Refused("could not match every word of the question to the schema", reading.unknown());
        }
        try {
            return new Interpreter(reading, schema).answer();
        } catch (Refusal refusal) {
            return new OfflineAnswer.Refused(refusal.getMessage(), refusal.words);
        }
    }

    private OfflineAnswer answer() {
        assignRoles();
        chooseSubject();
        SelectQuery query = build();
        for (int i = 0; i < mentions.size(); i++) {
            if (!placed[i]) {
                throw refusal("could not tell what '" + text(mentions.get(i)) + "' asks for in this question", List.of(text(mentions.get(i))));
            }
        }
        reading.notes().forEach(note -> explanation.add(note));
        String text = explanation.isEmpty() ? "" : Character.toUpperCase(explanation.getFirst().charAt(0))
                + String.join("; ", explanation).substring(1) + ".";
        return new OfflineAnswer.Answered(new GeneratedQuery(query.sql(), text, Math.max(0.5, Math.round(confidence * 100) / 100.0),
                query.tables(), 1, TokenUsage.NONE, OfflineGenerator.GENERATOR));
    }

    // ---- roles -------------------------------------------------------------------------------------------------

    private void assignRoles() {
        for (int i = 0; i < mentions.size(); i++) {
            switch (mentions.get(i)) {
                case Mention.Under u -> {
                    under = true;
                    place(i);
                    for (int j = i + 1; j < mentions.size() && mentions.get(j) instanceof Mention.Value v; j++) {
                        underValues.add(v);
                        place(j);
                    }
                    if (underValues.isEmpty()) {
                        throw refusal("'" + text(u) + "' must be followed by whom", List.of());
                    }
                }
                case Mention.Count c -> {
                    count = true;
                    place(i);
                }
                default -> { }
            }
        }
        for (int i = 0; i < mentions.size(); i++) {
            if (!placed[i] && mentions.get(i) instanceof Mention.Value value) {
                List<Mention.ColumnRef> candidates = value.columns();
                for (int n : new int[] {i - 1, i + 1}) {
                    if (n < 0 || n >= mentions.size() || placed[n] || !apposed(mentions.get(Math.min(i, n)), mentions.get(Math.max(i, n)))) {
                        continue;
                    }
                    List<Mention.ColumnRef> narrowed = switch (mentions.get(n)) {
                        case Mention.Table t -> candidates.stream().filter(c -> c.relation().equals(t.relation())).toList();
                        case Mention.Attribute a -> {
                            List<Mention.ColumnRef> same = candidates.stream().filter(a.columns()::contains).toList();
                            String word = reading.tokens().get(a.start()).stem(); // "shipped to France": ship_country
                            yield !same.isEmpty() ? same : candidates.stream().filter(c -> Words.ofName(c.column().name()).contains(word)).toList();
                        }
                        default -> List.of();
                    };
                    if (!narrowed.isEmpty()) {
                        candidates = narrowed;
                        place(n);
                    }
                }
                boolean negated = i > 0 && mentions.get(i - 1) instanceof Mention.Negate && !placed[i - 1];
                if (negated) {
                    place(i - 1);
                }
                values.add(new ValueFilter(value, candidates, negated));
                place(i);
            }
        }
        for (int i = 0; i < mentions.size(); i++) {
            if (placed[i]) {
                continue;
            }
            Optional<Mention> next = i + 1 < mentions.size() && !placed[i + 1] ? Optional.of(mentions.get(i + 1)) : Optional.empty();
            switch (mentions.get(i)) {
                case Mention.Group g -> group(i, g, next);
                case Mention.Aggregate a -> {
                    place(i);
                    if (aggregate.isPresent()) { // "average order total": the second word names the measure
                        measureWord = Optional.of(reading.tokens().get(a.start()).stem());
                        continue;
                    }
                    aggregate = Optional.of(a.function());
                    Mention afterNext = i + 2 < mentions.size() && !placed[i + 2] ? mentions.get(i + 2) : null;
                    if (next.orElse(null) instanceof Mention.Attribute attribute) {
                        measure = Optional.of(attribute);
                        place(i + 1);
                    } else if (next.orElse(null) instanceof Mention.Table t && afterNext instanceof Mention.Attribute attribute
                            && attribute.columns().stream().anyMatch(c -> c.relation().equals(t.relation()))) { // "total order amount"
                        measure = Optional.of(new Mention.Attribute(attribute.start(), attribute.end(),
                                attribute.columns().stream().filter(c -> c.relation().equals(t.relation())).toList(), attribute.evidence()));
                        place(i + 1);
                        place(i + 2);
                    } else {
                        measureWord = Optional.of(reading.tokens().get(a.start()).stem());
                    }
                }
                case Mention.Extreme e -> extreme(i, e, next);
                case Mention.Measure m -> {
                    if (m.comparative() || !m.superlative() && next.orElse(null) instanceof Mention.Number) {
                        comparison(i, m.descending() ? ">" : "<", m.hints(), List.of());
                    } else {
                        ranking = true;
                        descending = m.descending();
                        rankHints = m.hints();
                        place(i);
                    }
                }
                case Mention.Compare c -> {
                    List<Mention.ColumnRef> before = i > 0 && mentions.get(i - 1) instanceof Mention.Attribute a && !placed[i - 1]
                            ? a.columns() : List.of();
                    if (!before.isEmpty()) {
                        place(i - 1);
                    }
                    comparison(i, c.operator(), List.of(), before);
                }
                case Mention.Negate n -> negate(i, next);
                case Mention.Zero z -> {
                    place(i);
                    if (!(next.orElse(null) instanceof Mention.Attribute a)) {
                        throw refusal("could not tell what is out", List.of("out"));
                    }
                    comparisons.add(new Comparison(a.columns(), List.of(), "=", BigDecimal.ZERO, "is 0"));
                    place(i + 1);
                }
                case Mention.Popular p -> {
                    place(i);
                    ranking = true;
                    popular = true;
                    descending = p.descending();
                }
                case Mention.State st -> {
                    place(i);
                    states.add(st);
                }
                case Mention.Period p -> {
                    periods.add(p);
                    place(i);
                }
                default -> { }
            }
        }
        for (int i = 0; i < mentions.size(); i++) {
            if (placed[i] || !(mentions.get(i) instanceof Mention.Number number)) {
                continue;
            }
            Mention after = i + 1 < mentions.size() ? mentions.get(i + 1) : null;
            Mention before = i > 0 ? mentions.get(i - 1) : null;
            if (limit.isEmpty() && number.value().scale() == 0 && number.value().signum() > 0
                    && number.value().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0 // a bigger one is a value, never a row count
                    && (after instanceof Mention.Extreme || after instanceof Mention.Measure || after instanceof Mention.Table || after instanceof Mention.Popular
                    || before instanceof Mention.Extreme e && e.word().equals("top"))) {
                limit = Optional.of(number.value().intValueExact());
                place(i);
            } else if (before instanceof Mention.Attribute a && !placed[i - 1]) { // "a rating of 5"
                comparisons.add(new Comparison(a.columns(), List.of(), "=", number.value(), text(a) + " is " + number.value()));
                place(i - 1);
                place(i);
            }
        }
        for (int i = 0; i < mentions.size(); i++) {
            if (!placed[i] && mentions.get(i) instanceof Mention.Attribute a && a.columns().stream().allMatch(c -> isFlag(c.column()))) {
                flags.add(a);
                place(i);
            }
        }
    }

    private void group(int i, Mention.Group g, Optional<Mention> next) {
        place(i);
        switch (next.orElse(null)) {
            case Mention.Table t -> {
                groupKey = Optional.of(t);
                place(i + 1);
            }
            case Mention.Attribute a -> {
                groupKey = Optional.of(a);
                place(i + 1);
            }
            case null -> {
                if (!g.word().equals("by")) {
                    throw refusal("'" + g.word() + "' must be followed by what to group by", List.of(g.word()));
                }
            }
            default -> {
                if (!g.word().equals("by")) {
                    throw refusal("'" + g.word() + "' must be followed by what to group by", List.of(g.word()));
                }
            }
        }
    }

    private void extreme(int i, Mention.Extreme e, Optional<Mention> next) {
        place(i);
        ranking = true;
        descending = e.descending();
        Mention after = next.orElse(null);
        if (after instanceof Mention.Number n && e.word().equals("top")) {
            limit = Optional.of(n.value().intValue());
            place(i + 1);
            after = i + 2 < mentions.size() && !placed[i + 2] ? mentions.get(i + 2) : null;
            if (after instanceof Mention.Measure || after instanceof Mention.Attribute) {
                extreme(i + 1, e, Optional.of(after));
            }
            return;
        }
        switch (after) {
            case Mention.Measure m -> {
                int at = mentions.indexOf(m);
                if ((e.word().equals("more") || e.word().equals("less")) && at + 1 < mentions.size() && mentions.get(at + 1) instanceof Mention.Number) {
                    ranking = false;
                    comparison(at, e.descending() == m.descending() ? ">" : "<", m.hints(), List.of());
                    return;
                }
                descending = e.descending() == m.descending();
                rankHints = m.hints();
                place(at);
            }
            case Mention.Attribute a -> {
                rankColumn = Optional.of(a);
                place(mentions.indexOf(a));
            }
            case Mention.Table t -> {
                rankCounted = Optional.of(t);
                place(mentions.indexOf(t));
            }
            case null, default -> {
                if (!e.word().equals("top")) {
                    throw refusal("could not tell what '" + e.word() + "' ranks by", List.of(e.word()));
                }
            }
        }
    }

    /** A comparison at mention {@code i} with the number after it, on the column before it, after the number, or implied. */
    private void comparison(int i, String operator, List<String> hints, List<Mention.ColumnRef> columns) {
        place(i);
        if (i + 1 >= mentions.size() || !(mentions.get(i + 1) instanceof Mention.Number number)) {
            throw refusal("a comparison needs a number after '" + text(mentions.get(i)) + "'", List.of(text(mentions.get(i))));
        }
        place(i + 1);
        List<Mention.ColumnRef> compared = columns;
        if (compared.isEmpty() && i + 2 < mentions.size() && mentions.get(i + 2) instanceof Mention.Attribute a && !placed[i + 2]) {
            compared = a.columns(); // "longer than 600000 milliseconds", "less than 10 units in stock"
            place(i + 2);
        }
        comparisons.add(new Comparison(compared, hints, operator, number.value(), operator + " " + number.value().toPlainString()));
    }

    private void negate(int i, Optional<Mention> next) {
        place(i);
        switch (next.orElse(null)) {
            case Mention.Table t -> {
                absent = Optional.of(t);
                place(i + 1);
            }
            case Mention.Attribute a when a.columns().stream().allMatch(c -> isFlag(c.column())) -> {
                flags.add(new Mention.Attribute(-1, -1, a.columns(), a.evidence())); // start -1 marks "not"
                place(i + 1);
            }
            case Mention.Attribute a when a.columns().stream().anyMatch(c -> isNumeric(c.column()) && !isReference(c)) ->
                    throw refusal("'no " + text(a) + "' may mean 0 or not set", List.of(text(a))); // "no units on order" is 0, not NULL
            case Mention.Attribute a when a.columns().stream().allMatch(c -> c.column().nullable()) -> {
                unset.add(a);
                place(i + 1);
            }
            case null, default -> throw refusal("could not tell what 'not' applies to", List.of("not"));
        }
    }

    // ---- subject -----------------------------------------------------------------------------------------------

    private void chooseSubject() {
        List<Integer> tables = new ArrayList<>();
        for (int i = 0; i < mentions.size(); i++) {
            if (!placed[i] && mentions.get(i) instanceof Mention.Table) {
                tables.add(i);
            }
        }
        if (!tables.isEmpty()) {
            subjectMention = (Mention.Table) mentions.get(tables.getFirst());
            subject = subjectMention.relation();
            for (int i : tables) {
                if (((Mention.Table) mentions.get(i)).relation().equals(subject)) {
                    place(i);
                }
            }
            confidence *= subjectMention.evidence().confidence();
        } else if (under) {
            subject = common(underValues.stream().map(v -> v.columns().stream().map(Mention.ColumnRef::relation).distinct().toList()).toList());
        } else if (measure.isPresent()) {
            List<Relation> measured = measure.get().columns().stream().filter(c -> isNumeric(c.column())).map(Mention.ColumnRef::relation).distinct().toList();
            subject = common(List.of(groupKey.orElse(null) instanceof Mention.Table by ? nearest(measured, by.relation()) : measured));
        } else if (rankColumn.isPresent()) {
            subject = common(List.of(rankColumn.get().columns().stream().map(Mention.ColumnRef::relation).distinct().toList()));
        } else if (!values.isEmpty()) {
            subject = common(List.of(values.getFirst().candidates().stream().map(Mention.ColumnRef::relation).distinct().toList()));
        } else if (firstUnplaced(Mention.Attribute.class).isPresent()) { // "which job titles are there"
            subject = common(List.of(firstUnplaced(Mention.Attribute.class).get().columns().stream().map(Mention.ColumnRef::relation).distinct().toList()));
        } else {
            throw refusal("no table matched the question", List.of());
        }
        List<Mention.ColumnRef> named = new ArrayList<>();
        measure.ifPresent(m -> named.addAll(m.columns()));
        rankColumn.ifPresent(r -> named.addAll(r.columns()));
        for (int i = 0; i < mentions.size(); i++) {
            if (!placed[i] && mentions.get(i) instanceof Mention.Attribute a) {
                if (!named.isEmpty() && named.containsAll(a.columns())) {
                    place(i); // "average track length in milliseconds": the same column again
                    continue;
                }
                projections.add(a);
                place(i);
            }
        }
    }

    /** Whether only words such as "in", "from", "based in", "called" stand between two mentions: "clients based in Brazil". */
    private boolean apposed(Mention first, Mention second) {
        for (int t = first.end() + 1; t < second.start(); t++) {
            if (!APPOSITION.contains(reading.tokens().get(t).word())) {
                return false;
            }
        }
        return true;
    }

    private <T extends Mention> Optional<T> firstUnplaced(Class<T> kind) {
        for (int i = 0; i < mentions.size(); i++) {
            if (!placed[i] && kind.isInstance(mentions.get(i))) {
                return Optional.of(kind.cast(mentions.get(i)));
            }
        }
        return Optional.empty();
    }

    /** Those of {@code relations} with the shortest foreign-key path to {@code target} ("unit price by category": products). */
    private List<Relation> nearest(List<Relation> relations, Relation target) {
        int best = Integer.MAX_VALUE;
        List<Relation> nearest = new ArrayList<>();
        for (Relation relation : relations) {
            int steps = JoinPath.between(schema, relation, target).map(p -> p.steps().size()).orElse(Integer.MAX_VALUE);
            if (steps < best) {
                best = steps;
                nearest.clear();
            }
            if (steps == best && steps < Integer.MAX_VALUE) {
                nearest.add(relation);
            }
        }
        return nearest.isEmpty() ? relations : nearest;
    }

    /** The one relation every list holds, or a refusal. */
    private Relation common(List<List<Relation>> candidates) {
        List<Relation> shared = new ArrayList<>(candidates.getFirst());
        candidates.forEach(shared::retainAll);
        if (shared.size() != 1) {
            throw refusal("could not tell which table the question is about", List.of());
        }
        return shared.getFirst();
    }

    // ---- the query ---------------------------------------------------------------------------------------------

    private SelectQuery build() {
        if (rankCounted.isPresent()) {
            return rankedByCount(rankCounted.get().relation(), Optional.empty());
        }
        if (popular) { // "the 10 most used tags": by the rows of the one relation that refers to them
            List<Relation> referring = schema.relations().stream().filter(r -> !r.equals(subject) && r.foreignKeys().stream()
                    .anyMatch(fk -> fk.columns().size() == 1 && fk.referenced().equals(subject.name()))).toList();
            if (referring.size() != 1) {
                throw refusal("could not tell what use of " + subject.name().name() + " to count", List.of());
            }
            return rankedByCount(referring.getFirst(), Optional.empty());
        }
        if (rankColumn.isPresent()) { // "the most followers": follows rows, joined by the key the word does not name
            for (Mention.ColumnRef column : rankColumn.get().columns()) {
                List<ForeignKey> toSubject = column.relation().foreignKeys().stream()
                        .filter(fk -> fk.columns().size() == 1 && fk.referenced().equals(subject.name())).toList();
                if (!column.relation().equals(subject) && toSubject.size() == 2
                        && toSubject.stream().anyMatch(fk -> fk.columns().getFirst().equals(column.column().name()))) {
                    ForeignKey other = toSubject.stream().filter(fk -> !fk.columns().getFirst().equals(column.column().name())).findFirst().orElseThrow();
                    return rankedByCount(column.relation(), Optional.of(other));
                }
            }
        }
        SelectQuery query = new SelectQuery(subject);
        List<String> labels = labels(subject, query);
        if (count && aggregate.filter(f -> !f.equals("sum")).isPresent()) { // "average number of tracks per album": an aggregate of counts
            throw refusal("an average, maximum or minimum of counts is beyond the offline generator", List.of());
        }
        if (count) {
            grouped(query, "count(*)", "number of " + subject.name().name());
        } else if (aggregate.isPresent()) {
            Mention.ColumnRef column = measureColumn();
            String expression = aggregateOf(aggregate.get(), column, query);
            grouped(query, expression, aggregate.get() + " of " + column.column().name());
        } else if (ranking) {
            if (rankColumn.isEmpty() && groupKey.orElse(null) instanceof Mention.Attribute by) {
                rankColumn = Optional.of(by); // "the top 5 products by price"
                groupKey = Optional.empty();
            }
            Mention.ColumnRef column = rankColumn.map(a -> pick(a.columns(), true, "ranked by")).orElseGet(this::hintedRankColumn);
            String col = reach(query, column);
            boolean asksValue = WH_WORDS.contains(reading.tokens().getFirst().word()) && limit.isEmpty()
                    && (subjectMention == null || rankColumn.isPresent() && rankColumn.get().start() < subjectMention.start()
                    || projections.stream().anyMatch(p -> p.columns().contains(column)));
            if (asksValue) { // "what is the highest salary", "the price of the most expensive product"
                projections.removeIf(p -> p.columns().contains(column));
                query.select((descending ? "max(" : "min(") + col + ")");
                explanation.add((descending ? "the highest " : "the lowest ") + column.column().name() + " of " + subject.name().name());
            } else {
                labels.forEach(query::select);
                query.select(col);
                query.orderBy(col + (descending ? " DESC" : " ASC") + " NULLS LAST");
                int rows = limit(query);
                explanation.add("the " + (rows == 1 ? "" : rows + " ") + subject.name().name() + " with the " + (descending ? "highest " : "lowest ")
                        + column.column().name());
            }
            if (groupKey.isPresent()) {
                throw refusal("a ranking by group is beyond the offline generator", List.of());
            }
        } else {
            if (groupKey.isPresent()) {
                throw refusal("grouped, but with nothing to count or add up", List.of());
            }
            list(query, labels);
        }
        if (!projections.isEmpty()) {
            throw refusal("could not tell how '" + text(projections.getFirst()) + "' fits the question", List.of(text(projections.getFirst())));
        }
        if (limit.isPresent() && !ranking) {
            throw refusal("a number of rows was given, but nothing to rank them by", List.of(limit.get().toString()));
        }
        conditions(query, subject);
        return query;
    }

    /** Selects {@code measure}, per the group key if there is one. */
    private void grouped(SelectQuery query, String measure, String what) {
        if (groupKey.isEmpty()) {
            query.select(measure);
            explanation.add(what);
            return;
        }
        switch (groupKey.get()) {
            case Mention.Table t -> {
                JoinPath path = path(subject, t.relation());
                if (path.fansOut()) {
                    throw refusal("grouping " + subject.name().name() + " by " + t.relation().name().name() + " would count rows twice", List.of());
                }
                query.join(path);
                groupByRelation(query, t.relation(), SelectQuery.name(t.relation()));
                explanation.add(what + " per " + Words.stem(t.relation().name().name()));
            }
            case Mention.Attribute a -> {
                Mention.ColumnRef column = pick(a.columns(), false, "grouped by");
                if (QuestionReader.isTemporal(column.column())) { // "per year" reaches the date by a synonym; grouped as it is, one group per day
                    throw refusal("grouping by " + column.column().name() + " per year, month or day is beyond the offline generator", List.of(text(a)));
                }
                Optional<ForeignKey> key = column.relation().foreignKeys().stream()
                        .filter(fk -> fk.columns().equals(List.of(column.column().name()))).findFirst();
                if (key.isPresent() && column.relation().equals(subject)) { // "per support rep": the referenced row
                    Relation target = schema.relation(key.get().referenced().schema(), key.get().referenced().name()).orElseThrow();
                    query.join(JoinPath.over(subject, target, key.get()).orElseThrow());
                    groupByRelation(query, target, SelectQuery.name(target));
                } else {
                    String col = reach(query, column);
                    query.select(col);
                    query.groupBy(col);
                }
                explanation.add(what + " per " + column.column().name());
            }
            default -> throw new IllegalStateException("a group key is a table or a column");
        }
        query.select(measure);
        if (query.fansOut()) {
            throw refusal("the joins would count rows more than once", List.of());
        }
    }

    private void groupByRelation(SelectQuery query, Relation relation, String name) {
        List<String> labels = Labels.of(relation).stream().map(c -> SelectQuery.column(name, c)).toList();
        labels.forEach(query::select);
        relation.primaryKey().forEach(pk -> query.groupBy(SelectQuery.column(name, pk)));
        labels.forEach(query::groupBy);
    }

    /** "Which customer placed the most orders": the subject's rows ranked by how many rows of {@code counted} refer to them. */
    private SelectQuery rankedByCount(Relation counted, Optional<ForeignKey> over) {
        JoinPath toSubject = over.flatMap(key -> JoinPath.over(counted, subject, key)).or(() -> JoinPath.between(schema, counted, subject))
                .orElseThrow(() -> refusal("could not tell how " + counted.name().name() + " refer to " + subject.name().name(), List.of()));
        if (toSubject.fansOut() || toSubject.steps().isEmpty()) {
            throw refusal(counted.name().name() + " do not each belong to one " + subject.name().name(), List.of());
        }
        if (count || aggregate.isPresent() || groupKey.isPresent()) {
            throw refusal("a ranking by count cannot also be counted or grouped offline", List.of());
        }
        SelectQuery query = new SelectQuery(counted);
        query.join(toSubject);
        groupByRelation(query, subject, SelectQuery.name(subject));
        query.select("count(*)");
        query.orderBy("count(*)" + (descending ? " DESC" : " ASC"));
        int rows = limit(query);
        explanation.add("the " + (rows == 1 ? "" : rows + " ") + subject.name().name() + " with the " + (descending ? "most " : "fewest ")
                + counted.name().name());
        if (!projections.isEmpty()) {
            throw refusal("could not tell how '" + text(projections.getFirst()) + "' fits the question", List.of(text(projections.getFirst())));
        }
        conditions(query, counted);
        return query;
    }

    private void list(SelectQuery query, List<String> labels) {
        boolean attributeFirst = !projections.isEmpty() && (subjectMention == null || projections.getFirst().start() < subjectMention.start());
        if (attributeFirst) { // "which cities ...", "which job titles are there": the distinct values
            List<String> shown = new ArrayList<>();
            for (Mention.Attribute attribute : projections) {
                Mention.ColumnRef column = pick(attribute.columns(), false, "listed");
                if (isNumeric(column.column())) { // "what is the total amount of orders in 2024": a sum, or each order's; not the distinct amounts
                    throw refusal("could not tell whether '" + text(attribute) + "' asks for a sum or for each row's", List.of(text(attribute)));
                }
                query.select(reach(query, column));
                shown.add(column.column().name());
            }
            projections.clear();
            query.distinct();
            explanation.add("the distinct " + String.join(", ", shown) + " of " + subject.name().name());
            return;
        }
        if (!projections.isEmpty()) {
            throw refusal("could not tell how '" + text(projections.getFirst()) + "' fits the question", List.of(text(projections.getFirst())));
        }
        labels.forEach(query::select);
        query.orderBy(String.join(", ", labels));
        explanation.add("lists " + subject.name().name());
    }

    private List<String> labels(Relation relation, SelectQuery query) {
        return Labels.of(relation).stream().map(c -> SelectQuery.column(SelectQuery.name(relation), c)).toList();
    }

    /**
     * WHERE conditions: related rows absent, values, the self-reference, comparisons, flags, unset dates and periods;
     * refused when one joins a table the query's rows have many of, which would repeat them (in a count, a sum, a list).
     */
    private void conditions(SelectQuery query, Relation dated) {
        where(query, dated);
        if (query.fansOut() && !query.isDistinct() && !countsAValue()) { // "customers who ordered Chai": one row per order line of Chai
            throw refusal("a condition on a table " + query.subject().name().name() + " has many of would repeat its rows", List.of());
        }
    }

    /** "How many moderators are there in groups": what is counted is the value's rows, each joined once. */
    private boolean countsAValue() {
        for (int i = 0; count && i + 1 < mentions.size(); i++) {
            if (mentions.get(i) instanceof Mention.Count) {
                return mentions.get(i + 1) instanceof Mention.Value;
            }
        }
        return false;
    }

    private void where(SelectQuery query, Relation dated) {
        if (absent.isPresent()) { // in every shape, not only a count: "which artists have no albums" lists the artists without
            Relation other = absent.get().relation();
            JoinPath path = JoinPath.between(schema, subject, other).filter(p -> p.steps().size() == 1 && p.fansOut())
                    .orElseThrow(() -> refusal("could not tell how " + other.name().name() + " refers to " + subject.name().name(), List.of()));
            JoinPath.Step step = path.steps().getFirst();
            query.where(new SelectQuery.Condition("NOT EXISTS (SELECT 1 FROM " + SelectQuery.name(other) + " WHERE "
                    + step.on(SelectQuery.name(subject), SelectQuery.name(other)) + ")", "no " + other.name().name()));
        }
        List<Mention.ColumnRef> equated = new ArrayList<>();
        for (ValueFilter filter : values) {
            Mention.ColumnRef column = pick(filter.candidates(), false, "holding '" + filter.value().stored() + "'", true);
            boolean flag = column.column().type().equals("boolean");
            // "orders not from Germany" keeps the orders without a customer: an inner join would drop them
            String col = flag || !filter.negated() ? reach(query, column) : reachOuter(query, column);
            if (flag) {
                query.where(new SelectQuery.Condition((filter.negated() ? "NOT " : "") + col, column.column().name() + (filter.negated() ? " is false" : " is true")));
                continue;
            }
            if (!filter.negated() && equated.contains(column)) { // "from Germany or France": ANDed, no row would match
                throw refusal("two values of " + column.column().name() + " in one question ('or', 'both') are beyond the offline generator",
                        List.of(filter.value().stored()));
            }
            if (!filter.negated()) {
                equated.add(column);
            }
            // a row with no value is not 'CA' either: "customers not in CA" keeps the 29 without a state that <> drops
            boolean mayBeEmpty = column.column().nullable() || !column.relation().equals(query.subject());
            String operator = !filter.negated() ? " = " : mayBeEmpty ? " IS DISTINCT FROM " : " <> ";
            query.where(new SelectQuery.Condition(col + operator + literal(filter.value().stored()),
                    column.column().name() + (filter.negated() ? " is not '" : " is '") + filter.value().stored() + "'"));
            confidence *= filter.value().evidence().confidence();
        }
        if (under) {
            underCondition(query);
        }
        for (Comparison comparison : comparisons) {
            Mention.ColumnRef column = comparison.candidates().isEmpty() ? hinted(comparison.hints(), "compared")
                    : pick(comparison.candidates(), true, "compared");
            query.where(new SelectQuery.Condition(reach(query, column) + " " + comparison.operator() + " " + comparison.number().toPlainString(),
                    column.column().name() + " " + comparison.text()));
        }
        for (Mention.Attribute flag : flags) {
            Mention.ColumnRef column = pick(flag.columns(), false, "true or false");
            String col = reach(query, column);
            boolean not = flag.start() < 0;
            boolean integer = !column.column().type().startsWith("bool");
            query.where(new SelectQuery.Condition(integer ? col + (not ? " = 0" : " = 1") : (not ? "NOT " : "") + col,
                    column.column().name() + (not ? " is false" : " is true")));
        }
        for (Mention.Attribute attribute : unset) {
            Mention.ColumnRef column = pick(attribute.columns(), false, "not set");
            query.where(new SelectQuery.Condition(reach(query, column) + " IS NULL", column.column().name() + " is not set"));
        }
        for (Mention.State state : states) {
            List<Column> ends = subject.columns().stream().filter(c -> c.nullable() && QuestionReader.isTemporal(c)
                    && Words.ofName(c.name()).stream().anyMatch(state.hints()::contains)).toList();
            if (ends.size() != 1) {
                throw refusal("could not tell which date of " + subject.name().name() + " says whether one is "
                        + (state.current() ? "current" : "former"), List.of());
            }
            String col = SelectQuery.column(new Mention.ColumnRef(subject, ends.getFirst()));
            query.where(new SelectQuery.Condition(col + (state.current() ? " IS NULL" : " IS NOT NULL"),
                    ends.getFirst().name() + (state.current() ? " is not set" : " is set")));
        }
        for (Mention.Period period : periods) {
            Mention.ColumnRef column = dateColumn(dated);
            String col = reach(query, column);
            period.from().ifPresent(from -> query.where(new SelectQuery.Condition(col + " >= '" + from + "'", column.column().name() + " from " + from)));
            period.until().ifPresent(until -> query.where(new SelectQuery.Condition(col + " < '" + until + "'", column.column().name() + " before " + until)));
        }
        if (!query.conditions().isEmpty()) {
            explanation.add("where " + String.join(" and ", query.conditions().stream().map(SelectQuery.Condition::text).toList()));
        }
    }

    /** "Who reports to Nancy Edwards": rows whose self-reference points at the named row, joined as {@code boss}. */
    private void underCondition(SelectQuery query) {
        List<ForeignKey> selfKeys = subject.foreignKeys().stream().filter(fk -> fk.columns().size() == 1 && fk.referenced().equals(subject.name())).toList();
        if (selfKeys.size() != 1) {
            throw refusal(subject.name().name() + " has no single reference to itself to follow", List.of());
        }
        JoinPath.Step step = new JoinPath.Step(subject, subject, selfKeys.getFirst(), false);
        query.joinAs(step, "boss");
        for (Mention.Value value : underValues) {
            Mention.ColumnRef column = value.columns().stream().filter(c -> c.relation().equals(subject)).findFirst()
                    .orElseThrow(() -> refusal("'" + value.stored() + "' is not a " + subject.name().name(), List.of(value.stored())));
            query.where(new SelectQuery.Condition("boss." + SchemaText.identifier(column.column().name()) + " = " + literal(value.stored()),
                    selfKeys.getFirst().columns().getFirst() + " points at " + column.column().name() + " '" + value.stored() + "'"));
        }
    }

    // ---- columns -----------------------------------------------------------------------------------------------

    /** The measure of an aggregate: the column named after it, or the subject's numeric column its word names ("total"). */
    private Mention.ColumnRef measureColumn() {
        if (measure.isPresent()) {
            return pick(measure.get().columns().stream().filter(c -> isNumeric(c.column())).toList(), true, "aggregated");
        }
        String word = measureWord.orElseThrow(() -> refusal("could not tell what to aggregate", List.of()));
        List<Mention.ColumnRef> named = subject.columns().stream().filter(Interpreter::isNumeric)
                .filter(c -> Words.ofName(c.name()).contains(word)).map(c -> new Mention.ColumnRef(subject, c)).toList();
        if (named.size() != 1) {
            throw refusal("could not tell which column of " + subject.name().name() + " to aggregate", List.of(word));
        }
        return named.getFirst();
    }

    private String aggregateOf(String function, Mention.ColumnRef column, SelectQuery query) {
        String col = reach(query, column);
        if (query.fansOut()) {
            throw refusal("the joins would add " + column.column().name() + " up more than once", List.of());
        }
        return switch (function) {
            case "avg" -> "round(avg(" + col + ")::numeric, 2)"; // through numeric: round(double precision, int) does not exist
            case "sum" -> "sum(" + col + ")";
            case "max" -> "max(" + col + ")";
            default -> "min(" + col + ")";
        };
    }

    private Mention.ColumnRef hintedRankColumn() {
        if (rankHints.isEmpty()) {
            throw refusal("could not tell what to rank " + subject.name().name() + " by", List.of());
        }
        return hinted(rankHints, "ranked by");
    }

    /** The subject's numeric column named by the first of {@code hints} that names any ("price" before "cost"). */
    private Mention.ColumnRef hinted(List<String> hints, String role) {
        for (String hint : hints) {
            List<Mention.ColumnRef> named = subject.columns().stream().filter(Interpreter::isNumeric)
                    .filter(c -> Words.ofName(c.name()).contains(Words.stem(hint))).map(c -> new Mention.ColumnRef(subject, c)).toList();
            if (named.size() == 1) {
                return named.getFirst();
            }
            if (named.size() > 1) {
                throw refusal("several columns of " + subject.name().name() + " could be " + role + ": "
                        + String.join(", ", named.stream().map(c -> c.column().name()).toList()), List.of());
            }
        }
        throw refusal("could not tell which column of " + subject.name().name() + " is meant", List.of());
    }

    /**
     * One of {@code candidates}: the subject's own, else one reachable from it; refused when that leaves several, and
     * when a relation the subject belongs to holds it too ('Iron Maiden' is an album title and an artist's name: "albums
     * of Iron Maiden" or "the album Iron Maiden" is not said).
     */
    private Mention.ColumnRef pick(List<Mention.ColumnRef> candidates, boolean numeric, String role) {
        return pick(candidates, numeric, role, false);
    }

    private Mention.ColumnRef pick(List<Mention.ColumnRef> candidates, boolean numeric, String role, boolean value) {
        List<Mention.ColumnRef> usable = numeric ? candidates.stream().filter(c -> isNumeric(c.column())).toList() : candidates;
        List<Mention.ColumnRef> own = usable.stream().filter(c -> c.relation().equals(subject)).toList();
        if (own.size() == 1 && value) {
            List<String> rivals = usable.stream().filter(c -> !c.relation().equals(subject) && !c.column().type().equals("boolean"))
                    .filter(c -> JoinPath.between(schema, subject, c.relation()).filter(p -> !p.fansOut()).isPresent())
                    .map(c -> c.relation().name().name() + "." + c.column().name()).toList();
            if (!rivals.isEmpty()) {
                throw refusal("could not tell whether " + own.getFirst().column().name() + " or " + String.join(", ", rivals) + " is "
                        + role + "; name the table (e.g. 'the " + Words.stem(rivals.getFirst().substring(0, rivals.getFirst().indexOf('.')))
                        + " ...')", List.of());
            }
            return own.getFirst();
        }
        if (own.size() == 1) {
            return own.getFirst();
        }
        if (own.size() > 1) {
            throw refusal("several columns of " + subject.name().name() + " could be " + role + ": "
                    + String.join(", ", own.stream().map(c -> c.column().name()).toList()), List.of());
        }
        List<Mention.ColumnRef> reachable = usable.stream().filter(c -> JoinPath.between(schema, subject, c.relation()).isPresent()).toList();
        if (reachable.size() == 1) {
            return reachable.getFirst();
        }
        throw refusal(reachable.isEmpty() ? "no column " + role + " is reachable from " + subject.name().name()
                : "could not tell which column is " + role + ": " + String.join(", ", reachable.stream()
                        .map(c -> c.relation().name().name() + "." + c.column().name()).toList()), List.of());
    }

    /** {@return the qualified column, joining its relation first when it is another's} */
    private String reach(SelectQuery query, Mention.ColumnRef column) {
        return reach(query, column, false);
    }

    /** {@link #reach}, keeping the rows that have no related row (a LEFT JOIN) if the relation is not joined yet. */
    private String reachOuter(SelectQuery query, Mention.ColumnRef column) {
        return reach(query, column, true);
    }

    private String reach(SelectQuery query, Mention.ColumnRef column, boolean outer) {
        if (!query.isJoined(column.relation())) {
            JoinPath path = path(query.subject(), column.relation());
            query.join(path, outer);
            confidence *= Math.pow(0.97, path.steps().size());
        }
        return SelectQuery.column(column);
    }

    private JoinPath path(Relation from, Relation to) {
        return JoinPath.between(schema, from, to).orElseThrow(() -> refusal("could not tell how " + to.name().name() + " joins "
                + from.name().name() + " (no single short foreign-key path)", List.of()));
    }

    /**
     * The date column a period filters: one a word of the question names ("hired" finds hire_date), else the one date
     * column of the relation that may not be empty, else its only date column.
     */
    private Mention.ColumnRef dateColumn(Relation relation) {
        List<Column> temporal = relation.columns().stream().filter(QuestionReader::isTemporal).toList();
        Set<String> stems = new java.util.HashSet<>();
        reading.tokens().forEach(t -> stems.add(t.stem()));
        List<Column> named = temporal.stream().filter(c -> Words.ofName(c.name()).stream()
                .filter(term -> !TEMPORAL_HINT_STOPS.contains(term)).anyMatch(stems::contains)).toList();
        List<Column> required = temporal.stream().filter(c -> !c.nullable()).toList();
        List<Column> chosen = named.size() == 1 ? named : required.size() == 1 ? required : temporal.size() == 1 ? temporal : List.of();
        if (chosen.size() != 1) {
            throw refusal(temporal.isEmpty() ? relation.name().name() + " has no date to filter by"
                    : "could not tell which date of " + relation.name().name() + " is meant", List.of());
        }
        return new Mention.ColumnRef(relation, chosen.getFirst());
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private boolean singular(Mention.Table mention) {
        if (mention == null) {
            return true;
        }
        QuestionReader.Token token = reading.tokens().get(mention.end());
        return token.word().equals(token.stem()) && !token.word().endsWith("s");
    }

    /**
     * Limits a ranking to the number asked, or for a singular subject to the first row and every row tied with it:
     * "which customer has the most invoices" where 58 have 7 is not one of them picked at random.
     */
    private int limit(SelectQuery query) {
        if (limit.isPresent()) {
            query.limit(limit.get());
            return limit.get();
        }
        if (!singular(subjectMention)) {
            throw refusal("how many? say e.g. 'the 5 most ...' or 'top 10 ...'", List.of());
        }
        query.firstWithTies();
        return 1;
    }

    /** Whether the column is a foreign key's: "no sales rep" is a reference not set, not a number that is 0. */
    private static boolean isReference(Mention.ColumnRef column) {
        return column.relation().foreignKeys().stream().anyMatch(fk -> fk.columns().contains(column.column().name()));
    }

    private static boolean isFlag(Column column) {
        String type = column.type().toLowerCase(Locale.ROOT);
        List<String> terms = Words.ofName(column.name());
        return type.equals("boolean")
                || (type.startsWith("int") || type.equals("smallint")) && terms.size() == 1 && column.name().endsWith("ed");
    }

    static boolean isNumeric(Column column) {
        String type = column.type().toLowerCase(Locale.ROOT);
        return type.startsWith("numeric") || type.startsWith("integer") || type.startsWith("bigint") || type.startsWith("smallint")
                || type.startsWith("real") || type.startsWith("double") || type.startsWith("decimal") || type.startsWith("money");
    }

    private String text(Mention mention) {
        if (mention.start() < 0) {
            return "";
        }
        return String.join(" ", reading.tokens().subList(mention.start(), mention.end() + 1).stream().map(QuestionReader.Token::text).toList());
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private void place(int index) {
        placed[index] = true;
    }

    private static Refusal refusal(String reason, List<String> words) {
        return new Refusal(reason, words);
    }
}
