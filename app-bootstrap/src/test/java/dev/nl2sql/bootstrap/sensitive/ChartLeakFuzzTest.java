package dev.nl2sql.bootstrap.sensitive;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.bootstrap.sensitive.ChartAttempts.Chartable;
import dev.nl2sql.domain.chart.Chart;
import dev.nl2sql.domain.chart.ChartImage;
import dev.nl2sql.domain.chart.ChartKind;
import dev.nl2sql.domain.chart.ChartRequest;
import dev.nl2sql.domain.chart.ImageFormat;
import dev.nl2sql.domain.generation.Answer;
import dev.nl2sql.domain.generation.Generation;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.fixtures.SensitiveCustomers;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.library.Nl2Sql;
import dev.nl2sql.library.config.Nl2SqlConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.zip.InflaterInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Charts under a seeded fuzzer, through the library against PostgreSQL with {@link SensitiveCustomers}' policy: the
 * rows of thousands of generated statements and questions ({@link ChartAttempts}) are charted every way a caller can
 * ask (auto, bar, line, pie, scatter), and no chart output holds a protected value or a hidden name
 * ({@link LeakDetector}): not the Vega-Lite specification, not the explanation, not the SVG's words (its text and
 * attributes, not its coordinates), not the PNG's chunks other than its pixels (text chunks inflated). A PNG's pixels
 * are drawn from the same chart as the SVG, whose text says what they show.
 *
 * <p>One run feeds both tests. Bounded for CI: {@code -Dnl2sql.chartfuzz.cases} (default 1,200) or
 * {@code -Dnl2sql.chartfuzz.seconds} (default 30), whichever comes first, from {@code -Dnl2sql.chartfuzz.seed}
 * (default 23). It writes its counts to {@code target/chart-leak-fuzz.txt}.
 */
class ChartLeakFuzzTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path audit;

    private static final long SEED = Long.getLong("nl2sql.chartfuzz.seed", 23);
    private static final List<ChartRequest> REQUESTS = List.of(ChartRequest.AUTO, new ChartRequest.Kind(ChartKind.BAR),
            new ChartRequest.Kind(ChartKind.LINE), new ChartRequest.Kind(ChartKind.PIE), new ChartRequest.Kind(ChartKind.SCATTER));
    private static final Pattern HASHED = Pattern.compile("\"[0-9a-f]{16}\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Leak(String where, String what, String attempt, String text) {}

    private static final List<Leak> LEAKS = new ArrayList<>();
    /** What the run reached: outcomes, charts by kind, images by format, charts of masked or hashed cells, PNG chunk types. */
    private static final Map<String, Integer> REACHED = new TreeMap<>();
    private static final Set<String> PNG_CHUNKS = new TreeSet<>();
    /** Charts that could not be chosen, specified or drawn: the attempt and the exception. */
    private static final List<String> FAILURES = new ArrayList<>();
    private static String summary;
    private static int tried;

    @BeforeAll
    static void fuzz() throws Exception {
        db.execute(SensitiveCustomers.SQL);
        int cases = Integer.getInteger("nl2sql.chartfuzz.cases", 1_200);
        Duration budget = Duration.ofSeconds(Long.getLong("nl2sql.chartfuzz.seconds", 30));
        LeakDetector detector;
        try (Connection connection = db.connect()) {
            detector = LeakDetector.ofSensitiveCustomers(connection);
        }
        Random choices = new Random(SEED);
        long started = System.nanoTime();
        long deadline = started + budget.toNanos();
        try (Nl2Sql nl2sql = Nl2Sql.builder().config(Nl2SqlConfig.of(List.of(LeakFuzzTest.vault(db)), audit)).build()) {
            ChartAttempts attempts = new ChartAttempts(SEED);
            while (tried < cases && System.nanoTime() < deadline) {
                Chartable attempt = attempts.next();
                tried++;
                Optional<QueryOutcome> outcome;
                String sql = attempt.text();
                if (attempt.question()) {
                    Answer answer = nl2sql.ask("vault", attempt.text());
                    outcome = answer.rows();
                    if (answer.generation() instanceof Generation.Generated generated) {
                        sql = attempt.text() + "\n" + generated.query().sql();
                    }
                } else {
                    outcome = Optional.of(nl2sql.run("vault", attempt.text()));
                }
                if (outcome.orElse(null) instanceof QueryOutcome.Succeeded ok) {
                    reached(attempt.question() ? "question answered with rows" : "ran");
                    try {
                        chart(nl2sql, ok.result(), attempt, sql, detector, choices);
                    } catch (RuntimeException e) {
                        if (FAILURES.size() < 20) {
                            FAILURES.add(attempt.family() + ": " + attempt.text() + " -> " + e + " at " + e.getStackTrace()[0]);
                        }
                        reached("chart failed");
                    }
                } else {
                    reached("did not run");
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        summary = String.format(java.util.Locale.ROOT, "chart leak fuzz: seed %d, %d attempts in %.1f s (%.0f/s), reached %s, PNG chunks %s, %d leaks",
                SEED, tried, seconds, tried / seconds, REACHED, PNG_CHUNKS, LEAKS.size());
        StringBuilder report = new StringBuilder(summary).append('\n');
        LEAKS.forEach(leak -> report.append(leak).append('\n'));
        FAILURES.forEach(failure -> report.append(failure).append('\n'));
        Files.writeString(Path.of("target", "chart-leak-fuzz.txt"), report);
        System.err.println(summary);
    }

    /** Charts {@code result} every way, draws one of the drawn charts as PNG and SVG, and searches everything produced. */
    private static void chart(Nl2Sql nl2sql, QueryResult result, Chartable attempt, String sql, LeakDetector detector, Random choices)
            throws IOException {
        List<Chart> drawn = new ArrayList<>();
        for (ChartRequest request : REQUESTS) {
            Chart chart = nl2sql.chart(result, request);
            search("explanation", chart.explanation(), attempt, sql, detector);
            Optional<Map<String, Object>> spec = nl2sql.chartSpec(chart, result);
            if (spec.isPresent()) {
                String json = JSON.writeValueAsString(spec.get());
                search("spec", json, attempt, sql, detector);
                reached("spec " + chart.kind().label());
                if (json.contains("\"***\"")) {
                    reached("spec of masked cells");
                }
                if (HASHED.matcher(json).find()) {
                    reached("spec of hashed cells");
                }
                drawn.add(chart);
            }
        }
        if (drawn.isEmpty()) {
            return;
        }
        Chart chart = drawn.get(choices.nextInt(drawn.size()));
        for (ImageFormat format : ImageFormat.values()) {
            switch (nl2sql.render(chart, result, format)) {
                case ChartImage.Missing missing -> {
                    reached("image missing");
                    search("image missing", missing.reason(), attempt, sql, detector);
                }
                case ChartImage.Drawn image -> {
                    reached(format.name() + " " + chart.kind().label());
                    String text = format == ImageFormat.SVG ? svgText(image.bytes()) : pngChunks(image.bytes());
                    search(format.name(), text, attempt, sql, detector);
                    if (format == ImageFormat.SVG && text.contains("***")) {
                        reached("SVG of masked cells");
                    }
                }
            }
        }
    }

    private static void search(String where, String text, Chartable attempt, String sql, LeakDetector detector) {
        detector.leakIn(text, sql).ifPresent(what -> LEAKS.add(new Leak(where, what, attempt.family() + ": " + attempt.text(),
                around(text, what))));
    }

    /** {@return the text around what the detector found, when it names something the text holds as is} */
    private static String around(String text, String what) {
        int quote = what.indexOf('\'');
        String found = quote >= 0 && what.endsWith("'") ? what.substring(quote + 1, what.length() - 1) : what;
        int at = text.toLowerCase(java.util.Locale.ROOT).indexOf(found.toLowerCase(java.util.Locale.ROOT));
        return at < 0 ? (text.length() > 300 ? text.substring(0, 300) + "..." : text)
                : "..." + text.substring(Math.max(0, at - 150), Math.min(text.length(), at + found.length() + 150)) + "...";
    }

    /** Attributes that place or style what is drawn, or name a clip; what they hold is geometry, not text. */
    private static final Set<String> GEOMETRY = Set.of("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "width", "height",
            "d", "points", "transform", "style", "clip-path", "id", "viewBox");

    /**
     * {@return what an SVG says in words: its text nodes and every attribute but geometry, styles and ids} Its coordinates
     * are long decimals that hold every four-digit run sooner or later, and say nothing but where the visible data lies.
     */
    static String svgText(byte[] svg) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg));
            StringBuilder text = new StringBuilder();
            collect(document.getDocumentElement(), text);
            return text.toString();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalStateException("the renderer wrote an SVG that does not parse", e);
        }
    }

    private static void collect(Node node, StringBuilder text) {
        if (node.getNodeType() == Node.TEXT_NODE || node.getNodeType() == Node.CDATA_SECTION_NODE) {
            text.append(node.getNodeValue()).append('\n');
        }
        NamedNodeMap attributes = node.getAttributes();
        for (int i = 0; attributes != null && i < attributes.getLength(); i++) {
            if (!GEOMETRY.contains(attributes.item(i).getNodeName())) {
                text.append(attributes.item(i).getNodeName()).append('=').append(attributes.item(i).getNodeValue()).append('\n');
            }
        }
        for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
            collect(child, text);
        }
    }

    /**
     * {@return every chunk of {@code png} but its pixels (IDAT) as text: its type, its data read as Latin-1 and as UTF-8,
     * and the text of compressed text chunks (zTXt, iTXt) inflated}
     */
    static String pngChunks(byte[] png) {
        ByteBuffer in = ByteBuffer.wrap(png);
        in.position(8); // the signature
        StringBuilder text = new StringBuilder();
        while (in.remaining() >= 12) {
            byte[] data = new byte[in.getInt()];
            byte[] type = new byte[4];
            in.get(type);
            in.get(data);
            in.getInt(); // CRC
            String name = new String(type, ISO_8859_1);
            PNG_CHUNKS.add(name);
            if (name.equals("IDAT")) {
                continue;
            }
            text.append(name).append(' ').append(new String(data, ISO_8859_1)).append(' ').append(new String(data, UTF_8)).append('\n');
            int keywordEnd = indexOf(data, 0, 0);
            if (name.equals("zTXt") && keywordEnd >= 0) {
                text.append(inflated(data, keywordEnd + 2)).append('\n');
            } else if (name.equals("iTXt") && keywordEnd >= 0 && data[keywordEnd + 1] == 1) {
                int language = indexOf(data, 0, keywordEnd + 3);
                int translated = indexOf(data, 0, language + 1);
                text.append(inflated(data, translated + 1)).append('\n');
            }
        }
        return text.toString();
    }

    private static int indexOf(byte[] data, int value, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static String inflated(byte[] data, int from) {
        try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(data, from, data.length - from))) {
            return new String(in.readAllBytes(), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("a compressed PNG text chunk that does not inflate", e);
        }
    }

    private static void reached(String what) {
        REACHED.merge(what, 1, Integer::sum);
    }

    @Test
    void noChartOutputHoldsAProtectedValueOrHiddenName() {
        assertThat(LEAKS).as(summary).isEmpty();
    }

    @Test
    void everyChartThatIsChosenIsDrawnWithoutAnError() {
        assertThat(FAILURES).as(summary).isEmpty();
    }

    /** Without this, the test above could pass on a run that charted nothing protected. */
    @Test
    void theRunChartsMaskedAndHashedCellsOfEveryKindInBothFormats() {
        assertThat(REACHED).as(summary).containsKeys("spec bar", "spec line", "spec pie", "spec scatter", "PNG bar", "SVG bar",
                "PNG line", "SVG line", "spec of masked cells", "spec of hashed cells", "SVG of masked cells");
        assertThat(tried).as(summary).isGreaterThan(200);
        assertThat(REACHED.get("ran")).as(summary).isGreaterThan(tried / 4);
        assertThat(REACHED.get("question answered with rows")).as(summary).isGreaterThan(tried / 100);
        assertThat(REACHED.get("spec of masked cells")).as(summary).isGreaterThan(tried / 10);
    }
}
