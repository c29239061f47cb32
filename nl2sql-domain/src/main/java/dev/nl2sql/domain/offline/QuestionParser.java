package dev.nl2sql.domain.offline;

import dev.nl2sql.domain.linking.SchemaIndex;
import dev.nl2sql.domain.linking.Synonyms;
import dev.nl2sql.domain.linking.ValueIndex;
import dev.nl2sql.domain.linking.Words;
import dev.nl2sql.domain.query.GeneratedQuery;
import dev.nl2sql.domain.query.TokenUsage;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.ForeignKey;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.SchemaText;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One question's parse: tokens are consumed by recognisers until none with content is left, then SQL is written. */
final class QuestionParser {

    private enum Aggregate { AVG, SUM, MAX, MIN }

    private static final Map<String, Aggregate> AGGREGATES = Map.of(
            "average", Aggregate.AVG, "avg", Aggregate.AVG, "mean", Aggregate.AVG, "total", Aggregate.SUM, "sum", Aggregate.SUM,
            "maximum", Aggregate.MAX, "max", Aggregate.MAX, "minimum", Aggregate.MIN, "min", Aggregate.MIN);
    private static final List<String> MONTHS = List.of("january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december");
    private static final Set<String> GROUP_WORDS = Set.of("by", "per", "each", "every");
    private static final Set<String> END_WORDS = Set.of("termination", "terminate", "end", "left", "resign", "resignation",
            "close", "delete", "discontinue", "cancel", "leave", "exit");
    /** Adjectives and the schema term they compare, with the direction "more X" means. */
    private static final Map<String, String[]> SUPERLATIVES = Map.of(
            "expensive", new String[] {"price", "DESC"}, "cheapest", new String[] {"price", "ASC"},
            "priciest", new String[] {"price", "DESC"}, "longest", new String[] {"millisecond", "DESC"},
            "shortest", new String[] {"millisecond", "ASC"}, "oldest", new String[] {"date", "ASC"},
            "newest", new String[] {"date", "DESC"}, "latest", new String[] {"date", "DESC"},
            "recent", new String[] {"date", "DESC"});

    private static final class Token {
        final String word;
        final String stem;
        boolean used;

        Token(String word) {
            this.word = word;
            this.stem = Words.stem(word);
        }
    }

    private record RelationMention(int position, int end, Relation relation) {}

    private record ColumnMention(int position, Relation relation, Column column) {}

    private record Filter(Relation relation, String sql, String text) {}

    private final String question;
    private final SchemaIndex index;
    private final ValueIndex values;
    private final Synonyms synonyms;
    private final List<Token> tokens = new ArrayList<>();

    private boolean count;
    private Optional<Aggregate> aggregate = Optional.empty();
    private int aggregatePosition = -1;
    private Optional<Integer> limit = Optional.empty();
    private boolean most;
    private boolean least;
    private boolean mostUsed;
    private Optional<String> superlativeTerm = Optional.empty();
    private String direction = "DESC";
    private int superlativePosition = -1;
    private Optional<LocalDate[]> dateRange = Optional.empty();
    private final List<Object[]> comparisons = new ArrayList<>(); // {position, operator, number, implied term or null}

    private final List<RelationMention> relationMentions = new ArrayList<>();
    private final List<ColumnMention> columnMentions = new ArrayList<>();
    private final List<Filter> filters = new ArrayList<>();
    private final Set<Relation> joined = new LinkedHashSet<>();
    private final List<String> explanation = new ArrayList<>();
    private Relation subject;

    QuestionParser(String question, SchemaIndex index, ValueIndex values, Synonyms synonyms) {
        this.question = question;
        this.index = index;
        this.values = values;
        this.synonyms = synonyms;
        Words.ofText(question).forEach(w -> tokens.add(new Token(w)));
    }

    OfflineAnswer parse() {
        if (tokens.isEmpty()) {
            return new OfflineAnswer.Refused("the question is empty", List.of());
        }
        readIntent();
        readDates();
        readNumbers();
        readRelations();
        if (relationMentions.isEmpty()) {
            return refuse("no table matched the question");
        }
        subject = relationMentions.getFirst().relation();
        readValues();
        readStates();
        readColumns();
        List<String> unmatched = unmatched();
        if (!unmatched.isEmpty()) {
            return new OfflineAnswer.Refused("could not match every word of the question to the schema", unmatched);
        }
        return write();
    }

    // ---- recognisers ------------------------------------------------------------------------------------------

