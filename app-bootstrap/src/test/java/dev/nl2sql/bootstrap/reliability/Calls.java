package dev.nl2sql.bootstrap.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** What the reliability tests record of each call, and what they read back: latencies and the audit trail. */
final class Calls {

    /** One call: when it ended (ms since the test's start), how long it took, and its error code ("" when it succeeded). */
    record Call(long endedAtMillis, double millis, String code) {}

    private Calls() {}

    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100 * sorted.size()) - 1));
    }

    /** The audit files' lines, every one parsed: a torn or invalid line fails the test. */
    static List<JsonNode> auditLines(Path directory) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return lines; // created with the first entry
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    lines.add(McpHttpSession.JSON.readTree(line));
                }
            }
        }
        return lines;
    }

    static Set<String> ids(List<JsonNode> auditLines) {
        Set<String> ids = new HashSet<>();
        auditLines.forEach(line -> ids.add(line.path("id").asText()));
        return ids;
    }
}
