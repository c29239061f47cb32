package dev.nl2sql.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.mcp.StdinLines.Line;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** stdin split into lines: at each {@code \n}, UTF-8 decoded whole however it arrives, a line over the limit skipped. */
class LineReaderTest {

    private static List<Line> lines(InputStream in, int limit) throws IOException {
        LineReader reader = new LineReader(in, limit);
        List<Line> lines = new ArrayList<>();
        Line line;
        do {
            line = reader.next();
            lines.add(line);
        } while (!(line instanceof Line.End));
        return lines;
    }

    private static List<Line> lines(String text, int limit) throws IOException {
        return lines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), limit);
    }

    private static Line text(String text) {
        return new Line.Text(text);
    }

    @Test
    void aLineAtTheLimitIsReadOneCharacterOverItIsSkippedAndTheNextLineIsReadAsUsual() throws IOException {
        assertThat(lines("123456789\n1234567890\n12345678901\nnext\n", 10))
                .containsExactly(text("123456789"), text("1234567890"), new Line.TooLong(10), text("next"), new Line.End());
    }

    @Test
    void aLineFarLongerThanTheBufferIsSkippedWholeAndSoIsOneThatEndsTheInput() throws IOException {
        String huge = "x".repeat(100_000);

        assertThat(lines(huge + "\n{}\n" + huge, 1_000)).containsExactly(new Line.TooLong(1_000), text("{}"), new Line.TooLong(1_000),
                new Line.End());
    }

    @Test
    void theLimitCountsCharactersNotBytes() throws IOException {
        assertThat(lines("€€€\né€€€\n", 3)).as("three bytes each, one character each").containsExactly(text("€€€"), new Line.TooLong(3),
                new Line.End());
    }

    @Test
    void multiByteCharactersArriveWholeWhenTheirBytesComeOneReadAtATime() throws IOException {
        String line = "héllo € 𝄞 日本";
        InputStream trickle = new ByteArrayInputStream((line + "\n" + line + "\n").getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };

        assertThat(lines(trickle, 100)).containsExactly(text(line), text(line), new Line.End());
    }

    @Test
    void charactersAcrossTheEdgeOfTheBufferStayWhole() throws IOException {
        StringBuilder text = new StringBuilder();
        List<Line> expected = new ArrayList<>();
        for (int pad = 8_180; pad < 8_200; pad++) { // lines of every offset around the 8,192 characters read at once
            String line = "a".repeat(pad) + "€𝄞é";
            text.append(line).append('\n');
            expected.add(text(line));
        }
        expected.add(new Line.End());

        assertThat(lines(text.toString(), 10_000)).containsExactlyElementsOf(expected);
    }

    @Test
    void onlyANewlineEndsALineAndACarriageReturnBeforeItStaysInTheLineAndCounts() throws IOException {
        assertThat(lines("{\"a\":1}\r\n\r\nx\ry\n", 100)).containsExactly(text("{\"a\":1}\r"), text("\r"), text("x\ry"), new Line.End());
        assertThat(lines("12\r\n", 2)).containsExactly(new Line.TooLong(2), new Line.End());
    }

    @Test
    void anEmptyLineIsALineAndALastLineNeedsNoNewline() throws IOException {
        assertThat(lines("\nlast", 10)).containsExactly(text(""), text("last"), new Line.End());
        assertThat(lines("", 10)).containsExactly(new Line.End());
    }
}
