package dev.nl2sql.mcp;

import dev.nl2sql.domain.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start of a stdio session, before the server is built: building it (configuration, wiring, the SDK's server,
 * Jackson's first serialisers) takes most of half a second, while a client's first two requests, {@code initialize}
 * and {@code tools/list}, have the answers this same server gave last time. When a {@link StdioSnapshot} fits (same
 * build, arguments, configuration and environment: its key), stdin is read from now on and those two requests are
 * answered from it; every line read, those two included, is kept in order for the server, which takes over the reader
 * when it is built ({@link StdioServer}). The server handles the kept {@code initialize} too, so that its session knows
 * the client, but its answer is not sent again; it answers the kept {@code tools/list} as well, and when that answer
 * differs from the one sent, the client is told that the list changed. Whatever the server answers to both is stored
 * for the next start, when it differs from the snapshot (or there was none).
 *
 * <p>Only a request the snapshot answers exactly is answered early: an {@code initialize} for a protocol version it
 * holds, with capabilities and clientInfo, and then one {@code tools/list} without a cursor. Anything else (a malformed
 * line, another method, an id that is neither a string nor a whole number) waits for the server, which judges it as
 * before.
 */
public final class EarlyStdio {

    /** Looked up at first use: setting up logging costs tens of milliseconds that the first answer must not wait for. */
    private static Logger log() {
        return LoggerFactory.getLogger(EarlyStdio.class);
    }

    /**
     * An answer sent from the snapshot.
     *
     * @param method what it answered: {@code initialize} or {@code tools/list}
     * @param result the {@code result} sent, as JSON
     */
    record Answered(String method, String result) {}

    private final StdioSnapshot snapshot;
    private final Optional<StdioSnapshot.Answers> stored;
    private final InputStream in;
    private final OutputStream out;
    private final AtomicBoolean recorded = new AtomicBoolean();

    // Under this object's lock: what the reading thread found before the server took over.
    private final List<StdinLines.Line> kept = new ArrayList<>();
    private final Map<String, Answered> answered = new HashMap<>();
    private boolean reading;
    private boolean abandoned;
    private boolean initializeAnswered;
    private boolean toolsAnswered;
    private Consumer<StdinLines.Line> server;

    private EarlyStdio(StdioSnapshot snapshot, Optional<StdioSnapshot.Answers> stored, InputStream in, OutputStream out) {
        this.snapshot = snapshot;
        this.stored = stored;
        this.in = in;
        this.out = out;
    }

    /**
     * Starts a stdio session on the process's stdin and stdout, answering from the snapshot in {@code file} if its key is
     * {@code key}. From now on {@code System.out} goes to stderr: stdout carries nothing but the protocol.
     */
    public static EarlyStdio begin(Path file, String key) {
        PrintStream protocol = System.out;
        System.setOut(System.err);
        return begin(file, key, System.in, protocol);
    }

    /** Starts a stdio session on {@code in} and {@code out}, answering from the snapshot in {@code file} if its key is {@code key}. */
    static EarlyStdio begin(Path file, String key, InputStream in, OutputStream out) {
        StdioSnapshot snapshot = new StdioSnapshot(file, key);
        EarlyStdio early = new EarlyStdio(snapshot, snapshot.read(), in, out);
        if (early.stored.isPresent()) {
            synchronized (early) {
                early.reading = true;
            }
            new StdinLines(in, ServerSettings.DEFAULT_MAX_REQUEST_SIZE).start(early::heard);
        }
        return early;
    }

    /**
     * Stops answering (the server will not be built: its configuration is invalid). {@return the lines read and not
     * answered, in order, for a refusal to answer; empty when nothing was read, so stdin is still unread}
     */
    public synchronized Optional<List<String>> abandon() {
        abandoned = true;
        if (!reading) {
            return Optional.empty();
        }
        List<String> unanswered = new ArrayList<>();
        for (StdinLines.Line line : kept) {
            if (line instanceof StdinLines.Line.Text text && !answeredLine(text.text())) {
                unanswered.add(text.text());
            }
        }
        return Optional.of(unanswered);
    }

    private boolean answeredLine(String text) {
        return Json.parse(text).filter(Json.ObjectValue.class::isInstance).map(Json.ObjectValue.class::cast)
                .flatMap(message -> idKey(message.fields().get("id"))).map(answered::containsKey).orElse(false);
    }

    /** {@return where the client reads answers: stdout, which {@code System.out} no longer is} */
    public OutputStream protocol() {
        return out;
    }

    InputStream in() {
        return in;
    }

    /** {@return whether stdin is being read here already: the server must take over this reader, not start its own} */
    synchronized boolean reading() {
        return reading;
    }

    /**
     * Hands the session to the server: the answers sent go into {@code sent} (by {@link #idKey}), the lines read so far
     * to {@code sink} in order, and every later line straight to it.
     */
    synchronized void handOver(Consumer<StdinLines.Line> sink, Map<String, Answered> sent) {
        sent.putAll(answered);
        kept.forEach(sink);
        kept.clear();
        server = sink;
    }

    /** Takes a line from the reading thread: the server's once it took over, else answered from the snapshot if it can be, and kept. */
    private synchronized void heard(StdinLines.Line line) {
        if (server != null) {
            server.accept(line);
            return;
        }
        if (abandoned) {
            return;
        }
        if (line instanceof StdinLines.Line.Text text) {
            answer(text.text());
        }
        kept.add(line);
    }

    private void answer(String text) {
        if (!(Json.parse(text).orElse(null) instanceof Json.ObjectValue message) || !message.text("jsonrpc").equals(Optional.of("2.0"))) {
            return;
        }
        Optional<String> key = idKey(message.fields().get("id"));
        Json.Value params = message.fields().get("params");
        if (key.isEmpty() || answered.containsKey(key.get()) || !(params == null || params instanceof Json.ObjectValue)) {
            return;
        }
        Json.ObjectValue fields = params instanceof Json.ObjectValue object ? object : new Json.ObjectValue(Map.of());
        StdioSnapshot.Answers answers = stored.orElseThrow();
        switch (message.text("method").orElse("")) {
            case "initialize" -> {
                Optional<String> result = fields.text("protocolVersion").map(answers.initialize()::get);
                if (!initializeAnswered && result.isPresent() && fields.fields().get("capabilities") instanceof Json.ObjectValue
                        && fields.fields().get("clientInfo") instanceof Json.ObjectValue) {
                    initializeAnswered = true;
                    send(message.fields().get("id"), key.get(), new Answered("initialize", result.get()));
                }
            }
            case "tools/list" -> {
                boolean firstPage = fields.fields().get("cursor") == null || fields.fields().get("cursor") instanceof Json.NullValue;
                if (initializeAnswered && !toolsAnswered && firstPage) {
                    toolsAnswered = true;
                    send(message.fields().get("id"), key.get(), new Answered("tools/list", answers.tools()));
                }
            }
            default -> {
                // the server answers it
            }
        }
    }

    private void send(Json.Value id, String key, Answered answer) {
        answered.put(key, answer);
        String line = "{\"jsonrpc\":\"2.0\",\"id\":" + idJson(id) + ",\"result\":" + answer.result() + "}\n";
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        synchronized (out) { // the transport's lock too: one whole message per write
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                log().debug("could not write to stdout: {}", e.toString());
            }
        }
        // not logged: setting up logging here would hold up the next answer by tens of milliseconds
    }

    /**
     * Stores what the server answered, once per session and only when it differs from the snapshot read.
     *
     * @param protocolVersion the version the client's {@code initialize} asked for
     * @param initialize the server's {@code initialize} result, as JSON
     * @param tools the server's {@code tools/list} result, as JSON
     */
    void record(String protocolVersion, String initialize, String tools) {
        if (!StdioSnapshot.keepable(protocolVersion) || !recorded.compareAndSet(false, true)) {
            return;
        }
        Map<String, String> versions = new LinkedHashMap<>(stored.map(StdioSnapshot.Answers::initialize).orElse(Map.of()));
        boolean same = stored.isPresent() && sameJson(versions.get(protocolVersion), initialize) && sameJson(stored.get().tools(), tools);
        if (same) {
            return; // the bytes stored stay: a client sees the same answer at every start
        }
        versions.put(protocolVersion, initialize);
        StdioSnapshot.Answers answers = new StdioSnapshot.Answers(versions, tools);
        Thread.ofVirtual().name("stdio-snapshot").start(() -> snapshot.write(answers));
    }

    /**
     * {@return whether two JSON texts hold the same value} Compared as values, not bytes: the tools' schemas are maps
     * whose order varies from one JVM to the next ({@code Map.of}), which neither a client nor JSON sees as a change.
     */
    static boolean sameJson(String one, String other) {
        if (one == null || other == null) {
            return false;
        }
        Optional<Json.Value> parsed = Json.parse(one);
        return parsed.isPresent() && parsed.equals(Json.parse(other));
    }

    /** {@return the key an id is known by on both sides: a string id as {@code s...}, a whole number as {@code n...}; empty for any other} */
    static Optional<String> idKey(Json.Value id) {
        return switch (id) {
            case Json.StringValue text -> Optional.of("s" + text.value());
            case Json.NumberValue number when number.value().scale() == 0 && fitsALong(number.value().toBigIntegerExact()) ->
                    Optional.of("n" + number.value().toBigIntegerExact());
            case null, default -> Optional.empty();
        };
    }

    /** {@return the key of an id as the SDK read it: a string, or an Integer or Long} */
    static Optional<String> sdkIdKey(Object id) {
        return switch (id) {
            case String text -> Optional.of("s" + text);
            case Integer number -> Optional.of("n" + number);
            case Long number -> Optional.of("n" + number);
            case null, default -> Optional.empty();
        };
    }

    private static boolean fitsALong(BigInteger value) {
        return value.bitLength() < 64;
    }

    private static String idJson(Json.Value id) {
        if (id instanceof Json.NumberValue number) {
            return number.value().toBigIntegerExact().toString();
        }
        String text = ((Json.StringValue) id).value();
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }
}
