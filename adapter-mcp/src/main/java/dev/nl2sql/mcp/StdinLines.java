package dev.nl2sql.mcp;

import java.io.IOException;
import java.io.InputStream;
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

    private final LineReader reader;

    StdinLines(InputStream in, int maxRequestSize) {
        this.reader = new LineReader(in, maxRequestSize);
    }

    /** Starts the reading thread; every line goes to {@code sink}, in order, then one {@link Line.End}. */
    void start(Consumer<Line> sink) {
        Thread.ofPlatform().name("mcp-stdin").daemon(true).start(() -> readUntilEnd(sink));
    }

    private void readUntilEnd(Consumer<Line> sink) {
        try {
            for (Line line = reader.next(); !(line instanceof Line.End); line = reader.next()) {
                sink.accept(line);
            }
        } catch (IOException e) {
            log().debug("stdin failed: {}", e.toString());
        } finally {
            sink.accept(new Line.End());
        }
    }
}
