package dev.nl2sql.mcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 text split at each {@code \n}, a line longer than a limit skipped without being kept. Scans a buffer of decoded
 * characters rather than taking them one by one from a {@code BufferedReader}, which takes a lock per character. A
 * {@code \r} before the newline stays in the line, as it always did here: JSON reads it as whitespace, and a line's
 * length counts it. Not thread-safe: one thread reads.
 */
final class LineReader {

    private static final int BUFFER_CHARS = 8_192;

    private final Reader in;
    private final int limit;
    private final char[] buffer = new char[BUFFER_CHARS];
    /** The characters read and not yet taken: {@code buffer[next, end)}. */
    private int next;
    private int end;
    private final StringBuilder line = new StringBuilder();

    /** Reads {@code in} as UTF-8 (split sequences are decoded whole, across reads), lines of at most {@code limit} characters. */
    LineReader(InputStream in, int limit) {
        this.in = new InputStreamReader(in, StandardCharsets.UTF_8);
        this.limit = limit;
    }

    /** {@return the next line without its {@code \n}, {@link StdinLines.Line.TooLong} for one over the limit, or the end} */
    StdinLines.Line next() throws IOException {
        line.setLength(0);
        boolean tooLong = false;
        while (true) {
            if (next == end) {
                int read = in.read(buffer, 0, buffer.length);
                if (read < 0) { // a last line without its newline is still a line
                    return tooLong ? new StdinLines.Line.TooLong(limit)
                            : line.isEmpty() ? new StdinLines.Line.End() : new StdinLines.Line.Text(line.toString());
                }
                next = 0;
                end = read;
            }
            int newline = indexOfNewline();
            int stop = newline < 0 ? end : newline;
            if (!tooLong && line.length() + (stop - next) > limit) {
                tooLong = true;
                line.setLength(0); // the rest of it is skipped, not kept
            }
            if (!tooLong) {
                line.append(buffer, next, stop - next);
            }
            next = newline < 0 ? end : newline + 1;
            if (newline >= 0) {
                return tooLong ? new StdinLines.Line.TooLong(limit) : new StdinLines.Line.Text(line.toString());
            }
        }
    }

    private int indexOfNewline() {
        for (int i = next; i < end; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