    private void readIntent() {
        for (int i = 0; i < tokens.size(); i++) {
            String w = tokens.get(i).word;
            if (w.equals("how") && next(i).equals("many")) {
                count = true;
                use(i, i + 1);
            } else if (w.equals("number") && next(i).equals("of")) {
                count = true;
                use(i, i + 1);
            } else if (w.equals("count") && i == 0) {
                count = true;
                use(i);
            } else if (AGGREGATES.containsKey(w) && aggregate.isEmpty() && i + 1 < tokens.size()) {
                aggregate = Optional.of(AGGREGATES.get(w));
                aggregatePosition = i;
                use(i);
            } else if ((w.equals("most") || w.equals("least")) && !tokens.get(i).used) {
                most = w.equals("most");
                least = !most;
                use(i);
                String after = next(i);
                if (after.equals("used") || after.equals("popular") || after.equals("common") || after.equals("frequent")) {
                    mostUsed = true;
                    use(i + 1);
                } else if (SUPERLATIVES.containsKey(after)) {
                    superlativeTerm = Optional.of(SUPERLATIVES.get(after)[0]);
                    direction = most ? SUPERLATIVES.get(after)[1] : flip(SUPERLATIVES.get(after)[1]);
                    superlativePosition = i + 1;
                    use(i + 1);
                }
            } else if (SUPERLATIVES.containsKey(w) && !tokens.get(i).used && (w.endsWith("est") || w.equals("recent"))) {
                superlativeTerm = Optional.of(SUPERLATIVES.get(w)[0]);
                direction = SUPERLATIVES.get(w)[1];
                superlativePosition = i;
                most = true;
                use(i);
            }
        }
    }

    private void readDates() {
        for (int i = 0; i + 1 < tokens.size(); i++) {
            String w = tokens.get(i).word;
            String n = next(i);
            int month = MONTHS.indexOf(n);
            if ((w.equals("in") || w.equals("during")) && month >= 0 && year(next(i + 1)) > 0) {
                LocalDate from = LocalDate.of(year(next(i + 1)), month + 1, 1);
                range(i, i + 2, from, from.plusMonths(1));
            } else if (year(n) > 0) {
                int y = year(n);
                switch (w) {
                    case "in", "during" -> range(i, i + 1, LocalDate.of(y, 1, 1), LocalDate.of(y + 1, 1, 1));
                    case "since", "from" -> range(i, i + 1, LocalDate.of(y, 1, 1), null);
                    case "after" -> range(i, i + 1, LocalDate.of(y + 1, 1, 1), null);
                    case "before", "until" -> range(i, i + 1, null, LocalDate.of(y, 1, 1));
                    default -> { }
                }
            }
        }
    }

    private void range(int from, int to, LocalDate start, LocalDate end) {
        if (dateRange.isEmpty()) {
            dateRange = Optional.of(new LocalDate[] {start, end});
            use(from, to);
        }
    }

