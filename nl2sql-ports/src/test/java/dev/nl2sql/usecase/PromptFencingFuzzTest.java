package dev.nl2sql.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.audit.Caller;
import dev.nl2sql.domain.conversation.ConversationContext;
import dev.nl2sql.domain.conversation.ResultSummary;
import dev.nl2sql.domain.conversation.Turn;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.generation.ChatMessage;
import dev.nl2sql.domain.generation.ChatReply;
import dev.nl2sql.domain.generation.ChatRequest;
import dev.nl2sql.domain.linking.SchemaLinker;
import dev.nl2sql.domain.linking.Synonyms;
import dev.nl2sql.domain.offline.OfflineGenerator;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.query.ResponseMode;
import dev.nl2sql.domain.query.TokenUsage;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.result.ResultColumn;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.EnumType;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.RelationKind;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.validation.Verdict;
import dev.nl2sql.port.LanguageModel;
import dev.nl2sql.port.QueryExecutor;
import dev.nl2sql.port.SchemaCatalog;
import dev.nl2sql.usecase.testing.TestUseCases;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The prompt fence under a seeded fuzzer, on the real path: hostile text ({@link HostileText}) in every slot nl2sql
 * did not write (table, column and schema names, table and column comments, enum labels, earlier turns with their SQL,
 * columns and rows, a database error's message, the names a refusal suggests, the question) goes through
 * {@link GenerateSql} with schema linking, the validator and the correction loop, and a scripted model that misspells
 * names, trips a database error and answers garbage, so that every kind of message is sent. Every message the model
 * receives is read back and checked: the system prompt is the one written; each message has exactly its template's
 * shape, with real delimiters only where the template puts a block; no value spells a delimiter a model would read as
 * one (the text as a model reads it: NFKD, look-alikes, invisible characters dropped, case folded); each value stays
 * in its own block; the question arrives as asked.
 *
 * <p>One run from the seed feeds every test; each test checks one invariant over all of it. CI runs
 * {@code -Dnl2sql.promptfuzz.cases} (default 2,000) questions from {@code -Dnl2sql.promptfuzz.seed} (default 11); a
 * failure names the seed and the case.
 */
class PromptFencingFuzzTest {

    private static final long SEED = Long.getLong("nl2sql.promptfuzz.seed", 11);
    private static final int CASES = Integer.getInteger("nl2sql.promptfuzz.cases", 2_000);
    private static final DatabaseName SHOP = DatabaseName.of("shop");
    /** Where each slot's text came from; each hostile text carries {@code xq<source><n>}. */
    private static final Pattern MARKER = Pattern.compile("xq(schema|conv|reason|question)\\d+");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(data:)?([A-Za-z0-9_]+)}}");
    private static final List<String> WORDS = List.of("invoice", "customer", "track", "album", "artist", "employee", "order", "genre");
    private static final Prompts PROMPTS = Prompts.load(Prompts.CURRENT_VERSION);
    /** The sources whose text each slot may hold: a refusal's reason may quote the names the model misspelt. */
    private static final Map<String, Set<String>> ALLOWED = Map.of("schema", Set.of("schema"), "conversation", Set.of("conv"),
            "reason", Set.of("reason", "schema"), "suggestions", Set.of("schema"), "question", Set.of("question"));

    private enum Step { MISSPELT_COLUMN, MISSPELT_TABLE, DATABASE_ERROR, UNREADABLE }

    /** What one run found, by invariant: how often, and the first few examples with their case. */
    private static final Map<String, List<String>> VIOLATIONS = new TreeMap<>();
    private static final Map<String, Integer> REACHED = new TreeMap<>();
    private static int messages;
    private static String summary;

    @BeforeAll
    static void fuzz() {
        Fuzzer fuzzer = new Fuzzer(new Random(SEED));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long started = System.nanoTime();
        long cpu = threads.getCurrentThreadCpuTime();
        for (int number = 0; number < CASES; number++) {
            fuzzer.run(number);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        summary = String.format(Locale.ROOT, "prompt fuzz: seed %d, %d cases, %d messages in %.1f s, %.1f s of CPU (%.0f cases/s of CPU); "
                + "reached %s; violations %s", SEED, CASES, messages, seconds, cpuSeconds, CASES / cpuSeconds, REACHED, VIOLATIONS.keySet());
        System.err.println(summary);
    }

    @Test
    void theSystemPromptIsSentAsWrittenWhateverTheData() {
        assertThat(VIOLATIONS.get("system prompt")).as(summary).isNull();
    }

    @Test
    void realDelimitersStandOnlyWhereTheTemplatePutsABlock() {
        assertThat(VIOLATIONS.get("shape")).as(summary).isNull();
    }

    @Test
    void noValueSpellsADelimiterAModelWouldRead() {
        assertThat(VIOLATIONS.get("read as a delimiter")).as(summary).isNull();
    }

    @Test
    void untrustedTextAppearsOnlyInsideItsOwnBlock() {
        assertThat(VIOLATIONS.get("out of its block")).as(summary).isNull();
    }

    @Test
    void theQuestionArrivesAsAskedButForEscapedDelimiters() {
        assertThat(VIOLATIONS.get("question")).as(summary).isNull();
    }

    /** Without this, every test above could pass on a generator that never reached a slot. */
    @Test
    void theGeneratorReachesEverySlotAndEveryKindOfMessage() {
        assertThat(REACHED).as(summary).allSatisfy((slot, count) -> assertThat(count).as(slot).isGreaterThan(CASES / 50));
        assertThat(REACHED.keySet()).as(summary).contains("schema block", "conversation block", "reason block", "question slot",
                "suggested names", "correction", "unreadable", "long text");
    }

    private static void violation(String invariant, int number, String detail) {
        List<String> examples = VIOLATIONS.computeIfAbsent(invariant, k -> new ArrayList<>());
        if (examples.size() < 5) {
            examples.add("seed " + SEED + " case " + number + ": " + detail);
        }
    }

    private static void reached(String what) {
        REACHED.merge(what, 1, Integer::sum);
    }

    /** The real path with scripted ports: one {@link GenerateSql}, each case's schema and script swapped in. */
    private static final class Fuzzer {

        private final Random random;
        private final HostileText hostile;
        private final List<String> replies = new ArrayList<>();
        private final List<ChatRequest> requests = new ArrayList<>();
        private SchemaSnapshot schema;
        private String detail;
        private int serial;
        private final GenerateSql generateSql;

        Fuzzer(Random random) {
            this.random = random;
            this.hostile = new HostileText(random);
            SchemaCatalog catalog = new SchemaCatalog() {
                @Override
                public Result<SchemaSnapshot> snapshot(DatabaseName database) {
                    return Result.ok(schema);
                }

                @Override
                public Result<SchemaSnapshot> refresh(DatabaseName database) {
                    return Result.ok(schema);
                }


                @Override

                public Optional<SchemaSnapshot> cached(DatabaseName database) {

                    return Optional.of(schema);

                }
            };
            QueryExecutor executor = new QueryExecutor() {
                @Override
                public QueryOutcome execute(DatabaseName database, Verdict.Accepted statement, List<Object> parameters, Limits limits) {
                    return statement.sql().contains("AS two")
                            ? QueryOutcome.failed(new Failure.DatabaseError(SHOP, "42703", detail))
                            : QueryOutcome.succeeded(statement.sql(), new QueryResult(List.of(new ResultColumn("one", "int4")),
                                    List.of(List.of(1)), false, Duration.ofMillis(1)));
                }

                @Override
                public Result<Double> estimateCost(DatabaseName database, Verdict.Accepted statement, Limits limits) {
                    return Result.ok(1.0);
                }
            };
            LanguageModel model = new LanguageModel() {
                @Override
                public String name() {
                    return "scripted";
                }

                @Override
                public Result<ChatReply> chat(ChatRequest request) {
                    requests.add(request);
                    return replies.isEmpty() ? Result.err(new Failure.LlmUnavailable("the script has no more replies"))
                            : Result.ok(new ChatReply(replies.removeFirst(), new TokenUsage(10, 5), "scripted"));
                }
            };
            QuestionContext context = new QuestionContext(database -> Result.err(new Failure.DatabaseUnavailable(SHOP, "not sampled", false)),
                    new SchemaLinker(Synonyms.DEFAULT, SchemaLinker.DEFAULT_TOKEN_BUDGET), new OfflineGenerator(Synonyms.DEFAULT));
            generateSql = TestUseCases.over(catalog, executor).withModel(model).withSchemaContext(context).withOffline(context)
                    .withGeneration(new GenerateSql.Settings(3, 1_000, 0.0, Duration.ofSeconds(45), GenerateSql.Fallback.REFUSE))
                    .build().generateSql();
        }

        void run(int number) {
            schema = schema();
            detail = "column " + hostile.text(marker("reason")) + " does not exist";
            ConversationContext earlier = conversation();
            String question = WORDS.get(random.nextInt(WORDS.size())) + " " + hostile.text(marker("question"));
            List<Step> steps = new ArrayList<>();
            for (int i = 0, n = random.nextInt(4); i < n; i++) {
                steps.add(Step.values()[random.nextInt(Step.values().length)]);
            }
            replies.clear();
            requests.clear();
            steps.forEach(step -> replies.add(reply(step)));
            replies.add(json("SELECT 1 AS one"));
            generateSql.answer(new QueryRequest.Question(SHOP, question, ResponseMode.RESULT, Limits.AS_CONFIGURED), Optional.empty(),
                    Caller.CLI, earlier);
            new Reading(number, question).check(requests);
        }

        private String marker(String source) {
            return "xq" + source + serial++;
        }

        private SchemaSnapshot schema() {
            List<EnumType> enums = new ArrayList<>();
            List<Relation> relations = new ArrayList<>();
            for (int r = 0, n = 1 + random.nextInt(4); r < n; r++) {
                String schemaName = random.nextInt(4) == 0 ? hostile.name(marker("schema")) : "public";
                String table = WORDS.get(random.nextInt(WORDS.size())) + (random.nextBoolean() ? "_" + r : " " + hostile.name(marker("schema")));
                List<Column> columns = new ArrayList<>();
                for (int c = 0, m = 1 + random.nextInt(5); c < m; c++) {
                    Optional<QualifiedName> enumType = Optional.empty();
                    if (random.nextInt(4) == 0) {
                        QualifiedName enumName = QualifiedName.of("public", random.nextBoolean() ? "kind" + enums.size() : hostile.name(marker("schema")));
                        List<String> labels = new ArrayList<>();
                        for (int l = 0, k = 1 + random.nextInt(4); l < k; l++) {
                            labels.add(random.nextBoolean() ? hostile.name(marker("schema")) : hostile.text(marker("schema")));
                        }
                        enums.add(new EnumType(enumName, labels));
                        enumType = Optional.of(enumName);
                    }
                    String name = (random.nextBoolean() ? hostile.name(marker("schema")) : WORDS.get(random.nextInt(WORDS.size()))) + "_" + c;
                    Optional<String> comment = random.nextBoolean() ? Optional.of(hostile.text(marker("schema"))) : Optional.empty();
                    columns.add(new Column(name, enumType.isPresent() ? "USER-DEFINED" : "text", true, Optional.empty(), comment, enumType));
                }
                Optional<String> comment = random.nextBoolean() ? Optional.of(hostile.text(marker("schema"))) : Optional.empty();
                relations.add(new Relation(QualifiedName.of(schemaName, table), RelationKind.TABLE, columns, List.of(), List.of(), List.of(),
                        comment, Optional.empty()));
            }
            return SchemaSnapshot.of(SHOP, relations, enums, Instant.EPOCH);
        }

        private ConversationContext conversation() {
            List<Turn> turns = new ArrayList<>();
            for (int t = 0, n = random.nextInt(4); t < n; t++) {
                Optional<String> sql = random.nextInt(3) == 0 ? Optional.empty() : Optional.of(hostile.text(marker("conv")));
                Optional<ResultSummary> summary = Optional.empty();
                if (sql.isPresent() && random.nextBoolean()) {
                    List<ResultColumn> columns = List.of(new ResultColumn(hostile.name(marker("conv")), "text"),
                            new ResultColumn(hostile.name(marker("conv")), "text"));
                    List<List<Object>> rows = new ArrayList<>();
                    for (int row = 0, m = random.nextInt(5); row < m; row++) {
                        rows.add(java.util.Arrays.asList(hostile.text(marker("conv")), random.nextBoolean() ? null : hostile.name(marker("conv"))));
                    }
                    summary = Optional.of(ResultSummary.of(QueryOutcome.succeeded(sql.get(),
                            new QueryResult(columns, rows, random.nextBoolean(), Duration.ofMillis(1)))));
                }
                turns.add(new Turn(hostile.text(marker("conv")), sql, summary));
            }
            return new ConversationContext(turns, 50 + random.nextInt(2_000));
        }

        /** {@return the model's reply that makes the loop send the message {@code step} names} */
        private String reply(Step step) {
            Relation relation = schema.relations().get(random.nextInt(schema.relations().size()));
            String table = quoted(relation.name().schema()) + "." + quoted(relation.name().name());
            return switch (step) {
                case MISSPELT_COLUMN -> {
                    String column = relation.columns().get(random.nextInt(relation.columns().size())).name();
                    yield json("SELECT t." + quoted(misspelt(column)) + " FROM " + table + " AS t");
                }
                case MISSPELT_TABLE -> json("SELECT 1 AS one FROM " + quoted(relation.name().schema()) + "." + quoted(misspelt(relation.name().name())));
                case DATABASE_ERROR -> json("SELECT 2 AS two");
                case UNREADABLE -> "I would rather not write JSON today.";
            };
        }

        private static String misspelt(String name) {
            return name.length() > 3 ? name.substring(0, name.length() - 2) + name.charAt(name.length() - 1) : name + "z";
        }

        private static String quoted(String name) {
            return '"' + name.replace("\"", "\"\"") + '"';
        }

        private static String json(String sql) {
            StringBuilder text = new StringBuilder("{\"sql\": \"");
            for (char c : sql.toCharArray()) {
                switch (c) {
                    case '"' -> text.append("\\\"");
                    case '\\' -> text.append("\\\\");
                    default -> {
                        if (c < 0x20) {
                            text.append(String.format("\\u%04x", (int) c));
                        } else {
                            text.append(c);
                        }
                    }
                }
            }
            return text.append("\", \"explanation\": \"scripted\", \"confidence\": 0.5}").toString();
        }
    }

    /** Every message of one case's chat, read against the templates. */
    private record Reading(int number, String question) {

        void check(List<ChatRequest> requests) {
            for (ChatRequest request : requests) {
                List<ChatMessage> chat = request.messages();
                if (!chat.getFirst().equals(ChatMessage.system(PROMPTS.system()))
                        || chat.stream().filter(m -> m.role() == ChatMessage.Role.SYSTEM).count() != 1) {
                    violation("system prompt", number, "the system message is not the one written: " + chat.getFirst());
                }
            }
            List<ChatMessage> chat = requests.getLast().messages();
            for (int i = 1; i < chat.size(); i++) {
                ChatMessage message = chat.get(i);
                if (message.role() == ChatMessage.Role.USER) {
                    messages++;
                    check(message.content(), i == 1 ? List.of(PROMPTS.question()) : List.of(PROMPTS.correction(), PROMPTS.unreadable()));
                }
            }
        }

        private void check(String message, List<String> templates) {
            for (String template : templates) {
                Optional<Map<String, Slot>> slots = Shape.of(template).read(message);
                if (slots.isPresent()) {
                    reached(template.equals(PROMPTS.question()) ? "question"
                            : template.equals(PROMPTS.correction()) ? "correction" : "unreadable");
                    if (message.length() > 20_000) {
                        reached("long text");
                    }
                    checkDelimiters(message, slots.get());
                    checkPlaces(slots.get());
                    return;
                }
            }
            violation("shape", number, "the message has no template's shape: " + abbreviated(message));
        }

        private void checkDelimiters(String message, Map<String, Slot> slots) {
            long blocks = slots.values().stream().filter(Slot::fenced).count();
            if (occurrences(message, "<data source=\"") != blocks || occurrences(message, "</data>") != blocks) {
                violation("shape", number, blocks + " blocks, but more real delimiters: " + abbreviated(message));
            }
            String read = ModelReading.of(message);
            if (occurrences(read, "<data") != blocks || occurrences(read, "</data") != blocks) {
                violation("read as a delimiter", number, blocks + " blocks, but a model reads " + occurrences(read, "<data") + " openings and "
                        + occurrences(read, "</data") + " closings in: " + abbreviated(message));
            }
        }

        private void checkPlaces(Map<String, Slot> slots) {
            slots.forEach((name, slot) -> {
                Set<String> allowed = slot.fenced() || name.equals("question") ? ALLOWED.getOrDefault(name, Set.of()) : Set.of();
                Matcher marker = MARKER.matcher(slot.text());
                boolean own = false;
                while (marker.find()) {
                    if (!allowed.contains(marker.group(1))) {
                        violation("out of its block", number, "text from " + marker.group(1) + " in " + (slot.fenced() ? "the block " : "the unfenced slot ")
                                + name + ": " + abbreviated(slot.text()));
                        return;
                    }
                    own = true;
                }
                if (own) {
                    reached(name.equals("question") ? "question slot" : name.equals("suggestions") ? "suggested names" : name + " block");
                }
            });
            Slot asked = slots.get("question");
            if (asked != null && !unescaped(asked.text()).equals(unescaped(question))) {
                violation("question", number, "asked " + abbreviated(question) + ", sent " + abbreviated(asked.text()));
            }
        }

        private static String unescaped(String text) {
            Matcher entity = Pattern.compile("&lt;|&#x([0-9A-Fa-f]+);").matcher(text);
            return entity.replaceAll(m -> Matcher.quoteReplacement(m.group(1) == null ? "<" : Character.toString(Integer.parseInt(m.group(1), 16))));
        }
    }

    /** What a slot of a template was filled with, and whether it came as a data block. */
    private record Slot(String text, boolean fenced) {}

    /**
     * A template as a pattern: its own text literally, each {@code {{data:name}}} an optional
     * {@code <data source="name">} block followed by white space, each {@code {{name}}} any text.
     */
    private record Shape(Pattern pattern, List<String> names, List<Boolean> fenced) {

        private static final Map<String, Shape> SHAPES = new HashMap<>();

        static Shape of(String template) {
            return SHAPES.computeIfAbsent(template, t -> {
                StringBuilder regex = new StringBuilder();
                List<String> names = new ArrayList<>();
                List<Boolean> fenced = new ArrayList<>();
                Matcher placeholder = PLACEHOLDER.matcher(t);
                int last = 0;
                while (placeholder.find()) {
                    regex.append(Pattern.quote(t.substring(last, placeholder.start())));
                    boolean data = placeholder.group(1) != null;
                    regex.append(data ? "(?:<data source=\"" + placeholder.group(2) + "\">\n(.*?)\n</data>\\p{javaWhitespace}*)?" : "(.*?)");
                    names.add(placeholder.group(2));
                    fenced.add(data);
                    last = placeholder.end();
                }
                regex.append(Pattern.quote(t.substring(last)));
                return new Shape(Pattern.compile(regex.toString(), Pattern.DOTALL), names, fenced);
            });
        }

        Optional<Map<String, Slot>> read(String message) {
            Matcher matcher = pattern.matcher(message);
            if (!matcher.matches()) {
                return Optional.empty();
            }
            Map<String, Slot> slots = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                if (matcher.group(i + 1) != null) {
                    slots.put(names.get(i), new Slot(matcher.group(i + 1), fenced.get(i)));
                }
            }
            return Optional.of(slots);
        }
    }

    /**
     * Text as a model may read it, written apart from {@link Prompts} so that the two can disagree: each character
     * decomposed (NFKD: full-width and mathematical letters become plain ones, accents come apart), what is not a
     * visible letter, digit, punctuation or symbol dropped (white space, controls, format and zero-width characters,
     * bidirectional overrides, combining marks, private use, unassigned code points, lone surrogates, the Hangul
     * fillers) and backslashes ({@code <\/data>} escapes a slash), look-alikes of {@code <}, {@code /} and the letters
     * of {@code data} replaced by them, and case folded.
     */
    static final class ModelReading {

        private static final Set<Byte> INVISIBLE = Set.of(Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.PRIVATE_USE,
                Character.SURROGATE, Character.NON_SPACING_MARK, Character.ENCLOSING_MARK,
                Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR);
        private static final Set<Integer> FILLERS = Set.of(0x115F, 0x1160, 0x3164, 0xFFA0);
        private static final Map<Integer, Integer> LOOK_ALIKES = new HashMap<>();

        static {
            for (int c : new int[] {0x2039, 0x276E, 0x02C2, 0x1438, 0x3008, 0x27E8, 0x2329}) {
                LOOK_ALIKES.put(c, (int) '<');
            }
            for (int c : new int[] {0x2044, 0x2215, 0x29F8, 0x2571}) {
                LOOK_ALIKES.put(c, (int) '/');
            }
            for (int c : new int[] {0x0430, 0x03B1, 0x0251, 0x1D00}) {
                LOOK_ALIKES.put(c, (int) 'a');
            }
            for (int c : new int[] {0x0501, 0x1D05}) {
                LOOK_ALIKES.put(c, (int) 'd');
            }
            for (int c : new int[] {0x0442, 0x03C4, 0x1D1B}) {
                LOOK_ALIKES.put(c, (int) 't');
            }
        }

        static String of(String text) {
            StringBuilder read = new StringBuilder(text.length());
            Normalizer.normalize(text, Normalizer.Form.NFKD).codePoints()
                    .filter(c -> !INVISIBLE.contains((byte) Character.getType(c)) && !FILLERS.contains(c) && c != '\\')
                    .map(Character::toLowerCase)
                    .map(c -> LOOK_ALIKES.getOrDefault(c, c))
                    .forEach(read::appendCodePoint);
            return read.toString();
        }
    }

    private static long occurrences(String text, String part) {
        long count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    private static String abbreviated(String text) {
        String shown = text.length() > 600 ? text.substring(0, 600) + "...(" + text.length() + " chars)" : text;
        StringBuilder escaped = new StringBuilder();
        shown.codePoints().forEach(c -> {
            if (c == '\n') {
                escaped.append("\\n");
            } else if (c < 0x20 || (c >= 0x7F && c < 0xA0) || !Character.isDefined(c) || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.SURROGATE) {
                escaped.append(String.format("\\u%04X", c));
            } else {
                escaped.appendCodePoint(c);
            }
        });
        return escaped.toString();
    }
}
