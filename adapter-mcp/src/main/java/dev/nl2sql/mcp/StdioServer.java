package dev.nl2sql.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
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
        McpSyncServer server = factory.build(McpServer.sync(
                new StdioServerTransportProvider(McpJsonDefaults.getMapper(), new EndWatcher(in, ended), out)));
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

    /** Counts the latch down when the stream ends or fails: the client is gone. */
    private static final class EndWatcher extends FilterInputStream {

        private final CountDownLatch ended;

        EndWatcher(InputStream in, CountDownLatch ended) {
            super(in);
            this.ended = ended;
        }

        @Override
        public int read() throws IOException {
            return check(guarded(() -> super.read()));
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return check(guarded(() -> super.read(b, off, len)));
        }

        private int check(int n) {
            if (n < 0) {
                ended.countDown();
            }
            return n;
        }

        private int guarded(Read read) throws IOException {
            try {
                return read.read();
            } catch (IOException e) {
                ended.countDown();
                throw e;
            }
        }

        @FunctionalInterface
        private interface Read {
            int read() throws IOException;
        }
    }
}
