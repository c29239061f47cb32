package dev.nl2sql.domain.error;

import dev.nl2sql.domain.text.FixedPieces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's message formats ({@code postgres-messages.txt}, the server's own catalogue written by
 * {@code bin/postgres-messages}), to tell the fixed words of a server message from the values printed into it. A
 * message is read against the most specific format it matches (the most fixed text); a message that matches none
 * (another server version, another language, an over-long value) is not read at all.
 */
final class MessageFormats {

    /** A printf conversion as PostgreSQL's formats use them: %s, %d, %u, %lld, %zu, %.*s, %02d, %X, %m, %%. */
    private static final Pattern CONVERSION = Pattern.compile("%[-+ #0]*(?:\\d+|\\*)?(?:\\.(?:\\d+|\\*))?(?:hh|h|ll|l|z|j|t|L)?[diouxXeEfgGcspm%]");
    /** A format with fewer fixed letters says too little to read a message by ({@code %s}, {@code %s: %s}). */
    private static final int MIN_LETTERS = 8;
    /** Longer messages are not read: they are not the server's own words alone. */
    static final int MAX_MESSAGE_LENGTH = 4_000;

    /** One format: its fixed parts (one more than its arguments), which read a message by it. */
    private record Format(FixedPieces fixed, String longestFixed, int length) {}

    /** A message read by a format: the fixed parts and the arguments between them. */
    record Reading(List<String> fixed, List<String> arguments) {
        Reading {
            fixed = List.copyOf(fixed);
            arguments = List.copyOf(arguments);
        }
    }

    private static final class Postgres {
        static final MessageFormats FORMATS = load();
    }

    private final List<Format> formats;
    private final Set<String> fixedMessages;

    private MessageFormats(List<Format> formats, Set<String> fixedMessages) {
        this.formats = formats;
        this.fixedMessages = fixedMessages;
    }

    /**
     * {@return whether {@code text} is one of PostgreSQL's messages without arguments} Such a message is printed into
     * others ({@code syntax error at or near ")"}), and it is the server's text, not data.
     */
    boolean isFixedMessage(String text) {
        return fixedMessages.contains(text);
    }

    /** {@return PostgreSQL's formats, read once on first use} */
    static MessageFormats postgres() {
        return Postgres.FORMATS;
    }

    /** {@return {@code message} read by the most specific format it matches} */
    Optional<Reading> read(String message) {
        if (message.length() > MAX_MESSAGE_LENGTH) {
            return Optional.empty();
        }
        for (Format format : formats) { // most fixed text first: the first match is the most specific
            if (!message.contains(format.longestFixed())) {
                continue;
            }
            Optional<List<String>> arguments = format.fixed().between(message);
            if (arguments.isPresent()) {
                return Optional.of(new Reading(format.fixed().pieces(), arguments.get()));
            }
        }
        return Optional.empty();
    }

    private static Optional<Format> format(String text) {
        List<String> fixed = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        Matcher conversion = CONVERSION.matcher(text);
        int at = 0;
        while (conversion.find()) {
            current.append(text, at, conversion.start());
            at = conversion.end();
            if (conversion.group().equals("%%")) {
                current.append('%');
                continue;
            }
            fixed.add(current.toString());
            current.setLength(0);
        }
        current.append(text, at, text.length());
        fixed.add(current.toString());
        int letters = (int) fixed.stream().flatMapToInt(String::chars).filter(Character::isLetter).count();
        if (letters < MIN_LETTERS) {
            return Optional.empty();
        }
        String longest = fixed.stream().max(Comparator.comparingInt(String::length)).orElse("");
        int length = fixed.stream().mapToInt(String::length).sum();
        return Optional.of(new Format(new FixedPieces(fixed), longest, length));
    }

    private static MessageFormats load() {
        try (InputStream in = MessageFormats.class.getResourceAsStream("postgres-messages.txt")) {
            List<Format> formats = new ArrayList<>();
            Set<String> fixed = new HashSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    format(line).ifPresent(formats::add);
                    if (!CONVERSION.matcher(line).find()) {
                        fixed.add(line);
                    }
                }
            }
            formats.sort(Comparator.comparingInt(Format::length).reversed());
            return new MessageFormats(List.copyOf(formats), Set.copyOf(fixed));
        } catch (IOException e) {
            throw new UncheckedIOException("postgres-messages.txt is part of nl2sql-domain", e);
        }
    }
}
