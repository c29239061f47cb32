package dev.nl2sql.domain.offline;

import dev.nl2sql.domain.linking.Folding;
import dev.nl2sql.domain.linking.Lexicon;
import dev.nl2sql.domain.linking.SchemaIndex;
import dev.nl2sql.domain.linking.Spelling;
import dev.nl2sql.domain.linking.Synonyms;
import dev.nl2sql.domain.linking.ValueIndex;
import dev.nl2sql.domain.linking.Words;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a question into {@link Mention}s, one recogniser after another, each taking only words no earlier one took:
 * phrases of the question vocabulary and multi-word schema names first, then dates, values found in the data,
 * single schema words (exact, inflected, synonym, a table comment's first word), single vocabulary words, spelling
 * corrections of words that are not English, and numbers. Whatever is left and is not a stop word is reported as not
 * understood.
 */
final class QuestionReader {

    /** A word of the question: as typed, folded to lower case without accents, and stemmed. */
    record Token(String text, String word, String stem) {

        /** {@return the irregular base form if English has one ("children": child, "media": medium), else the stem} */
        String base() {
            return Lexicon.english().irregularBase(word).orElse(stem);
        }
    }

    /** The question read: its tokens, what was recognised (in question order), corrections made, and words left over. */
    record Reading(List<Token> tokens, List<Mention> mentions, List<String> notes, List<String> unknown) {}

    private static final int CATEGORICAL = 60;
    private static final Set<String> ARTICLES = Set.of("a", "an", "the", "of", "in");
    private static final Set<String> TIME_WORDS = Set.of("at", "on", "date", "time");

    private final List<Token> tokens;
    private final boolean[] used;
    private final List<Mention> mentions = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final SchemaWords schema;
    private final Set<String> spellings;
    private final ValueIndex values;
    private final Synonyms synonyms;
    private final Lexicon lexicon = Lexicon.english();
    private final Vocabulary vocabulary = Vocabulary.questionWords();
    private final LocalDate today;

    private QuestionReader(String question, SchemaSnapshot snapshot, ValueIndex values, Synonyms synonyms, LocalDate today) {
        this.tokens = tokenize(question);
        this.used = new boolean[tokens.size()];
        this.schema = SchemaWords.of(snapshot);
        this.spellings = SchemaIndex.of(snapshot).spellings();
        this.values = values;
        this.synonyms = synonyms;
        this.today = today;
    }

    static Reading read(String question, SchemaSnapshot snapshot, ValueIndex values, Synonyms synonyms, LocalDate today) {
        QuestionReader reader = new QuestionReader(question, snapshot, values, synonyms, today);
        reader.phrases(true);
        reader.schemaNames(true);
        reader.periods();
        reader.values(false);
        reader.phrases(false);
        reader.schemaNames(false);
        reader.values(true);
        reader.described();
        reader.corrections();
        reader.numbers();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < reader.tokens.size(); i++) {
            if (!reader.used[i] && !reader.vocabulary.is(reader.tokens.get(i).word(), "stop") && !unknown.contains(reader.tokens.get(i).text())) {
                unknown.add(reader.tokens.get(i).text());
            }
        }
        reader.mentions.sort(Comparator.comparingInt(Mention::start));
        return new Reading(reader.tokens, List.copyOf(reader.mentions), List.copyOf(reader.notes), unknown);
    }

    // ---- recognisers -------------------------------------------------------------------------------------------

    /** Vocabulary phrases: with {@code multiWord}, those of two words or more; otherwise single words. */
    private void phrases(boolean multiWord) {
        for (int length = multiWord ? vocabulary.longest() : 1; length >= (multiWord ? 2 : 1); length--) {
            for (int start = 0; start + length <= tokens.size(); start++) {
                if (anyUsed(start, length)) {
                    continue;
                }
                List<String> words = tokens.subList(start, start + length).stream().map(Token::word).toList();
                List<Vocabulary.Sense> senses = vocabulary.senses(words);
                if (senses.isEmpty() && length == 1) { // a stop word only as written: "return the orders", but "orders returned" means something
                    senses = vocabulary.senses(List.of(tokens.get(start).stem())).stream().filter(sense -> !sense.category().equals("stop")).toList();
                }
                for (Vocabulary.Sense sense : senses) {
                    if (phrase(sense, start, start + length - 1)) {
                        break;
                    }
                }
            }
        }
    }

    private boolean phrase(Vocabulary.Sense sense, int start, int end) {
        Mention mention = switch (sense.category()) {
            case "count" -> new Mention.Count(start, end);
            case "aggregate" -> new Mention.Aggregate(start, end, sense.argument());
            case "extreme" -> new Mention.Extreme(start, end, sense.argument().equals("desc"), tokens.get(start).word());
            case "measure" -> measure(sense, start, end);
            case "compare" -> new Mention.Compare(start, end, sense.argument());
            case "group" -> new Mention.Group(start, end, tokens.get(start).word());
            case "negate" -> new Mention.Negate(start, end);
            case "under" -> new Mention.Under(start, end);
            case "zero" -> new Mention.Zero(start, end);
            case "popular" -> new Mention.Popular(start, end, sense.argument().equals("desc"));
            case "state" -> new Mention.State(start, end, sense.argument().equals("current"), sense.hints());
            case "relative" -> relative(sense.argument(), start, end);
            case "stop", "filler" -> null;
            default -> null; // period and month words only count beside a year (periods())
        };
        if (mention == null && !sense.category().equals("stop") && !sense.category().equals("filler")) {
            return false;
        }
        if (mention != null) {
            mentions.add(mention);
        }
        use(start, end);
        return true;
    }

    private Mention.Measure measure(Vocabulary.Sense sense, int start, int end) {
        String word = tokens.get(end).word();
        boolean superlative = word.endsWith("est");
        boolean comparative = !superlative && (word.endsWith("er") || word.endsWith("ier"));
        return new Mention.Measure(start, end, sense.argument().equals("desc"), sense.hints(), superlative, comparative);
    }

    private Mention.Period relative(String which, int start, int end) {
        LocalDate month = today.withDayOfMonth(1);
        LocalDate year = today.withDayOfYear(1);
        return switch (which) {
            case "last-year" -> new Mention.Period(start, end, Optional.of(year.minusYears(1)), Optional.of(year), "last year");
            case "this-year" -> new Mention.Period(start, end, Optional.of(year), Optional.of(year.plusYears(1)), "this year");
            case "last-month" -> new Mention.Period(start, end, Optional.of(month.minusMonths(1)), Optional.of(month), "last month");
            default -> new Mention.Period(start, end, Optional.of(month), Optional.of(month.plusMonths(1)), "this month");
        };
    }

    /** "in 2023", "in March 2024", "before March 2024", "since 2022", "after 2020", "March 2023". */
    private void periods() {
        for (int i = 0; i < tokens.size(); i++) {
            if (used[i]) {
                continue;
            }
            Optional<String> kind = vocabulary.sense(List.of(tokens.get(i).word()), "period").map(Vocabulary.Sense::argument);
            int at = kind.isPresent() ? i + 1 : i;
            int month = at < tokens.size() ? vocabulary.sense(List.of(tokens.get(at).word()), "month").map(s -> Integer.parseInt(s.argument())).orElse(0) : 0;
            int yearAt = month > 0 ? at + 1 : at;
            if (yearAt >= tokens.size() || used[yearAt] || (at != i && used[at])) {
                continue;
            }
            int year = year(tokens.get(yearAt).word());
            if (year == 0 || (kind.isEmpty() && month == 0)) {
                continue;
            }
            LocalDate first = month > 0 ? LocalDate.of(year, month, 1) : LocalDate.of(year, 1, 1);
            LocalDate next = month > 0 ? first.plusMonths(1) : first.plusYears(1);
            String text = String.join(" ", tokens.subList(i, yearAt + 1).stream().map(Token::text).toList());
            Mention.Period period = switch (kind.orElse("in")) {
                case "since" -> new Mention.Period(i, yearAt, Optional.of(first), Optional.empty(), text);
                case "after" -> new Mention.Period(i, yearAt, Optional.of(next), Optional.empty(), text);
                case "before" -> new Mention.Period(i, yearAt, Optional.empty(), Optional.of(first), text);
                default -> new Mention.Period(i, yearAt, Optional.of(first), Optional.of(next), text);
            };
            mentions.add(period);
            use(i, yearAt);
        }
    }

    /**
     * Values found in the data, longest phrases first. Without {@code singular}, phrases as typed (folded); with it,
     * single plural words by their singular ("moderators" finds 'moderator'), once schema words have had their turn.
     */
    private void values(boolean singular) {
        for (int length = singular ? 1 : values.longestValueWords(); length >= 1; length--) {
            for (int start = 0; start + length <= tokens.size(); start++) {
                if (anyUsed(start, length)) {
                    continue;
                }
                List<Token> phrase = tokens.subList(start, start + length);
                if (length == 1 && (vocabulary.is(phrase.getFirst().word(), "stop") || isNumber(phrase.getFirst().word()))) {
                    continue;
                }
                String text = singular ? phrase.getFirst().stem() : String.join(" ", phrase.stream().map(Token::word).toList());
                List<ValueIndex.Hit> hits = values.lookup(text).stream().filter(hit -> acceptable(hit, phrase)).toList();
                if (hits.isEmpty() && singular && phrase.getFirst().word().contains("-")) { // "no-shows" for 'no_show'
                    hits = values.lookup(Words.stem(phrase.getFirst().word().replace('-', ' '))).stream().filter(hit -> acceptable(hit, phrase)).toList();
                }
                if (hits.isEmpty() || (length == 1 && (namesAnotherColumn(phrase.getFirst(), hits) || !relationsNamed(phrase.getFirst().stem()).isEmpty()))) {
                    continue;
                }
                value(start, start + length - 1, hits, Mention.Evidence.EXACT);
                if (length == 1 && used[start]) { // "private": a visibility, or groups.is_private; the subject decides
                    Mention.Value found = (Mention.Value) mentions.getLast();
                    List<Mention.ColumnRef> withFlags = new ArrayList<>(found.columns());
                    flagsNamed(phrase.getFirst().stem()).stream().filter(c -> !withFlags.contains(c)).forEach(withFlags::add);
                    mentions.set(mentions.size() - 1, new Mention.Value(found.start(), found.end(), withFlags, found.stored(), found.evidence()));
                }
            }
        }
    }

    private void value(int start, int end, List<ValueIndex.Hit> hits, Mention.Evidence evidence) {
        List<Mention.ColumnRef> columns = new ArrayList<>();
        for (ValueIndex.Hit hit : hits) {
            column(hit.column()).filter(c -> !columns.contains(c)).ifPresent(columns::add);
        }
        if (!columns.isEmpty()) {
            mentions.add(new Mention.Value(start, end, columns, hits.getFirst().value(), evidence));
            use(start, end);
        }
    }

    /**
     * A value made of common English words ("music", "open") counts only in a column of few values (a status, a
     * genre) or when typed with a capital: otherwise everyday words would be read as names of albums or products.
     */
    private boolean acceptable(ValueIndex.Hit hit, List<Token> phrase) {
        boolean everyday = phrase.stream().allMatch(t -> lexicon.knows(t.word()) || vocabulary.is(t.word(), "stop"));
        boolean capitalised = phrase.stream().anyMatch(t -> !t.text().isEmpty() && Character.isUpperCase(t.text().charAt(0)));
        return !everyday || (capitalised && phrase.size() > 1) || values.distinctValues(hit.column()) <= CATEGORICAL
                || (capitalised && !isFirst(phrase));
    }

    private boolean isFirst(List<Token> phrase) {
        return !tokens.isEmpty() && phrase.getFirst() == tokens.getFirst();
    }

    private List<Mention.ColumnRef> flagsNamed(String stem) {
        return schema.columns().stream().filter(c -> c.terms().equals(List.of(stem)) && c.column().type().equals("boolean"))
                .map(c -> new Mention.ColumnRef(c.relation(), c.column())).toList();
    }

    /**
     * "shipped" is a status, but also names {@code shipped_at}; "followers" a post visibility, but also names
     * {@code follows.follower_id}: such a word is left to be read as the column.
     */
    private boolean namesAnotherColumn(Token token, List<ValueIndex.Hit> hits) {
        for (SchemaWords.ColumnWords column : schema.columns()) {
            boolean holder = hits.stream().anyMatch(h -> h.column().relation().equals(column.relation().name())
                    && h.column().column().equals(column.column().name()));
            boolean sameRelation = hits.stream().anyMatch(h -> h.column().relation().equals(column.relation().name()));
            boolean flag = column.column().type().equals("boolean"); // flags join the value's candidates instead (values())
            if (!holder && (sameRelation && column.terms().contains(token.stem()) || !flag && column.terms().equals(List.of(token.stem())))) {
                return true;
            }
        }
        return false;
    }

    private Optional<Mention.ColumnRef> column(dev.nl2sql.domain.linking.ColumnRef ref) {
        for (SchemaWords.Named named : schema.relations()) {
            if (named.relation().name().equals(ref.relation())) {
                return named.relation().column(ref.column()).map(c -> new Mention.ColumnRef(named.relation(), c));
            }
        }
        return Optional.empty();
    }

    /**
     * Names of relations and columns: with {@code multiWord}, phrases of two or more words ("sales orders", "unit
     * price", "post visibility"); otherwise single words, by their stem, an irregular base, a synonym or a table
     * comment's first word.
     */
    private void schemaNames(boolean multiWord) {
        for (int start = 0; start < tokens.size(); start++) {
            if (used[start] || vocabulary.is(tokens.get(start).word(), "stop") && !multiWord) {
                continue;
            }
            if (multiWord) {
                for (int end = Math.min(tokens.size() - 1, start + 5); end > start; end--) {
                    if (!anyUsed(start, end - start + 1) && !ARTICLES.contains(tokens.get(end).word()) && named(start, end)) {
                        break;
                    }
                }
            } else if (!single(start, tokens.get(start).stem(), Mention.Evidence.EXACT) && !tokens.get(start).base().equals(tokens.get(start).stem())) {
                single(start, tokens.get(start).base(), Mention.Evidence.EXACT);
            }
        }
    }

    /** Whether the words start..end (articles inside skipped) name a relation, a column, or a relation's column. */
    private boolean named(int start, int end) {
        List<String> stems = new ArrayList<>();
        List<String> bases = new ArrayList<>();
        for (int i = start; i <= end; i++) {
            if (!ARTICLES.contains(tokens.get(i).word()) || i == start) {
                stems.add(tokens.get(i).stem());
                bases.add(tokens.get(i).base());
            }
        }
        return named(start, end, stems) || !bases.equals(stems) && named(start, end, bases);
    }

    private boolean named(int start, int end, List<String> stems) {
        for (SchemaWords.Named named : schema.relations()) {
            if (named.terms().size() > 1 && named.terms().equals(stems)) {
                mentions.add(new Mention.Table(start, end, named.relation(), Mention.Evidence.EXACT));
                use(start, end);
                return true;
            }
        }
        List<Mention.ColumnRef> exact = new ArrayList<>();
        for (SchemaWords.ColumnWords column : schema.columns()) {
            if (column.terms().size() > 1 && column.terms().equals(stems)) {
                exact.add(new Mention.ColumnRef(column.relation(), column.column()));
            }
        }
        for (SchemaWords.Named named : schema.relations()) { // "post visibility", "customer country"
            int n = named.terms().size();
            if (stems.size() > n && stems.subList(0, n).equals(named.terms()) || stems.size() > 1 && n > 1
                    && stems.getFirst().equals(named.terms().getLast())) {
                int skip = stems.subList(0, Math.min(n, stems.size())).equals(named.terms()) ? n : 1;
                List<String> rest = stems.subList(skip, stems.size());
                for (SchemaWords.ColumnWords column : schema.columns()) {
                    if (column.relation().equals(named.relation()) && (column.terms().equals(rest))) {
                        Optional<Relation> referenced = referencedBy(column);
                        if (referenced.isPresent()) { // "product categories": products.category_id names the categories
                            mentions.add(new Mention.Table(start, end, referenced.get(), Mention.Evidence.EXACT));
                            use(start, end);
                            return true;
                        }
                        Mention.ColumnRef ref = new Mention.ColumnRef(column.relation(), column.column());
                        exact.remove(ref);
                        exact.addFirst(ref);
                        mentions.add(new Mention.Attribute(start, end, List.of(ref), Mention.Evidence.EXACT));
                        use(start, end);
                        return true;
                    }
                }
            }
        }
        if (!exact.isEmpty()) {
            mentions.add(new Mention.Attribute(start, end, exact, Mention.Evidence.EXACT));
            use(start, end);
            return true;
        }
        return false;
    }

    private Optional<Relation> referencedBy(SchemaWords.ColumnWords column) {
        return column.relation().foreignKeys().stream().filter(fk -> fk.columns().equals(List.of(column.column().name())))
                .findFirst().flatMap(fk -> schema.relations().stream().map(SchemaWords.Named::relation)
                        .filter(r -> r.name().equals(fk.referenced())).findFirst());
    }

    /** One word as a relation or a column: by its stem, then a synonym, then a table comment's first word. */
    private boolean single(int at, String stem, Mention.Evidence evidence) {
        String word = tokens.get(at).word();
        List<Relation> relations = relationsNamed(stem);
        if (relations.size() == 1) {
            mentions.add(new Mention.Table(at, at, relations.getFirst(), evidence));
            use(at, at);
            return true;
        }
        List<Mention.ColumnRef> columns = columnsNamed(stem);
        if (!columns.isEmpty() && relations.isEmpty()) {
            mentions.add(new Mention.Attribute(at, at, columns, evidence));
            use(at, at);
            return true;
        }
        if (!relations.isEmpty()) {
            return false; // "lines" of purchase_order_lines and sales_order_lines: which one is not said
        }
        for (String synonym : synonymsOf(stem)) {
            List<Relation> viaSynonym = relationsNamed(synonym);
            List<Mention.ColumnRef> columnsViaSynonym = columnsNamed(synonym);
            Mention.Evidence weaker = Mention.Evidence.of(evidence.confidence() * 0.95, "'" + word + "' read as " + synonym);
            if (viaSynonym.size() == 1) {
                mentions.add(new Mention.Table(at, at, viaSynonym.getFirst(), weaker));
                use(at, at);
                return true;
            }
            if (viaSynonym.isEmpty() && !columnsViaSynonym.isEmpty()) {
                mentions.add(new Mention.Attribute(at, at, columnsViaSynonym, weaker));
                use(at, at);
                return true;
            }
        }
        if (stem.startsWith("un") && stem.length() > 5) { // "unread": read_at IS NULL
            String rest = Words.stem(stem.substring(2));
            List<Mention.ColumnRef> unset = columnsNamed(rest).stream().filter(c -> c.column().nullable() && isTemporal(c.column())).toList();
            if (!unset.isEmpty()) {
                mentions.add(new Mention.Negate(at, at));
                mentions.add(new Mention.Attribute(at, at, unset, evidence));
                use(at, at);
                return true;
            }
        }
        return false;
    }

    /** Words that are the first word of exactly one table's comment: "physicians" for doctors ("Physicians working at ..."). */
    private void described() {
        for (int at = 0; at < tokens.size(); at++) {
            String stem = tokens.get(at).stem();
            if (used[at] || vocabulary.is(tokens.get(at).word(), "stop")) {
                continue;
            }
            List<Relation> described = schema.relations().stream().filter(n -> n.commentHead().filter(stem::equals).isPresent())
                    .map(SchemaWords.Named::relation).toList();
            if (described.size() == 1) {
                mentions.add(new Mention.Table(at, at, described.getFirst(), Mention.Evidence.of(0.9,
                        "'" + tokens.get(at).text() + "' read as " + described.getFirst().name().name() + " (its comment)")));
                use(at, at);
            }
        }
    }

    /** Relations named by {@code stem}: the whole name, else the last word of exactly one name ("members": group_members). */
    private List<Relation> relationsNamed(String stem) {
        List<Relation> whole = schema.relations().stream().filter(n -> n.terms().equals(List.of(stem))).map(SchemaWords.Named::relation).toList();
        if (!whole.isEmpty()) {
            return whole;
        }
        return schema.relations().stream().filter(n -> n.terms().size() > 1 && n.terms().getLast().equals(stem))
                .map(SchemaWords.Named::relation).toList();
    }

    /** Columns named by {@code stem}: the whole name, then the last word of a longer one ("price": unit_price). */
    private List<Mention.ColumnRef> columnsNamed(String stem) {
        List<Mention.ColumnRef> whole = new ArrayList<>();
        List<Mention.ColumnRef> last = new ArrayList<>();
        for (SchemaWords.ColumnWords column : schema.columns()) {
            if (column.terms().equals(List.of(stem)) || column.unitless().equals(List.of(stem))) {
                whole.add(new Mention.ColumnRef(column.relation(), column.column()));
            } else if (column.terms().size() > 1 && column.terms().getLast().equals(stem)
                    || column.terms().size() > 1 && column.terms().getFirst().equals(stem) && isTemporal(column.column())
                    && TIME_WORDS.contains(column.terms().getLast())) { // "shipped": shipped_at, "hire": hire_date
                last.add(new Mention.ColumnRef(column.relation(), column.column()));
            }
        }
        whole.addAll(last);
        return whole;
    }

    /** Schema words {@code stem} may stand for: configured and built-in synonyms, then English ones and broader words. */
    private Set<String> synonymsOf(String stem) {
        Set<String> found = new LinkedHashSet<>(synonyms.of(stem));
        for (SchemaWords.Named named : schema.relations()) {
            String head = named.terms().getLast();
            if (lexicon.synonyms(stem, head) || lexicon.isKindOf(head, stem)) {
                found.add(head);
            }
        }
        for (SchemaWords.ColumnWords column : schema.columns()) {
            String head = column.terms().getLast();
            if (column.terms().size() == 1 && lexicon.synonyms(stem, head)) {
                found.add(head);
            }
        }
        found.remove(stem);
        return found;
    }

    /** Words that are not found: the schema word or (for words that are not English) the value they most likely misspell. */
    private void corrections() {
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            boolean english = lexicon.knows(token.word());
            if (used[i] || isNumber(token.word())) {
                continue;
            }
            Optional<String> meant = Spelling.correction(token.word(), spellings, english);
            if (meant.isPresent() && single(i, Words.stem(meant.get()), Mention.Evidence.of(0.8, "'" + token.text() + "' read as " + meant.get()))) {
                notes.add("'" + token.text() + "' read as " + meant.get());
                continue;
            }
            if (!english && Spelling.worthCorrecting(token.word(), false)) {
                fuzzyValue(i);
            }
        }
    }

    /** A misspelt value, one to three words long and containing the word at {@code at}: "Led Zepelin" for 'Led Zeppelin'. */
    private void fuzzyValue(int at) {
        values.closestAround(tokens.stream().map(Token::word).toList(), at, i -> used[i]).ifPresent(misspelt -> {
            List<ValueIndex.Hit> hits = values.lookup(misspelt.value());
            String shown = hits.isEmpty() ? misspelt.value() : hits.getFirst().value();
            notes.add("'" + String.join(" ", tokens.subList(misspelt.start(), misspelt.end()).stream().map(Token::text).toList())
                    + "' read as '" + shown + "'");
            value(misspelt.start(), misspelt.end() - 1, hits, Mention.Evidence.of(0.75, "typo"));
        });
    }

    private void numbers() {
        for (int i = 0; i < tokens.size(); i++) {
            if (!used[i] && isNumber(tokens.get(i).word())) {
                mentions.add(new Mention.Number(i, i, new BigDecimal(tokens.get(i).word())));
                use(i, i);
            }
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static List<Token> tokenize(String question) {
        List<Token> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i <= question.length(); i++) {
            char c = i < question.length() ? question.charAt(i) : ' ';
            boolean inner = (c == '-' || c == '.' || c == '\'' || c == '’') && !word.isEmpty() && i + 1 < question.length()
                    && Character.isLetterOrDigit(question.charAt(i + 1));
            if (Character.isLetterOrDigit(c) || inner) {
                word.append(c);
            } else if (!word.isEmpty()) {
                String text = word.toString().replace('’', '\'');
                String folded = Folding.fold(text);
                tokens.add(new Token(text, folded, Words.stem(folded)));
                word.setLength(0);
            }
        }
        return tokens;
    }

    private boolean anyUsed(int start, int length) {
        for (int i = start; i < start + length; i++) {
            if (used[i]) {
                return true;
            }
        }
        return false;
    }

    private void use(int from, int to) {
        for (int i = from; i <= to; i++) {
            used[i] = true;
        }
    }

    static boolean isNumber(String word) {
        return word.matches("\\d{1,12}(\\.\\d{1,6})?");
    }

    private static int year(String word) {
        if (word.length() == 4 && word.chars().allMatch(Character::isDigit)) {
            int y = Integer.parseInt(word);
            return y >= 1900 && y <= 2100 ? y : 0;
        }
        return 0;
    }

    static boolean isTemporal(Column column) {
        String type = column.type();
        return type.startsWith("date") || type.startsWith("timestamp");
    }
}
