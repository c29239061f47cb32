package dev.nl2sql.bootstrap.reliability;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Hostile JSON-RPC, generated from a seed so that a failure reproduces: valid envelopes with wrong types, huge strings,
 * deep nesting, unknown methods, duplicate ids, invalid UTF-8, truncated frames, batches and bare JSON values.
 * Cases built as requests with a fresh numeric id ({@link Case#answerId}) must each get an answer with that id.
 */
final class JsonRpcFuzz {

    /** One frame to send, and the id an answer must carry, or -1 when none is owed. */
    record Case(String kind, byte[] bytes, long answerId) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static final List<String> METHODS = List.of("tools/call", "tools/list", "resources/read", "resources/list",
            "prompts/get", "prompts/list", "completion/complete", "ping", "logging/setLevel");
    private static final List<String> TOOLS = List.of("run_sql", "explain_sql", "describe_table", "search_schema", "ask",
            "generate_sql", "run_template", "query_history", "list_databases", "list_templates");
    private static final List<String> ODD_VALUES = List.of("null", "true", "-1", "1e309", "\"\"", "[]", "{}", "[[[]]]",
            "\"\\u0000\"", "\"\\ud800\"", "9223372036854775808", "\"' OR 1=1 --\"", "\"DROP TABLE orders\"");

    private final Random random;
    private long nextId = 1_000;

    JsonRpcFuzz(long seed) {
        this.random = new Random(seed);
    }

    List<Case> cases(int count) {
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            cases.add(next());
        }
        return cases;
    }

    private Case next() {
        return switch (random.nextInt(11)) {
            case 0 -> owed("wrong types in params", call(tool(), "{\"sql\":" + odd() + ",\"database\":" + odd() + ",\"table\":" + odd() + "}"));
            case 1 -> owed("params of the wrong kind", envelope(method(), odd()));
            case 2 -> owed("huge string", call("run_sql", "{\"sql\":\"SELECT '" + "x".repeat(50_000 + random.nextInt(150_000)) + "'\"}"));
            case 3 -> new Case("deep nesting", bytes(envelope(method(), "[".repeat(5_000) + "]".repeat(5_000))), -1);
            case 4 -> owed("unknown method", envelope("x/" + Long.toHexString(random.nextLong()), "{}"));
            case 5 -> duplicateId();
            case 6 -> new Case("invalid UTF-8", invalidUtf8(), -1);
            case 7 -> truncated();
            case 8 -> new Case("batch", bytes("[" + envelope("ping", "{}") + "," + envelope("tools/list", "{}") + "]"), -1);
            case 9 -> new Case("bare value", bytes(odd()), -1);
            default -> new Case("id of the wrong type", bytes("{\"jsonrpc\":\"2.0\",\"id\":" + List.of("{}", "[1]", "true", "1.5")
                    .get(random.nextInt(4)) + ",\"method\":\"" + method() + "\",\"params\":{}}"), -1);
        };
    }

    private Case owed(String kind, String json) {
        return new Case(kind, bytes(json), nextId - 1);
    }

    private String envelope(String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + nextId++ + ",\"method\":\"" + method + "\",\"params\":" + params + "}";
    }

    private String call(String tool, String arguments) {
        return envelope("tools/call", "{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}");
    }

    private Case duplicateId() {
        // Reuses an id already sent: the server may answer it or not, but must stay up.
        return new Case("duplicate id", bytes("{\"jsonrpc\":\"2.0\",\"id\":1000,\"method\":\"ping\",\"params\":{}}"), -1);
    }

    private byte[] invalidUtf8() {
        byte[] prefix = bytes("{\"jsonrpc\":\"2.0\",\"id\":" + nextId++ + ",\"method\":\"tools/call\",\"params\":{\"name\":\"run_sql\","
                + "\"arguments\":{\"sql\":\"SELECT '");
        byte[] bad = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80};
        byte[] suffix = bytes("'\"}}}");
        byte[] all = new byte[prefix.length + bad.length + suffix.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(bad, 0, all, prefix.length, bad.length);
        System.arraycopy(suffix, 0, all, prefix.length + bad.length, suffix.length);
        return all;
    }

    private Case truncated() {
        String whole = call(tool(), "{\"sql\":\"SELECT count(*) FROM orders\"}");
        return new Case("truncated frame", bytes(whole.substring(0, 1 + random.nextInt(whole.length() - 2))), -1);
    }

    private String method() {
        return METHODS.get(random.nextInt(METHODS.size()));
    }

    private String tool() {
        return TOOLS.get(random.nextInt(TOOLS.size()));
    }

    private String odd() {
        return ODD_VALUES.get(random.nextInt(ODD_VALUES.size()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
