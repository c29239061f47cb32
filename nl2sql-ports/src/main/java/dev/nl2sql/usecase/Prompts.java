package dev.nl2sql.usecase;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The prompts that ask a language model for SQL, read from versioned resource files
 * ({@code dev/nl2sql/prompts/<version>/*.txt}) rather than scattered through the code. Placeholders are written
 * {@code {{name}}}. The version is recorded with every generation, so a change of wording is traceable.
 *
 * <p>Text nl2sql did not write (schema comments and names, enum labels, earlier turns with their rows) goes in as
 * quoted data, never as instructions: a placeholder written {@code {{data:name}}} becomes a block between
 * {@code <data source="name">} and {@code </data>}, which the system prompt says holds data only, and no value can
 * open or close such a block itself, since {@link #fill} escapes the delimiter in every value.
 */
public record Prompts(String version, String system, String question, String correction, String unreadable) {

    /** The prompts in use. */
    public static final String CURRENT_VERSION = "v2";

    /** A data block's delimiters, as a value might spell them ({@code < /DATA}); its {@code <} is escaped. */
    private static final Pattern DELIMITER = Pattern.compile("<(?=\\s*/?\\s*data)", Pattern.CASE_INSENSITIVE);

    /** {@return the prompts of {@code version}, from the classpath} */
    public static Prompts load(String version) {
        return new Prompts(version, read(version, "system"), read(version, "question"), read(version, "correction"),
                read(version, "unreadable"));
    }

    /**
     * {@return {@code template} with each {@code {{name}}} replaced by its value and each {@code {{data:name}}} by its
     * value fenced as a data block (nothing when the value is blank; white space the value ends with follows the
     * block); data delimiters inside any value are escaped}
     */
    public static String fill(String template, Map<String, String> values) {
        String filled = template;
        for (Map.Entry<String, String> value : values.entrySet()) {
            String text = DELIMITER.matcher(value.getValue()).replaceAll("&lt;");
            filled = filled.replace("{{data:" + value.getKey() + "}}", fenced(value.getKey(), text))
                    .replace("{{" + value.getKey() + "}}", text);
        }
        return filled;
    }

    private static String fenced(String source, String text) {
        String data = text.stripTrailing();
        return data.isEmpty() ? "" : "<data source=\"" + source + "\">\n" + data + "\n</data>" + text.substring(data.length());
    }

    private static String read(String version, String name) {
        String path = "/dev/nl2sql/prompts/" + version + "/" + name + ".txt";
        try (InputStream in = Prompts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("prompt " + path + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read prompt " + path, e);
        }
    }
}
