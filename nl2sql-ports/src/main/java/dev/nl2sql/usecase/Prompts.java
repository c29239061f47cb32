package dev.nl2sql.usecase;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The prompts that ask a language model for SQL, read from versioned resource files
 * ({@code dev/nl2sql/prompts/<version>/*.txt}) rather than scattered through the code. Placeholders are written
 * {@code {{name}}}. The version is recorded with every generation, so a change of wording is traceable.
 *
 * <p>Text nl2sql did not write (schema comments and names, enum labels, earlier turns with their rows) goes in as
 * quoted data, never as instructions: a placeholder written {@code {{data:name}}} becomes a block between
 * {@code <data source="name">} and {@code </data>}, which the system prompt says holds data only, and no value can
 * open or close such a block itself, since {@link #fill} escapes the delimiter in every value, in every spelling a
 * model may read as one ({@link #escaped}), and never reads a value again for placeholders.
 */
public record Prompts(String version, String system, String question, String correction, String unreadable) {

    /** The prompts in use. */
    public static final String CURRENT_VERSION = "v2";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(data:)?([A-Za-z0-9_]+)}}");

    /** Characters read as {@code <}, {@code /} or a letter of {@code data} although no decomposition says so. */
    private static final Map<Integer, Integer> LOOK_ALIKES = lookAlikes();
    /** Invisible letters: the Hangul fillers are letters to Unicode but show nothing. */
    private static final Set<Integer> FILLERS = Set.of(0x115F, 0x1160, 0x3164, 0xFFA0);

    /** {@return the prompts of {@code version}, from the classpath} */
    public static Prompts load(String version) {
        return new Prompts(version, read(version, "system"), read(version, "question"), read(version, "correction"),
                read(version, "unreadable"));
    }

    /**
     * {@return {@code template} with each {@code {{name}}} replaced by its value and each {@code {{data:name}}} by its
     * value fenced as a data block (nothing when the value is blank; white space the value ends with follows the
     * block); data delimiters inside any value are escaped ({@link #escaped})}
     */
    public static String fill(String template, Map<String, String> values) {
        // One pass over the template: a value is never read again, so a value that spells a placeholder stays text.
        return PLACEHOLDER.matcher(template).replaceAll(placeholder -> {
            String value = values.get(placeholder.group(2));
            if (value == null) {
                return Matcher.quoteReplacement(placeholder.group());
            }
            String text = escaped(value);
            return Matcher.quoteReplacement(placeholder.group(1) == null ? text : fenced(placeholder.group(2), text));
        });
    }

    /**
     * {@return {@code value} with each character escaped that a model may read as the {@code <} of a data delimiter}
     * Tokenizers that normalise text (NFKC) read the full-width forms of {@code </data>} as {@code </data>}, and a model
     * reads through zero-width, bidirectional and control characters, combining marks and look-alikes as a person
     * does; so the text is read that way ({@link #reading}) and any {@code <} followed by {@code data} or
     * {@code /data} is escaped: {@code &lt;}, or {@code &#x...;} for a character other than {@code <}.
     */
    private static String escaped(String value) {
        StringBuilder escaped = null;
        int copied = 0;
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            int next = i + Character.charCount(c);
            if (c == '<' || c >= 0x80) {
                String read = c == '<' ? "<" : reading(c);
                int less = read.lastIndexOf('<');
                if (less >= 0 && delimiterFollows(read.substring(less + 1), value, next)) {
                    if (escaped == null) {
                        escaped = new StringBuilder(value.length() + 16);
                    }
                    String entity = c == '<' ? "&lt;" : "&#x" + Integer.toHexString(c).toUpperCase(Locale.ROOT) + ";";
                    escaped.append(value, copied, i).append(entity);
                    copied = next;
                }
            }
            i = next;
        }
        return escaped == null ? value : escaped.append(value, copied, value.length()).toString();
    }

    /** {@return whether {@code read}, then {@code value} from {@code from} as read, starts with {@code data} or {@code /data}} */
    private static boolean delimiterFollows(String read, String value, int from) {
        StringBuilder ahead = new StringBuilder(read);
        int i = from;
        while (true) {
            String text = ahead.toString();
            if (text.startsWith("data") || text.startsWith("/data")) {
                return true;
            }
            if (!"data".startsWith(text) && !"/data".startsWith(text) || i >= value.length()) {
                return false;
            }
            int c = value.codePointAt(i);
            i += Character.charCount(c);
            ahead.append(reading(c));
        }
    }

    /**
     * {@return one character as a model may read it: decomposed (NFKD), without what shows nothing (white space,
     * controls, format characters, combining marks, private use, unassigned code points, lone surrogates, fillers) and
     * without backslashes (an escaped slash, {@code <\/data>}, is still a slash), in lower case, a look-alike as what it
     * looks like}
     */
    private static String reading(int c) {
        if (c < 0x80) {
            return c <= ' ' || c == 0x7F || c == '\\' ? "" : String.valueOf((char) Character.toLowerCase(c));
        }
        StringBuilder read = new StringBuilder(2);
        Normalizer.normalize(Character.toString(c), Normalizer.Form.NFKD).codePoints()
                .filter(d -> !unread(d))
                .map(Character::toLowerCase)
                .map(d -> LOOK_ALIKES.getOrDefault(d, d))
                .forEach(read::appendCodePoint);
        return read.toString();
    }

    private static boolean unread(int c) {
        if (c == '\\') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.PRIVATE_USE, Character.SURROGATE,
                    Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR -> true;
            default -> FILLERS.contains(c);
        };
    }

    /** {@return the look-alikes of {@code look-alikes.tsv}: code point, then the character it reads as} */
    private static Map<Integer, Integer> lookAlikes() {
        Map<Integer, Integer> lookAlikes = new HashMap<>();
        for (String line : resource("/dev/nl2sql/prompts/look-alikes.tsv").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t");
            lookAlikes.put(Integer.parseInt(fields[0], 16), fields[1].codePointAt(0));
        }
        return Map.copyOf(lookAlikes);
    }

    private static String fenced(String source, String text) {
        String data = text.stripTrailing();
        return data.isEmpty() ? "" : "<data source=\"" + source + "\">\n" + data + "\n</data>" + text.substring(data.length());
    }

    private static String read(String version, String name) {
        return resource("/dev/nl2sql/prompts/" + version + "/" + name + ".txt");
    }

    private static String resource(String path) {
        try (InputStream in = Prompts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