    private void readNumbers() {
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.used || !isNumber(t.word)) {
                continue;
            }
            String before = i > 0 ? tokens.get(i - 1).word : "";
            String beforeThat = i > 1 ? tokens.get(i - 2).word : "";
            String op = switch (before) {
                case "over", "above", "exceeding" -> ">";
                case "under", "below" -> "<";
                case "than" -> switch (beforeThat) {
                    case "more", "greater", "higher", "larger", "bigger", "pricier" -> ">";
                    case "less", "fewer", "lower", "smaller", "cheaper" -> "<";
                    case "expensive" -> i > 2 && tokens.get(i - 3).word.equals("more") ? ">"
                            : i > 2 && tokens.get(i - 3).word.equals("less") ? "<" : null;
                    default -> null;
                };
                case "least" -> beforeThat.equals("at") ? ">=" : null;
                case "most" -> beforeThat.equals("at") ? "<=" : null;
                default -> null;
            };
            if (op != null) {
                String implied = switch (beforeThat) {
                    case "cheaper", "pricier", "expensive" -> "price";
                    default -> null;
                };
                comparisons.add(new Object[] {i, op, t.word, implied});
                use(i, i - 1);
                if (before.equals("than") || before.equals("least") || before.equals("most")) {
                    use(i - 2);
                }
                if (beforeThat.equals("expensive")) {
                    use(i - 3);
                }
                continue;
            }
            if (limit.isEmpty() && (before.equals("top") || before.equals("first") || next(i).equals("most")
                    || next(i).equals("least") || SUPERLATIVES.containsKey(next(i)) || i <= 2)) {
                limit = Optional.of(Integer.parseInt(t.word));
                use(i);
                if (before.equals("top") || before.equals("first")) {
                    use(i - 1);
                    most = true;
                }
            }
        }
    }

    private void readRelations() {
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).used || Words.isStop(tokens.get(i).word)) {
                continue;
            }
            if (i + 1 < tokens.size() && !tokens.get(i + 1).used) {
                Optional<Relation> pair = relationNamed(List.of(tokens.get(i).stem, tokens.get(i + 1).stem));
                if (pair.isPresent()) {
                    relationMentions.add(new RelationMention(i, i + 1, pair.get()));
                    use(i, i + 1);
                    i++;
                    continue;
                }
            }
            Optional<Relation> single = relationNamed(List.of(tokens.get(i).stem));
            for (String synonym : synonyms.of(tokens.get(i).stem)) {
                if (single.isEmpty()) {
                    single = relationNamed(List.of(synonym));
                }
            }
            if (single.isPresent()) {
                relationMentions.add(new RelationMention(i, i, single.get()));
                use(i);
            }
        }
    }

    private Optional<Relation> relationNamed(List<String> terms) {
        for (SchemaIndex.Hit hit : index.lookup(terms.getLast())) {
            if (hit.column().isEmpty() && hit.source() == SchemaIndex.Source.NAME && index.terms(hit.relation()).equals(terms)) {
                return Optional.of(hit.relation());
            }
        }
        return Optional.empty();
    }

    private void readValues() {
        List<Relation> scope = scope();
        for (int length = values.longestValueWords(); length >= 1; length--) {
            for (int start = 0; start + length <= tokens.size(); start++) {
                if (anyUsed(start, length) || (length == 1 && (Words.isStop(tokens.get(start).word) || isNumber(tokens.get(start).word)))) {
                    continue;
                }
                StringBuilder phrase = new StringBuilder();
                for (int i = start; i < start + length; i++) {
                    phrase.append(i > start ? " " : "").append(tokens.get(i).word);
                }
                Optional<ValueIndex.Hit> best = Optional.empty();
                int bestRank = Integer.MAX_VALUE;
                for (ValueIndex.Hit hit : values.lookup(phrase.toString())) {
                    Optional<Relation> relation = scope.stream().filter(r -> r.name().equals(hit.column().relation())).findFirst();
                    if (relation.isEmpty()) {
                        continue;
                    }
                    int rank = relation.get().equals(subject) ? 0 : mentioned(relation.get()) ? 1 : 2;
                    if (rank < bestRank) {
                        best = Optional.of(hit);
                        bestRank = rank;
                    }
                }
                if (best.isPresent()) {
                    ValueIndex.Hit hit = best.get();
                    Relation relation = scope.stream().filter(r -> r.name().equals(hit.column().relation())).findFirst().orElseThrow();
                    Column column = relation.column(hit.column().column()).orElseThrow();
                    use(start, start + length - 1);
                    int hint = start - 1;
                    if (hint >= 0 && !tokens.get(hint).used && (index.terms(relation, column).contains(tokens.get(hint).stem)
                            || index.terms(relation).contains(tokens.get(hint).stem))) {
                        use(hint);
                    }
                    filters.add(new Filter(relation, column(relation, column) + " = " + literal(hit.value()),
                            column.name() + " is '" + hit.value() + "'"));
                    needs(relation);
                }
            }
        }
    }

    /** State words: "unread" (read_at IS NULL), "current" (no end date yet), "out of stock" (stock = 0). */
    private void readStates() {
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.used) {
                continue;
            }
            if (t.word.startsWith("un") && t.word.length() > 4) {
                String rest = Words.stem(t.word.substring(2));
                subject.columns().stream()
                        .filter(c -> c.nullable() && isTemporal(c) && index.terms(subject, c).getFirst().equals(rest))
                        .findFirst()
                        .ifPresent(c -> {
                            filters.add(new Filter(subject, column(subject, c) + " IS NULL", c.name() + " is not set"));
                            t.used = true;
                        });
            } else if (t.word.equals("current") || t.word.equals("former")) {
                subject.columns().stream()
                        .filter(c -> c.nullable() && isTemporal(c) && index.terms(subject, c).stream().anyMatch(END_WORDS::contains))
                        .findFirst()
                        .ifPresent(c -> {
                            boolean current = t.word.equals("current");
                            filters.add(new Filter(subject, column(subject, c) + (current ? " IS NULL" : " IS NOT NULL"),
                                    c.name() + (current ? " is not set" : " is set")));
                            t.used = true;
                        });
            } else if (t.word.equals("out") && next(i).equals("of") && i + 2 < tokens.size() && tokens.get(i + 2).stem.equals("stock")) {
                Token of = tokens.get(i + 1);
                Token stock = tokens.get(i + 2);
                subject.columns().stream()
                        .filter(c -> isNumeric(c) && index.terms(subject, c).contains("stock"))
                        .findFirst()
                        .ifPresent(c -> {
                            filters.add(new Filter(subject, column(subject, c) + " = 0", c.name() + " is 0"));
                            t.used = true;
                            of.used = true;
                            stock.used = true;
                        });
            }
        }
    }

    private void readColumns() {
        List<Relation> scope = scope();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.used || Words.isStop(t.word) || isNumber(t.word)) {
                continue;
            }
            Relation preferred = i > 0 ? relationAt(i - 1).orElse(subject) : subject;
            if (i + 1 < tokens.size() && !tokens.get(i + 1).used) {
                Optional<ColumnMention> pair = columnNamed(scope, preferred, List.of(t.stem, tokens.get(i + 1).stem), i);
                if (pair.isPresent()) {
                    columnMentions.add(pair.get());
                    use(i, i + 1);
                    i++;
                    continue;
                }
            }
            Optional<ColumnMention> single = columnNamed(scope, preferred, List.of(t.stem), i);
            if (single.isPresent()) {
                columnMentions.add(single.get());
                use(i);
            }
        }
        if (superlativeTerm.isPresent()) {
            Optional<ColumnMention> implied = columnNamed(scope, subject, List.of(superlativeTerm.get()), superlativePosition)
                    .filter(m -> m.relation().equals(subject));
            if (implied.isPresent() && columnMentions.stream().noneMatch(m -> m.position() > superlativePosition)) {
                columnMentions.add(implied.get());
            } else if (implied.isEmpty() && !superlativeTerm.get().equals("date")) {
                tokens.get(superlativePosition).used = false; // "most expensive" over a table without prices
            }
        }
    }

    /** A column of {@code terms} in scope: the preferred relation's first, then the subject's, then the neighbours'. */
    private Optional<ColumnMention> columnNamed(List<Relation> scope, Relation preferred, List<String> terms, int position) {
        ColumnMention best = null;
        int bestRank = Integer.MAX_VALUE;
        List<List<String>> candidates = new ArrayList<>();
        candidates.add(terms);
        if (terms.size() == 1) {
            synonyms.of(terms.getFirst()).forEach(s -> candidates.add(List.of(s)));
        }
        for (List<String> wanted : candidates) {
            for (Relation relation : scope) {
                for (Column column : relation.columns()) {
                    List<String> have = index.terms(relation, column);
                    int fit;
                    if (have.equals(wanted)) {
                        fit = 0;
                    } else if (wanted.size() == 1 && !have.isEmpty() && !isKey(relation, column) && have.contains(wanted.getFirst())) {
                        fit = have.getFirst().equals(wanted.getFirst()) ? 1 : 2;
                    } else if (wanted.size() == 2 && have.size() > 2 && have.subList(0, 2).equals(wanted)) {
                        fit = 1;
                    } else {
                        continue;
                    }
                    int rank = fit * 10 + (relation.equals(preferred) ? 0 : relation.equals(subject) ? 1 : 2) + (wanted == terms ? 0 : 5);
                    if (rank < bestRank) {
                        best = new ColumnMention(position, relation, column);
                        bestRank = rank;
                    }
                }
            }
        }
        return Optional.ofNullable(best);
    }

    // ---- writing ----------------------------------------------------------------------------------------------

    private OfflineAnswer write() {
        Optional<ColumnMention> groupColumn = Optional.empty();
        Optional<Relation> groupRelation = Optional.empty();
        Optional<ColumnMention> aggregated = Optional.empty();
        Optional<ColumnMention> ordered = Optional.empty();
        Optional<ColumnMention> dateColumn = Optional.empty();
        List<ColumnMention> compared = new ArrayList<>();
        List<ColumnMention> shown = new ArrayList<>();

        for (int c = 0; c < comparisons.size(); c++) {
            Object[] comparison = comparisons.get(c);
            int position = (Integer) comparison[0];
            Optional<ColumnMention> target = comparison[3] != null
                    ? columnNamed(scope(), subject, List.of((String) comparison[3]), position)
                    : columnMentions.stream().filter(m -> m.position() < position && isNumeric(m.column()))
                            .reduce((a, b) -> b);
            if (target.isEmpty()) {
                return refuse("could not tell which column '" + comparison[2] + "' limits");
            }
            compared.add(target.get());
            filters.add(new Filter(target.get().relation(), column(target.get().relation(), target.get().column()) + " " + comparison[1]
                    + " " + comparison[2], target.get().column().name() + " " + comparison[1] + " " + comparison[2]));
            needs(target.get().relation());
        }
        for (ColumnMention mention : columnMentions) {
            if (compared.contains(mention)) {
                continue;
            }
            int p = mention.position();
            if (afterGroupWord(p)) {
                if (limit.isPresent() && isNumeric(mention.column()) && ordered.isEmpty()) {
                    ordered = Optional.of(mention);
                } else if (groupColumn.isEmpty()) {
                    groupColumn = Optional.of(mention);
                } else {
                    return refuse("the offline generator groups by one column only");
                }
            } else if (aggregate.isPresent() && aggregated.isEmpty() && p > aggregatePosition && isNumeric(mention.column())) {
                aggregated = Optional.of(mention);
            } else if (p >= superlativePosition && superlativePosition >= 0 && ordered.isEmpty() && isNumeric(mention.column())
                    || (superlativeTerm.isPresent() && superlativeTerm.get().equals("date") && isTemporal(mention.column()))) {
                ordered = Optional.of(mention);
            } else if (dateRange.isPresent() && isTemporal(mention.column()) && dateColumn.isEmpty()) {
                dateColumn = Optional.of(mention);
            } else if (most && (limit.isPresent() || superlativePosition < 0) && isForeignKeyTo(mention, subject)) {
                ordered = Optional.of(mention); // "users with the most followers": follows rows, by the other key
            } else {
                shown.add(mention);
            }
        }
        for (RelationMention mention : relationMentions.subList(1, relationMentions.size())) {
            if (afterGroupWord(mention.position()) && groupColumn.isEmpty() && !followedByColumn(mention)) {
                groupRelation = Optional.of(mention.relation());
            }
        }
        if (aggregate.isPresent() && aggregated.isEmpty()) {
            return refuse("found no numeric column to aggregate");
        }
        if (dateRange.isPresent()) {
            if (dateColumn.isEmpty()) {
                dateColumn = subject.columns().stream().filter(QuestionParser::isTemporal)
                        .sorted((a, b) -> Boolean.compare(a.nullable(), b.nullable()))
                        .findFirst().map(c -> new ColumnMention(-1, subject, c));
            }
            if (dateColumn.isEmpty()) {
                return refuse(SchemaText.name(subject.name()) + " has no date column to restrict");
            }
            LocalDate[] range = dateRange.get();
            String col = column(dateColumn.get().relation(), dateColumn.get().column());
            List<String> parts = new ArrayList<>();
            if (range[0] != null) {
                parts.add(col + " >= '" + range[0] + "'");
            }
            if (range[1] != null) {
                parts.add(col + " < '" + range[1] + "'");
            }
            filters.add(new Filter(dateColumn.get().relation(), String.join(" AND ", parts),
                    dateColumn.get().column().name() + (range[0] != null ? " from " + range[0] : "") + (range[1] != null ? " before " + range[1] : "")));
            needs(dateColumn.get().relation());
        }
        if (!shown.isEmpty() && (count || aggregate.isPresent())) {
            return refuse("could not tell what '" + shown.getFirst().column().name() + "' means in this question");
        }

        String from = SchemaText.name(subject.name());
        List<String> select = new ArrayList<>();
        List<String> groupBy = new ArrayList<>();
        String orderBy = "";
        String limitClause = limit.map(n -> " LIMIT " + n).orElse("");
        boolean distinct = false;
        List<String> joins = new ArrayList<>();
        double confidence = 0.9;

        Optional<RelationMention> countedMention = (most || least) && ordered.isEmpty() && !mostUsed
                ? relationMentions.stream().skip(1).filter(m -> keyFrom(m.relation(), subject, Optional.empty()).isPresent()).findFirst()
                : Optional.empty();
        if (mostUsed || countedMention.isPresent() || (ordered.isPresent() && isForeignKeyTo(ordered.get(), subject))) {
            // Count the rows of a referencing relation per subject row: "most used tags", "most likes", "most followers".
            Optional<ColumnMention> via = ordered.filter(o -> isForeignKeyTo(o, subject));
            Optional<Relation> counted = via.map(ColumnMention::relation)
                    .or(() -> countedMention.map(RelationMention::relation))
                    .or(() -> referencing(subject));
            if (counted.isEmpty()) {
                return refuse("nothing refers to " + SchemaText.name(subject.name()) + " to count");
            }
            // "followers" names follows.follower_id: a user's followers are the rows that reference the user by the other key.
            Optional<String> avoid = via.map(v -> v.column().name()).or(() -> countedMention.flatMap(m -> counted.get().columns().stream()
                    .filter(c -> index.terms(counted.get(), c).getFirst().equals(tokens.get(m.position()).stem))
                    .map(Column::name).findFirst()));
            Optional<ForeignKey> key = keyFrom(counted.get(), subject, avoid);
            if (key.isEmpty()) {
                return refuse("found no single-column key from " + counted.get().name() + " to " + subject.name());
            }
            List<String> labels = qualified(subject, Labels.of(subject));
            from = SchemaText.name(counted.get().name()) + " JOIN " + SchemaText.name(subject.name()) + " ON "
                    + on(subject, key.get().referencedColumns().getFirst(), counted.get(), key.get().columns().getFirst());
            select.addAll(labels);
            select.add("count(*) AS " + SchemaText.identifier(counted.get().name().name()));
            groupBy.addAll(qualified(subject, subject.primaryKey()));
            labels.stream().filter(l -> !groupBy.contains(l)).forEach(groupBy::add);
            orderBy = " ORDER BY " + (labels.size() + 1) + (least ? " ASC" : " DESC");
            explanation.add("counts the " + counted.get().name().name() + " rows of each " + Words.stem(subject.name().name()));
            joined.remove(counted.get());
            joined.remove(subject);
            confidence = 0.75;
        } else if (count || aggregate.isPresent()) {
            Optional<ColumnMention> aggregatedColumn = aggregated;
            Optional<Relation> byRelation = groupRelation;
            String measure = aggregate.map(a -> aggregateSql(a, aggregatedColumn.orElseThrow())).orElse("count(*)");
            Optional<List<String>> groups = groupColumn.map(g -> List.of(column(g.relation(), g.column())))
                    .or(() -> byRelation.map(r -> qualified(r, Labels.of(r))));
            groupColumn.ifPresent(g -> needs(g.relation()));
            groupRelation.ifPresent(this::needs);
            aggregated.ifPresent(a -> needs(a.relation()));
            if (groups.isPresent()) {
                select.addAll(groups.get());
                select.add(measure + " AS " + measureAlias(aggregated));
                groupRelation.ifPresent(r -> groupBy.addAll(qualified(r, r.primaryKey())));
                groups.get().stream().filter(g -> !groupBy.contains(g)).forEach(groupBy::add);
                orderBy = " ORDER BY " + (groups.get().size() + 1) + " DESC";
                explanation.add((aggregate.isPresent() ? aggregate.get().name().toLowerCase(Locale.ROOT) + " of "
                        + aggregated.get().column().name() : "number of " + subject.name().name()) + " per " + String.join(", ", groups.get()));
            } else {
                select.add(measure);
                explanation.add(aggregate.isPresent() ? aggregate.get().name().toLowerCase(Locale.ROOT) + " of "
                        + aggregated.get().column().name() : "number of " + subject.name().name());
            }
        } else {
            List<String> labels = qualified(subject, Labels.of(subject));
            select.addAll(labels);
            for (ColumnMention extra : shown) {
                needs(extra.relation());
                addOnce(select, column(extra.relation(), extra.column()));
            }
            for (Filter filter : filters) {
                if (filter.relation().equals(subject) && filter.sql().contains(".country =")) {
                    subject.column("city").ifPresent(c -> addOnce(select, column(subject, c)));
                }
            }
            for (ColumnMention c : compared) {
                addOnce(select, column(c.relation(), c.column()));
            }
            if (ordered.isPresent()) {
                String col = column(ordered.get().relation(), ordered.get().column());
                needs(ordered.get().relation());
                addOnce(select, col);
                orderBy = " ORDER BY " + col + " " + direction + " NULLS LAST";
                explanation.add((limit.isPresent() ? "the " + limit.get() + " " : "") + subject.name().name() + " with the "
                        + (direction.equals("DESC") ? "highest " : "lowest ") + ordered.get().column().name());
            } else {
                if (limit.isPresent() || most || least) {
                    return refuse("could not tell what to rank " + subject.name().name() + " by");
                }
                orderBy = " ORDER BY " + String.join(", ", labels);
                explanation.add("lists " + subject.name().name());
            }
            distinct = joined.stream().anyMatch(r -> !r.equals(subject) && keyFrom(r, subject, Optional.empty()).isPresent()
                    && keyFrom(subject, r, Optional.empty()).isEmpty());
        }

        for (Relation other : joined) {
            if (other.equals(subject)) {
                continue;
            }
            Optional<String> join = join(other);
            if (join.isEmpty()) {
                return refuse(SchemaText.name(other.name()) + " is not one foreign-key hop from " + SchemaText.name(subject.name()));
            }
            joins.add(join.get());
            confidence -= 0.1;
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        if (distinct) {
            sql.append("DISTINCT ");
        }
        sql.append(String.join(", ", select)).append(" FROM ").append(from);
        joins.forEach(j -> sql.append(' ').append(j));
        if (!filters.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", filters.stream().map(Filter::sql).toList()));
            explanation.add("where " + String.join(" and ", filters.stream().map(Filter::text).toList()));
        }
        if (!groupBy.isEmpty()) {
            sql.append(" GROUP BY ").append(String.join(", ", groupBy));
        }
        sql.append(orderBy).append(limitClause);
        String text = Character.toUpperCase(explanation.getFirst().charAt(0)) + String.join(", ", explanation).substring(1) + ".";
        List<String> tables = new ArrayList<>();
        tables.add(subject.name().toString());
        joined.stream().filter(r -> !r.equals(subject)).forEach(r -> tables.add(r.name().toString()));
        return new OfflineAnswer.Answered(new GeneratedQuery(sql.toString(), text, Math.max(0.5, confidence), tables, 1,
                TokenUsage.NONE, OfflineGenerator.GENERATOR));
    }

    private String aggregateSql(Aggregate aggregate, ColumnMention column) {
        String col = column(column.relation(), column.column());
        return switch (aggregate) {
            case AVG -> "round(avg(" + col + "), 2)";
            case SUM -> "sum(" + col + ")";
            case MAX -> "max(" + col + ")";
            case MIN -> "min(" + col + ")";
        };
    }

    private String measureAlias(Optional<ColumnMention> aggregated) {
        return aggregate.map(a -> switch (a) {
            case AVG -> "average_";
            case SUM -> "total_";
            case MAX -> "max_";
            case MIN -> "min_";
        } + aggregated.orElseThrow().column().name()).map(SchemaText::identifier).orElse(SchemaText.identifier(subject.name().name()));
    }

    private Optional<String> join(Relation other) {
        Optional<ForeignKey> outgoing = keyFrom(subject, other, Optional.empty());
        if (outgoing.isPresent()) {
            return Optional.of("JOIN " + SchemaText.name(other.name()) + " ON "
                    + on(other, outgoing.get().referencedColumns().getFirst(), subject, outgoing.get().columns().getFirst()));
        }
        Optional<ForeignKey> incoming = keyFrom(other, subject, Optional.empty());
        return incoming.map(fk -> "JOIN " + SchemaText.name(other.name()) + " ON "
                + on(other, fk.columns().getFirst(), subject, fk.referencedColumns().getFirst()));
    }

    /** A single-column key of {@code from} referencing {@code to}; given {@code avoiding}, one on another column if there is one. */
    private static Optional<ForeignKey> keyFrom(Relation from, Relation to, Optional<String> avoiding) {
        List<ForeignKey> keys = from.foreignKeys().stream()
                .filter(fk -> fk.columns().size() == 1 && fk.referenced().equals(to.name()))
                .toList();
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        if (avoiding.isPresent() && keys.size() > 1) {
            return keys.stream().filter(fk -> !fk.columns().getFirst().equals(avoiding.get())).findFirst();
        }
        return Optional.of(keys.getFirst());
    }

    private Optional<Relation> referencing(Relation target) {
        return index.neighbours(target).stream().filter(r -> keyFrom(r, target, Optional.empty()).isPresent()).findFirst();
    }

    private static boolean isForeignKeyTo(ColumnMention mention, Relation target) {
        return !mention.relation().equals(target) && mention.relation().foreignKeys().stream()
                .anyMatch(fk -> fk.columns().equals(List.of(mention.column().name())) && fk.referenced().equals(target.name()));
    }

    private boolean afterGroupWord(int position) {
        for (int i = position - 1; i >= 0 && i >= position - 3; i--) {
            String w = tokens.get(i).word;
            if (GROUP_WORDS.contains(w)) {
                return true;
            }
            if (!isRelationAt(i)) {
                return false;
            }
        }
        return false;
    }

    private boolean followedByColumn(RelationMention mention) {
        return columnMentions.stream().anyMatch(c -> c.position() == mention.end() + 1 && c.relation().equals(mention.relation()));
    }

    private boolean isRelationAt(int position) {
        return relationAt(position).isPresent();
    }

    private Optional<Relation> relationAt(int position) {
        return relationMentions.stream().filter(m -> m.position() <= position && position <= m.end()).map(RelationMention::relation).findFirst();
    }

    private boolean mentioned(Relation relation) {
        return relationMentions.stream().anyMatch(m -> m.relation().equals(relation));
    }

    private List<Relation> scope() {
        List<Relation> scope = new ArrayList<>();
        scope.add(subject);
        index.neighbours(subject).forEach(scope::add);
        return scope;
    }

    private void needs(Relation relation) {
        joined.add(relation);
    }

    private List<String> unmatched() {
        for (RelationMention mention : relationMentions) {
            if (!mention.relation().equals(subject) && !index.neighbours(subject).contains(mention.relation())) {
                tokens.get(mention.position()).used = false;
            }
            if (!mention.relation().equals(subject)) {
                needs(mention.relation());
            }
        }
        List<String> unmatched = new ArrayList<>();
        for (Token t : tokens) {
            if (!t.used && !Words.isStop(t.word) && !unmatched.contains(t.word)) {
                unmatched.add(t.word);
            }
        }
        return unmatched;
    }

    private OfflineAnswer refuse(String reason) {
        List<String> unmatched = new ArrayList<>();
        for (Token t : tokens) {
            if (!t.used && !Words.isStop(t.word)) {
                unmatched.add(t.word);
            }
        }
        return new OfflineAnswer.Refused(reason, unmatched);
    }

    // ---- small helpers ----------------------------------------------------------------------------------------

    private String next(int i) {
        return i + 1 < tokens.size() ? tokens.get(i + 1).word : "";
    }

    private void use(int... positions) {
        for (int p : positions) {
            if (p >= 0 && p < tokens.size()) {
                tokens.get(p).used = true;
            }
        }
    }

    private void use(int from, int to) {
        for (int p = Math.min(from, to); p <= Math.max(from, to); p++) {
            if (p >= 0 && p < tokens.size()) {
                tokens.get(p).used = true;
            }
        }
    }

    private boolean anyUsed(int start, int length) {
        for (int i = start; i < start + length; i++) {
            if (tokens.get(i).used) {
                return true;
            }
        }
        return false;
    }

    private static void addOnce(List<String> list, String item) {
        if (!list.contains(item)) {
            list.add(item);
        }
    }

    private static List<String> qualified(Relation relation, List<String> columns) {
        return columns.stream().map(c -> SchemaText.name(relation.name()) + "." + SchemaText.identifier(c)).toList();
    }

    private static String column(Relation relation, Column column) {
        return SchemaText.name(relation.name()) + "." + SchemaText.identifier(column.name());
    }

    private static String on(Relation a, String aColumn, Relation b, String bColumn) {
        return SchemaText.name(a.name()) + "." + SchemaText.identifier(aColumn) + " = " + SchemaText.name(b.name()) + "."
                + SchemaText.identifier(bColumn);
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static boolean isKey(Relation relation, Column column) {
        return relation.primaryKey().contains(column.name())
                || relation.foreignKeys().stream().anyMatch(fk -> fk.columns().contains(column.name()));
    }

    static boolean isTemporal(Column column) {
        String type = column.type().toLowerCase(Locale.ROOT);
        return type.startsWith("date") || type.startsWith("timestamp");
    }

    static boolean isNumeric(Column column) {
        String type = column.type().toLowerCase(Locale.ROOT);
        return type.startsWith("numeric") || type.startsWith("integer") || type.startsWith("bigint") || type.startsWith("smallint")
                || type.startsWith("real") || type.startsWith("double") || type.startsWith("decimal") || type.startsWith("money");
    }

    private static boolean isNumber(String word) {
        return !word.isEmpty() && word.length() <= 9 && word.chars().allMatch(Character::isDigit);
    }

    private static int year(String word) {
        if (word.length() == 4 && isNumber(word)) {
            int y = Integer.parseInt(word);
            return y >= 1900 && y <= 2100 ? y : 0;
        }
        return 0;
    }

    private static String flip(String direction) {
        return direction.equals("DESC") ? "ASC" : "DESC";
    }
}
