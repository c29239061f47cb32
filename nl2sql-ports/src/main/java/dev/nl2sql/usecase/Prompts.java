package dev.nl2sql.usecase;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The prompts that ask a language model for SQL, read from versioned resource files
 * ({@code dev/nl2sql/prompts/<version>/*.txt}) rather than scattered through the code. Placeholders are written
 * {@code {{name}}}. The version is recorded with every generation, so a change of wording is traceable.
 */
public record Prompts(String version, String system, String question, String correction, String unreadable) {

    /** The prompts in use. */
    public static final String CURRENT_VERSION = "v1";

    /** {@return the prompts of {@code version}, from the classpath} */
    public static Prompts load(String version) {
        return new Prompts(version, read(version, "system"), read(version, "question"), read(version, "correction"),
                read(version, "unreadable"));
    }

    /** {@return {@code template} with each {@code {{name}}} replaced by its value} */
    public static String fill(String template, Map<String, String> values) {
        String filled = template;
        for (Map.Entry<String, String> value : values.entrySet()) {
            filled = filled.replace("{{" + value.getKey() + "}}", value.getValue());
        }
        return filled;
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
