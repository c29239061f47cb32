package dev.nl2sql.domain.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The shared SQL safety corpora, one {@link CorpusEntry} per line. */
final class Corpora {

    /** One corpus line. */
    record CorpusEntry(String id, String category, String sql, String db) {
        @Override
        public String toString() {
            return id + " " + category;
        }
    }

    private Corpora() {}

    static List<CorpusEntry> accepted() {
        return read("accept.jsonl");
    }

    static List<CorpusEntry> rejected() {
        return read("reject.jsonl");
    }

    private static List<CorpusEntry> read(String file) {
        try {
            return Files.readAllLines(SharedFiles.resolve("corpora/" + file)).stream()
                    .filter(line -> !line.isBlank())
                    .map(Corpora::entry)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CorpusEntry entry(String line) {
        Map<String, String> fields = flatJsonObject(line);
        return new CorpusEntry(fields.get("id"), fields.get("category"), fields.get("sql"), fields.get("db"));
    }

    /** Reads a one-line JSON object whose values are all strings; enough for the corpora, no library needed. */
    static Map<String, String> flatJsonObject(String json) {
        Map<String, String> fields = new LinkedHashMap<>();
        int[] at = {json.indexOf('{') + 1};
        while (true) {
            skipSpace(json, at);
            if (json.charAt(at[0]) == '}') {
                return fields;
            }
            String key = string(json, at);
            skipSpace(json, at);
            at[0]++; // ':'
            skipSpace(json, at);
            fields.put(key, string(json, at));
            skipSpace(json, at);
            if (json.charAt(at[0]) == ',') {
                at[0]++;
            }
        }
    }

    private static void skipSpace(String json, int[] at) {
        while (Character.isWhitespace(json.charAt(at[0]))) {
            at[0]++;
        }
    }

    private static String string(String json, int[] at) {
        if (json.charAt(at[0]) != '"') {
            throw new IllegalArgumentException("expected a string at " + at[0] + " in " + json);
        }
        StringBuilder out = new StringBuilder();
        int i = at[0] + 1;
        while (json.charAt(i) != '"') {
            char c = json.charAt(i++);
            if (c == '\\') {
                char e = json.charAt(i++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(json.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> out.append(e);
                }
            } else {
                out.append(c);
            }
        }
        at[0] = i + 1;
        return out.toString();
    }
}
