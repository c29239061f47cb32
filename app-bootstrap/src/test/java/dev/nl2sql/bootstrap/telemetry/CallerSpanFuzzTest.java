package dev.nl2sql.bootstrap.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.opentelemetry.api.trace.SpanContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A caller's trace context, read under a seeded fuzzer: well-formed traceparents, the same with one thing wrong
 * (a character changed, dropped, doubled or added; an id zeroed; version ff; a suffix where version 00 allows none), and
 * plain noise, each with or without a tracestate that may be noise too. Reading never throws, and a caller's span is
 * found exactly when the traceparent is well-formed by the W3C grammar (written out here, not taken from the
 * propagator): lower-case hex, version not ff, ids not all zero, nothing after the flags for version 00 and only a
 * {@code -}-led suffix for later versions. The tracestate never decides whether the parent is taken.
 *
 * <p>{@code -Dnl2sql.tracefuzz.cases} (default 20,000) cases from {@code -Dnl2sql.tracefuzz.seed} (default 17); a
 * failure names the case.
 */
class CallerSpanFuzzTest {

    private static final long SEED = Long.getLong("nl2sql.tracefuzz.seed", 17);
    private static final int CASES = Integer.getInteger("nl2sql.tracefuzz.cases", 20_000);
    private static final Pattern W3C = Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}(-.*)?", Pattern.DOTALL);
    private static final String HEX = "0123456789abcdef";
    /** What a changed character becomes: near misses first (upper case, the next letters, the delimiter), then anything. */
    private static final String NEAR = "ABCDEFgG-_ 0f\t\u0660\uff10";

    private final Random random = new Random(SEED);

    /** {@return whether {@code traceparent} is a W3C traceparent that names a caller's span} */
    private static boolean wellFormed(String traceparent) {
        Matcher parts = W3C.matcher(traceparent);
        return parts.matches() && !parts.group(1).equals("ff") && !(parts.group(1).equals("00") && parts.group(4) != null)
                && !parts.group(2).matches("0+") && !parts.group(3).matches("0+");
    }

    private String hex(int length) {
        StringBuilder digits = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            digits.append(HEX.charAt(random.nextInt(HEX.length())));
        }
        return digits.toString();
    }

    private String valid() {
        String version = random.nextInt(4) == 0 ? hex(2) : "00";
        String suffix = !version.equals("00") && random.nextBoolean() ? "-" + noise(8) : "";
        return version + "-" + hex(32) + "-" + hex(16) + "-" + hex(2) + suffix;
    }

    private String noise(int maxLength) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++) {
            text.append(switch (random.nextInt(4)) {
                case 0 -> HEX.charAt(random.nextInt(HEX.length()));
                case 1 -> '-';
                case 2 -> NEAR.charAt(random.nextInt(NEAR.length()));
                default -> (char) random.nextInt(0x3000);
            });
        }
        return text.toString();
    }

    private String mutated(String traceparent) {
        StringBuilder text = new StringBuilder(traceparent);
        int at = random.nextInt(text.length());
        return switch (random.nextInt(8)) {
            case 0 -> text.replace(at, at + 1, String.valueOf(NEAR.charAt(random.nextInt(NEAR.length())))).toString();
            case 1 -> text.replace(at, at + 1, String.valueOf((char) random.nextInt(0x3000))).toString();
            case 2 -> text.deleteCharAt(at).toString();
            case 3 -> text.insert(at, text.charAt(at)).toString();
            case 4 -> text.append(random.nextBoolean() ? "-" : "").append(noise(4)).toString();
            case 5 -> text.replace(3, 35, "0".repeat(32)).toString();
            case 6 -> text.replace(36, 52, "0".repeat(16)).toString();
            default -> text.replace(0, 2, "ff").toString();
        };
    }

    private String traceparent() {
        return switch (random.nextInt(3)) {
            case 0 -> valid();
            case 1 -> mutated(valid());
            default -> noise(70);
        };
    }

    @Test
    void onlyAWellFormedTraceparentNamesTheCallersSpanAndNothingThrows() {
        int accepted = 0;
        for (int n = 0; n < CASES; n++) {
            String traceparent = traceparent();
            Map<String, String> fields = new HashMap<>(Map.of("traceparent", traceparent));
            if (random.nextBoolean()) {
                fields.put("tracestate", random.nextBoolean() ? "k" + n + "=v," + noise(12) : noise(40));
            }
            String as = "case " + n + " (seed " + SEED + "): " + fields;

            SpanContext[] read = new SpanContext[1];
            assertThatCode(() -> read[0] = OpenTelemetryTracing.callerSpan(fields)).as(as).doesNotThrowAnyException();

            assertThat(read[0].isValid()).as(as).isEqualTo(wellFormed(traceparent));
            if (read[0].isValid()) {
                accepted++;
                assertThat(read[0].getTraceId()).as(as).isEqualTo(traceparent.substring(3, 35));
                assertThat(read[0].getSpanId()).as(as).isEqualTo(traceparent.substring(36, 52));
                assertThat(read[0].isRemote()).as(as).isTrue();
            }
        }
        assertThat(accepted).as("the fuzzer reaches both sides").isBetween(CASES / 10, CASES * 9 / 10);
    }

    @Test
    void noTraceparentNamesNoSpanWhateverElseIsThere() {
        for (Map<String, String> fields : List.of(Map.<String, String>of(), Map.of("tracestate", "a=b"), Map.of("Traceparent",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))) {
            assertThat(OpenTelemetryTracing.callerSpan(fields).isValid()).as(fields.toString()).isFalse();
        }
    }
}
