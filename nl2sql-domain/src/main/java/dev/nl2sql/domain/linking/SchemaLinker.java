package dev.nl2sql.domain.linking;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.generation.TokenEstimate;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.ForeignKey;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.schema.SchemaText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses the relations and columns a question needs, within a token budget: words of the question matched against
 * names and comments (split, lower-cased, stemmed, widened by synonyms, weighted by rarity), values matched through a
 * {@link ValueIndex} ("songs by Queen" finds {@code artist} by its name), words left over read as the name or value
 * they most likely misspell (by {@link Spelling}'s rules, as the offline generator reads them: "custmers"), and the
 * relations between two chosen ones added when they are the only way to join them (one or two in between).
 * Stateless and thread-safe; the per-snapshot work is done once by {@link SchemaIndex#of}.
 */
public final class SchemaLinker {

    /** The default budget for the rendered schema, in estimated tokens. */
    public static final int DEFAULT_TOKEN_BUDGET = 2_000;

    private static final int MAX_SEEDS = 10;
    /** How many ranked relations are tried against the budget; beyond these, scores are too weak to be worth a prompt line. */
    private static final int MAX_CANDIDATES = 40;
    private static final double RELATION_NAME = 10;
    private static final double RELATION_COMMENT = 2;
    private static final double COLUMN_NAME = 4;
    private static final double COLUMN_COMMENT = 1;
    private static final double VALUE = 8;
    private static final double SYNONYM = 0.8;
    private static final double CORRECTED = 0.8;

    private final Synonyms synonyms;
    private final int tokenBudget;

    /** A linker with the built-in synonyms and the default budget. */
    public SchemaLinker() {
        this(Synonyms.DEFAULT, DEFAULT_TOKEN_BUDGET);
    }

    public SchemaLinker(Synonyms synonyms, int tokenBudget) {
        this.synonyms = requireNonNull(synonyms, "synonyms");
        if (tokenBudget < 1) {
            throw new IllegalArgumentException("tokenBudget must be at least 1, was " + tokenBudget);
        }
        this.tokenBudget = tokenBudget;
    }

    /** {@return the part of {@code schema} that {@code question} needs, matching values through enum labels only} */
    public LinkedSchema link(String question, SchemaSnapshot schema) {
        return link(question, schema, SchemaIndex.of(schema).enumValues());
    }

    /** {@return the part of {@code schema} that {@code question} needs} */
    public LinkedSchema link(String question, SchemaSnapshot schema, ValueIndex values) {
        requireNonNull(question, "question");
        SchemaIndex index = SchemaIndex.of(schema);
        List<String> words = Words.ofText(Folding.fold(question));
        Map<QualifiedName, Match> matches = new LinkedHashMap<>();
        boolean[] matched = new boolean[words.size()];

        matchValues(words, values, schema, matches, matched);
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (Words.isStop(word) || isNumber(word)) {
                matched[i] = true;
                continue;
            }
            String stem = Words.stem(word);
            matched[i] |= matchTerm(index, stem, 1.0, matches);
            for (String synonym : synonyms.of(stem)) {
                if (!synonym.equals(stem)) {
                    matched[i] |= matchTerm(index, synonym, SYNONYM, matches);
                }
            }
        }
        corrections(words, index, values, schema, matches, matched);
        List<String> unmatched = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            if (!matched[i] && !unmatched.contains(words.get(i))) {
                unmatched.add(words.get(i));
            }
        }
        List<Match> ranked = new ArrayList<>(matches.values());
        ranked.sort(Comparator.comparingDouble(Match::score).reversed().thenComparing(m -> m.relation.name()));
        return select(index, ranked, unmatched);
    }

    private void matchValues(List<String> words, ValueIndex values, SchemaSnapshot schema, Map<QualifiedName, Match> matches,
            boolean[] matched) {
        if (values.size() == 0) {
            return;
        }
        for (int length = values.longestValueWords(); length >= 1; length--) {
            for (int start = 0; start + length <= words.size(); start++) {
                if (alreadyMatched(matched, start, length) || (length == 1 && Words.isStop(words.get(start)))) {
                    continue;
                }
                List<ValueIndex.Hit> hits = values.lookup(String.join(" ", words.subList(start, start + length)));
                matchValue(hits, 1.0, schema, matches);
                if (!hits.isEmpty()) {
                    for (int i = start; i < start + length; i++) {
                        matched[i] = true;
                    }
                }
            }
        }
    }

    private static void matchValue(List<ValueIndex.Hit> hits, double factor, SchemaSnapshot schema, Map<QualifiedName, Match> matches) {
        for (ValueIndex.Hit hit : hits) {
            schema.relation(hit.column().relation().schema(), hit.column().relation().name()).ifPresent(relation -> {
                Match match = matches.computeIfAbsent(relation.name(), k -> new Match(relation));
                match.score += VALUE * factor / Math.max(1, hits.size() / 2.0);
                match.columns.add(hit.column().column());
            });
        }
    }

    /**
     * Words nothing matched, read as the name word or (for words the lexicon does not know) the value they most likely
     * misspell; only the one nearest name or value is taken, so a typo adds what it meant and nothing else.
     */
    private static void corrections(List<String> words, SchemaIndex index, ValueIndex values, SchemaSnapshot schema,
            Map<QualifiedName, Match> matches, boolean[] matched) {
        Lexicon lexicon = Lexicon.english();
        for (int i = 0; i < words.size(); i++) {
            if (matched[i]) {
                continue;
            }
            String word = words.get(i);
            boolean english = lexicon.knows(word);
            Optional<String> meant = Spelling.correction(word, index.spellings(), english);
            if (meant.isPresent()) {
                matched[i] = matchTerm(index, Words.stem(meant.get()), CORRECTED, matches);
            } else if (!english && Spelling.worthCorrecting(word, false)) {
                values.closestAround(words, i, j -> matched[j]).ifPresent(misspelt -> {
                    matchValue(values.lookup(misspelt.value()), CORRECTED, schema, matches);
                    Arrays.fill(matched, misspelt.start(), misspelt.end(), true);
                });
            }
        }
    }

    private static boolean alreadyMatched(boolean[] matched, int start, int length) {
        for (int i = start; i < start + length; i++) {
            if (matched[i]) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchTerm(SchemaIndex index, String term, double factor, Map<QualifiedName, Match> matches) {
        List<SchemaIndex.Hit> hits = index.lookup(term);
        if (hits.isEmpty()) {
            return false;
        }
        double rarity = Math.log(1 + (double) index.size() / Math.max(1, index.relationFrequency(term)));
        for (SchemaIndex.Hit hit : hits) {
            double weight = hit.column().isEmpty()
                    ? (hit.source() == SchemaIndex.Source.NAME ? RELATION_NAME : RELATION_COMMENT)
                    : (hit.source() == SchemaIndex.Source.NAME ? COLUMN_NAME : COLUMN_COMMENT);
            Match match = matches.computeIfAbsent(hit.relation().name(), k -> new Match(hit.relation()));
            match.score += weight * factor * rarity;
            if (hit.column().isPresent()) {
                match.columns.add(hit.column().get().name());
            } else if (hit.source() == SchemaIndex.Source.NAME) {
                match.byName = true;
            }
        }
        return true;
    }

    private LinkedSchema select(SchemaIndex index, List<Match> ranked, List<String> unmatched) {
        SchemaSnapshot schema = index.snapshot();
        List<Match> seeds = new ArrayList<>();
        double top = ranked.isEmpty() ? 0 : ranked.getFirst().score;
        for (Match match : ranked) {
            if (seeds.size() < MAX_SEEDS && match.score >= top * 0.15) {
                seeds.add(match);
            }
        }
        List<Match> bridges = bridges(index, seeds, ranked);
        List<Match> order = new ArrayList<>(seeds);
        order.addAll(bridges);
        for (Match match : ranked) {
            if (!order.contains(match)) {
                order.add(match);
            }
        }

        int budgetChars = TokenEstimate.chars(tokenBudget);
        StringBuilder rendered = new StringBuilder();
        List<LinkedRelation> chosen = new ArrayList<>();
        int tried = 0;
        for (Match match : order) {
            if (++tried > MAX_CANDIDATES || budgetChars - rendered.length() < 80) {
                break;
            }
            Relation relation = match.relation;
            Set<String> full = match.byName || match.columns.isEmpty() ? Set.of() : withLabels(relation, match.columns);
            String text = SchemaText.ddl(relation, schema, full);
            if (rendered.length() + text.length() + 1 > budgetChars) {
                Set<String> reduced = match.columns.isEmpty() ? keys(relation) : withLabels(relation, match.columns);
                text = SchemaText.ddl(relation, schema, reduced);
                full = reduced;
                if (rendered.length() + text.length() + 1 > budgetChars) {
                    continue;
                }
            }
            if (!rendered.isEmpty()) {
                rendered.append('\n');
            }
            rendered.append(text);
            chosen.add(new LinkedRelation(relation, shownColumns(relation, full), match.bridge ? 0 : match.score, match.bridge));
        }
        return new LinkedSchema(chosen, rendered.toString(), TokenEstimate.of(rendered), unmatched);
    }

    /** Relations that join two seeds which do not reference each other directly, in the order the seeds need them. */
    private static List<Match> bridges(SchemaIndex index, List<Match> seeds, List<Match> ranked) {
        Map<QualifiedName, Match> byName = new LinkedHashMap<>();
        ranked.forEach(m -> byName.put(m.relation.name(), m));
        Set<QualifiedName> seedNames = new HashSet<>();
        seeds.forEach(s -> seedNames.add(s.relation.name()));
        List<Match> bridges = new ArrayList<>();
        for (int a = 0; a < seeds.size(); a++) {
            for (int b = a + 1; b < seeds.size(); b++) {
                for (Relation between : between(index, seeds.get(a).relation, seeds.get(b).relation, byName)) {
                    if (seedNames.contains(between.name())) {
                        continue;
                    }
                    Match match = byName.computeIfAbsent(between.name(), k -> new Match(between));
                    if (!bridges.contains(match)) {
                        if (match.score == 0) {
                            match.bridge = true;
                        }
                        bridges.add(match);
                    }
                }
            }
        }
        return bridges;
    }

    /**
     * The relations a join of {@code from} and {@code to} passes through: none when they reference each other (or
     * cannot be joined in three steps), else the best scored one between them, else the best scored pair.
     */
    private static List<Relation> between(SchemaIndex index, Relation from, Relation to, Map<QualifiedName, Match> byName) {
        List<Relation> fromNeighbours = index.neighbours(from);
        List<Relation> toNeighbours = index.neighbours(to);
        if (fromNeighbours.contains(to)) {
            return List.of();
        }
        List<Relation> best = List.of();
        double bestScore = -1;
        for (Relation middle : fromNeighbours) {
            if (toNeighbours.contains(middle) && score(byName, middle) > bestScore) {
                best = List.of(middle);
                bestScore = score(byName, middle);
            }
        }
        if (!best.isEmpty()) {
            return best;
        }
        for (Relation first : fromNeighbours) {
            for (Relation second : index.neighbours(first)) {
                double score = score(byName, first) + score(byName, second);
                if (toNeighbours.contains(second) && score > bestScore) {
                    best = List.of(first, second);
                    bestScore = score;
                }
            }
        }
        return best;
    }

    private static double score(Map<QualifiedName, Match> byName, Relation relation) {
        Match known = byName.get(relation.name());
        return known == null ? 0 : known.score;
    }

    /** The matched columns plus what a reader needs to name a row: a column called name or title, if there is one. */
    private static Set<String> withLabels(Relation relation, Set<String> columns) {
        Set<String> kept = new LinkedHashSet<>(columns);
        for (Column column : relation.columns()) {
            String name = column.name().toLowerCase(java.util.Locale.ROOT);
            if (name.equals("name") || name.equals("title") || name.endsWith("_name")) {
                kept.add(column.name());
            }
        }
        kept.addAll(keys(relation));
        return kept;
    }

    private static Set<String> keys(Relation relation) {
        Set<String> keys = new LinkedHashSet<>(relation.primaryKey());
        for (ForeignKey fk : relation.foreignKeys()) {
            keys.addAll(fk.columns());
        }
        if (keys.isEmpty() && !relation.columns().isEmpty()) {
            keys.add(relation.columns().getFirst().name());
        }
        return keys;
    }

    private static List<String> shownColumns(Relation relation, Set<String> only) {
        Set<String> keys = keys(relation);
        return relation.columns().stream()
                .map(Column::name)
                .filter(c -> only.isEmpty() || only.contains(c) || keys.contains(c))
                .toList();
    }

    private static boolean isNumber(String word) {
        return !word.isEmpty() && word.chars().allMatch(Character::isDigit);
    }

    private static final class Match {
        final Relation relation;
        final Set<String> columns = new LinkedHashSet<>();
        double score;
        boolean byName;
        boolean bridge;

        Match(Relation relation) {
            this.relation = relation;
        }

        double score() {
            return score;
        }
    }
}
