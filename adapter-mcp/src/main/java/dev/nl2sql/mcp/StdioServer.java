package dev.nl2sql.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The MCP server over stdio: JSON-RPC lines on stdin and on the process's original stdout. */
public final class StdioServer {

    private static final Logger LOG = LoggerFactory.getLogger(StdioServer.class);

    /** How long responses still in flight at end of input get to be written before the server returns. */
    static final long EOF_GRACE_MILLIS = 200;

    private StdioServer() {}

    /**
     * Serves on the process's stdin and stdout until stdin ends. Everything else written to {@code System.out} from
     * now on goes to stderr, so that stdout carries nothing but the protocol.
     *
     * @return the exit code: 0
     */
    public static int serve(McpServerFactory factory) {
        PrintStream protocol = System.out;
        System.setOut(System.err);
        return serve(factory, System.in, protocol);
    }

    /** Serves on {@code in} and {@code out} until {@code in} ends; returns promptly then, even with calls still running. */
    public static int serve(McpServerFactory factory, InputStream in, OutputStream out) {
        CountDownLatch ended = new CountDownLatch(1);
        MessageOutput output = new MessageOutput(out);
        McpSyncServer server = factory.build(McpServer.sync(
                new StdioServerTransportProvider(McpJsonDefaults.getMapper(), new JsonLines(in, output, ended), output)));
        try {
            ended.await();
            Thread.sleep(EOF_GRACE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.debug("stdin ended: stopping the stdio server");
        Thread closer = Thread.ofVirtual().start(server::closeGracefully);
        try {
            closer.join(EOF_GRACE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * Passes on only lines that parse as JSON. The SDK's stdio transport stops reading for good at the first line
     * that does not, so a malformed line is answered here with a parse error (id null, as JSON-RPC says) and dropped.
     * Counts the latch down when the input ends or fails: the client is gone.
     */
    private static final class JsonLines extends InputStream {

        private final BufferedReader reader;
        private final MessageOutput output;
        private final CountDownLatch ended;
        private byte[] line = new byte[0];
        private int position;

        JsonLines(InputStream in, MessageOutput output, CountDownLatch ended) {
            this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            this.output = output;
            this.ended = ended;
        }

        @Override
        public int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            return line[position++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, line.length - position);
            System.arraycopy(line, position, b, off, n);
            position += n;
            return n;
        }

        private boolean fill() throws IOException {
            while (position >= line.length) {
                String next;
                try {
                    next = reader.readLine();
                } catch (IOException e) {
                    ended.countDown();
                    throw e;
                }
                if (next == null) {
                    ended.countDown();
                    return false;
                }
                if (next.isBlank()) {
                    continue;
                }
                if (!isJson(next)) {
                    LOG.warn("answered a line that is not JSON with a parse error: {}", next.length() > 200 ? next.substring(0, 200) + "..." : next);
                    output.writeLine("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error: not a JSON message\"}}");
                    continue;
                }
                line = (next + "\n").getBytes(StandardCharsets.UTF_8);
                position = 0;
            }
            return true;
        }

        private static boolean isJson(String text) {
            try {
                return McpJsonDefaults.getMapper().readValue(text, Map.class) != null;
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
    }

    /**
     * Stdout, written one whole message at a time: the transport writes a message and its newline separately and then
     * flushes, so bytes are held until the flush; our own parse errors go out under the same lock, never interleaved.
     */
    private static final class MessageOutput extends OutputStream {

        private final OutputStream out;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        MessageOutput(OutputStream out) {
            this.out = out;
        }

        @Override
        public synchronized void write(int b) {
            pending.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            pending.write(b, off, len);
        }

        @Override
        public synchronized void flush() throws IOException {
            pending.writeTo(out);
            pending.reset();
            out.flush();
        }

        synchronized void writeLine(String json) {
            try {
                out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                LOG.debug("could not write a parse error: {}", e.toString());
            }
        }

        @Override
        public synchronized void close() throws IOException {
            flush();
            out.close();
        }
    }
}
