package dev.nl2sql.domain.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small, strict JSON reader (RFC 8259) for the few places the core reads JSON: a language model's reply. The domain
 * depends on nothing but the JDK and JSqlParser, so it cannot use Jackson; this reader is bounded (nesting depth 64)
 * and never throws on bad input: it returns empty.
 */
public final class Json {

    private static final int MAX_DEPTH = 64;

    /** A JSON value. */
    public sealed interface Value {}

    public record StringValue(String value) implements Value {}

    public record NumberValue(BigDecimal value) implements Value {}

    public record BooleanValue(boolean value) implements Value {}

    public record NullValue() implements Value {}

    public record ArrayValue(List<Value> values) implements Value {
        public ArrayValue {
            values = List.copyOf(values);
        }
    }

    public record ObjectValue(Map<String, Value> fields) implements Value {
        public ObjectValue {
            fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        /** {@return the text of field {@code name}, if it is a string} */
        public Optional<String> text(String name) {
            return fields.get(name) instanceof StringValue t ? Optional.of(t.value()) : Optional.empty();
        }

        /** {@return the number in field {@code name}, if it is one} */
        public Optional<BigDecimal> number(String name) {
            return fields.get(name) instanceof NumberValue n ? Optional.of(n.value()) : Optional.empty();
        }

        /** {@return the strings of array field {@code name}, skipping anything that is not a string} */
        public List<String> texts(String name) {
            if (!(fields.get(name) instanceof ArrayValue array)) {
                return List.of();
            }
            return array.values().stream().filter(StringValue.class::isInstance).map(v -> ((StringValue) v).value()).toList();
        }
    }

    private final String text;
    private int at;

    private Json(String text) {
        this.text = text;
    }

    /** {@return the value {@code text} holds, or empty if it is not exactly one JSON value} */
    public static Optional<Value> parse(String text) {
        Json reader = new Json(text);
        try {
            Value value = reader.value(0);
            reader.space();
            return reader.at == text.length() ? Optional.of(value) : Optional.empty();
        } catch (Malformed | IndexOutOfBoundsException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static final class Malformed extends RuntimeException {
        Malformed() {
            super(null, null, false, false);
        }
    }

    private Value value(int depth) {
        if (depth > MAX_DEPTH) {
            throw new Malformed();
        }
        space();
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> new StringValue(string());
            case 't' -> literal("true", new BooleanValue(true));
            case 'f' -> literal("false", new BooleanValue(false));
            case 'n' -> literal("null", new NullValue());
            default -> number();
        };
    }

    private ObjectValue object(int depth) {
        at++;
        Map<String, Value> fields = new LinkedHashMap<>();
        space();
        if (text.charAt(at) == '}') {
            at++;
            return new ObjectValue(fields);
        }
        while (true) {
            space();
            if (text.charAt(at) != '"') {
                throw new Malformed();
            }
            String key = string();
            space();
            expect(':');
            fields.put(key, value(depth + 1));
            space();
            char c = text.charAt(at++);
            if (c == '}') {
                return new ObjectValue(fields);
            }
            if (c != ',') {
                throw new Malformed();
            }
        }
    }

    private ArrayValue array(int depth) {
        at++;
        List<Value> values = new ArrayList<>();
        space();
        if (text.charAt(at) == ']') {
            at++;
            return new ArrayValue(values);
        }
        while (true) {
            values.add(value(depth + 1));
            space();
            char c = text.charAt(at++);
            if (c == ']') {
                return new ArrayValue(values);
            }
            if (c != ',') {
                throw new Malformed();
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw new Malformed();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char escape = text.charAt(at++);
            switch (escape) {
                case '"', '\\', '/' -> out.append(escape);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    at += 4;
                }
                default -> throw new Malformed();
            }
        }
    }

    private NumberValue number() {
        int start = at;
        while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
        if (start == at) {
            throw new Malformed();
        }
        return new NumberValue(new BigDecimal(text.substring(start, at)));
    }

    private Value literal(String word, Value value) {
        if (!text.startsWith(word, at)) {
            throw new Malformed();
        }
        at += word.length();
        return value;
    }

    private void expect(char c) {
        if (text.charAt(at++) != c) {
            throw new Malformed();
        }
    }

    private void space() {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }
}
