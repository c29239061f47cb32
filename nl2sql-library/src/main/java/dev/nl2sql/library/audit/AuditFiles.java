package dev.nl2sql.library.audit;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The audit log's files: one or more per UTC day, {@code audit-2026-11-25.jsonl}, then {@code audit-2026-11-25.1.jsonl}, … */
final class AuditFiles {

    private static final Pattern NAME = Pattern.compile("audit-(\\d{4}-\\d{2}-\\d{2})(?:\\.(\\d{1,6}))?\\.jsonl");

    /** One file of the log, ordered by day, then by index within the day. */
    record LogFile(Path path, LocalDate day, int index) implements Comparable<LogFile> {

        private static final Comparator<LogFile> ORDER = Comparator.comparing(LogFile::day).thenComparingInt(LogFile::index);

        @Override
        public int compareTo(LogFile other) {
            return ORDER.compare(this, other);
        }

        String name() {
            return path.getFileName().toString();
        }
    }

    private AuditFiles() {}

    static Path path(Path directory, LocalDate day, int index) {
        return directory.resolve(index == 0 ? "audit-" + day + ".jsonl" : "audit-" + day + "." + index + ".jsonl");
    }

    static Optional<LogFile> parse(Path path) {
        Matcher m = NAME.matcher(path.getFileName().toString());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new LogFile(path, LocalDate.parse(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2))));
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    /** {@return the log's files in {@code directory}, oldest first; none if the directory does not exist} */
    static List<LogFile> list(Path directory) throws IOException {
        List<LogFile> files = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "audit-*.jsonl")) {
            for (Path entry : entries) {
                parse(entry).ifPresent(files::add);
            }
        }
        files.sort(Comparator.naturalOrder());
        return files;
    }
}
