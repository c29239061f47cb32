package dev.nl2sql.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.json.McpJsonDefaults;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** What a stdio server under test wrote: each line read as one JSON-RPC message, for a test to wait for the answers it expects. */
final class ServerLines extends OutputStream {
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final LinkedBlockingQueue<Map<String, Object>> unread = new LinkedBlockingQueue<>();
    private final List<Map<String, Object>> all = new CopyOnWriteArrayList<>();
    /** Read by the test's thread only. */
    private final LinkedList<Map<String, Object>> passedOver = new LinkedList<>();

    @Override
    public synchronized void write(int b) {
        if (b != '\n') {
            line.write(b);
            return;
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> message = McpJsonDefaults.getMapper().readValue(line.toString(StandardCharsets.UTF_8), Map.class);
            unread.add(message);
            all.add(message);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
        line.reset();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    /** {@return the next message that is not a notification, the answers {@link #answer} passed over first} */
    Map<String, Object> next() throws InterruptedException {
        if (!passedOver.isEmpty()) {
            return passedOver.removeFirst();
        }
        while (true) {
            Map<String, Object> next = unread.poll(10, TimeUnit.SECONDS);
            assertThat(next).as("a message within 10 s").isNotNull();
            if (next.containsKey("id")) {
                return next;
            }
        }
    }

    /** {@return the answer to request {@code id}; what comes before it is kept for {@link #next}} */
    Map<String, Object> answer(Object id) throws InterruptedException {
        for (int i = 0; i < passedOver.size(); i++) {
            if (answers(passedOver.get(i), id)) {
                return passedOver.remove(i);
            }
        }
        while (true) {
            Map<String, Object> next = unread.poll(10, TimeUnit.SECONDS);
            assertThat(next).as("the answer to %s within 10 s", id).isNotNull();
            if (answers(next, id)) {
                return next;
            }
            if (next.containsKey("id")) {
                passedOver.addLast(next);
            }
        }
    }

    private static boolean answers(Map<String, Object> message, Object id) {
        return id.equals(message.get("id")) && !message.containsKey("method");
    }

    List<Map<String, Object>> all() {
        return List.copyOf(all);
    }
}
