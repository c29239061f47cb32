package dev.nl2sql.mcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * stdin as lines, read by one thread for the life of the process. One reader for both listeners a stdio session has
 * (the {@link EarlyStdio early responder} while the server is built, then the server's transport), so that no line is
 * read twice or lost when the one hands over to the other. A line longer than the request limit is skipped unread.
 */
final class StdinLines {

    /** Looked up at first use: setting up logging costs tens of milliseconds that the first answer must not wait for. */
    private static Logger log() {
        return LoggerFactory.getLogger(StdinLines.class);
    }

    /** What the reader found. */
    sealed interface Line {

        /** One line, without its newline. */
        record Text(String text) implements Line {}

        /** A line longer than the request limit, skipped. */
        record TooLong(int limit) implements Line {}

        /** stdin ended (or failed). */
        record End() implements Line {}
    }

    private final InputStream in;
    private final int maxRequestSize;

    StdinLines(InputStream in, int maxRequestSize) {
        this.in = in;
        this.maxRequestSize = maxRequestSize;
    }

    /** Starts the reading thread; every line goes to {@code sink}, in order, then one {@link Line.End}. */
    void start(Consumer<Line> sink) {
        Thread.ofPlatform().name("mcp-stdin").daemon(true).start(() -> readUntilEnd(sink));
    }

    private void readUntilEnd(Consumer<Line> sink) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            StringBuilder line = new StringBuilder();
            while (true) {
                Read next = readLine(reader, line);
                if (next == Read.END) {
                    break;
                }
                sink.accept(next == Read.TOO_LONG ? new Line.TooLong(maxRequestSize) : new Line.Text(line.toString()));
            }
        } catch (IOException e) {
            log().debug("stdin failed: {}", e.toString());
        } finally {
            sink.accept(new Line.End());
        }
    }

    private enum Read { LINE, TOO_LONG, END }

    /** Reads one line into {@code line}, or skips it to its end when it exceeds the request limit. */
    private Read readLine(BufferedReader reader, StringBuilder line) throws IOException {
        line.setLength(0);
        boolean tooLong = false;
        int c;
        while ((c = reader.read()) != -1 && c != '\n') {
            if (!tooLong) {
                line.append((char) c);
                if (line.length() > maxRequestSize) {
                    tooLong = true;
                    line.setLength(0);
                }
            }
        }
        if (c == -1 && line.isEmpty() && !tooLong) {
            return Read.END;
        }
        return tooLong ? Read.TOO_LONG : Read.LINE;
    }
}
