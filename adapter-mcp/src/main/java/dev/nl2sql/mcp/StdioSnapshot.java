package dev.nl2sql.mcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this server answered last time to {@code initialize} (per requested protocol version) and to {@code tools/list}
 * (without a cursor), kept in one small file so that the next start can answer both before it is built.
 *
 * <p>The file is text, one record a line, each JSON {@code result} exactly as the server serialised it:
 * <pre>
 * nl2sql-stdio-snapshot 1 KEY SHA256
 * initialize PROTOCOL_VERSION {"protocolVersion":...}
 * tools {"tools":[...]}
 * </pre>
 * KEY is the caller's fingerprint of everything the two answers depend on (the assembly computes it), SHA256 the
 * digest of the lines after the first: an edited or damaged file is found without parsing its JSON (a tenth of the
 * time to the first answer, before the JIT has run). A file whose key differs, whose digest does not match, or that
 * is unreadable or malformed is ignored (logged at debug), never an error. The file is written atomically (a
 * temporary file moved over it) with mode 0600.
 *
 * @param file where the snapshot is kept
 * @param key the fingerprint the stored answers must carry to be used
 */
record StdioSnapshot(Path file, String key) {

    /** Looked up at first use: setting up logging costs tens of milliseconds that the first answer must not wait for. */
    private static Logger log() {
        return LoggerFactory.getLogger(StdioSnapshot.class);
    }

    private static final String HEADER = "nl2sql-stdio-snapshot 1 ";

    /** The protocol versions kept: what MCP names them (dates), nothing that could break the line format. */
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._-]{1,40}");

    /**
     * The answers stored.
     *
     * @param initialize the {@code initialize} results, by the protocol version the client asked for
     * @param tools the {@code tools/list} result
     */
    record Answers(Map<String, String> initialize, String tools) {
        Answers {
            initialize = Map.copyOf(initialize);
        }
    }

    /** {@return whether {@code version} can be kept in a snapshot} */
    static boolean keepable(String version) {
        return VERSION.matcher(version).matches();
    }

    /** {@return the answers stored under this key, if the file has them, undamaged} */
    Optional<Answers> read() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            log().debug("no stdio snapshot at {}: {}", file, e.toString());
            return Optional.empty();
        }
        int firstLine = text.indexOf('\n');
        String header = HEADER + key + ' ';
        if (firstLine < 0 || !text.startsWith(header) || !text.substring(header.length(), firstLine).equals(digest(text.substring(firstLine + 1)))) {
            log().debug("the stdio snapshot at {} is not for this server, configuration and environment, or is damaged: ignored", file);
            return Optional.empty();
        }
        Map<String, String> initialize = new LinkedHashMap<>();
        String tools = null;
        for (String line : text.substring(firstLine + 1).split("\n")) {
            String[] parts = line.split(" ", 3);
            if (parts.length == 3 && parts[0].equals("initialize") && keepable(parts[1]) && parts[2].startsWith("{")) {
                initialize.put(parts[1], parts[2]);
            } else if (line.startsWith("tools {") && tools == null) {
                tools = line.substring("tools ".length());
            } else {
                log().debug("the stdio snapshot at {} is malformed: ignored", file);
                return Optional.empty();
            }
        }
        if (tools == null || initialize.isEmpty()) {
            log().debug("the stdio snapshot at {} is incomplete: ignored", file);
            return Optional.empty();
        }
        return Optional.of(new Answers(initialize, tools));
    }

    private static String digest(String records) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(records.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Stores {@code answers} under this key, replacing the file; a failure is logged, never thrown: the next start is only slower. */
    void write(Answers answers) {
        StringBuilder records = new StringBuilder();
        answers.initialize().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(entry -> records.append("initialize ").append(entry.getKey()).append(' ').append(entry.getValue()).append('\n'));
        records.append("tools ").append(answers.tools()).append('\n');
        String text = HEADER + key + ' ' + digest(records.toString()) + '\n' + records;
        Path temporary = null;
        try {
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            FileAttribute<?>[] privateFile = posix
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                    : new FileAttribute<?>[0];
            temporary = Files.createTempFile(directory, file.getFileName().toString(), ".tmp", privateFile);
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            log().debug("stdio snapshot written to {}", file);
        } catch (IOException | RuntimeException e) {
            log().debug("could not write the stdio snapshot {}: {}", file, e.toString());
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // nothing more to do: a stray temporary file is harmless
                }
            }
        }
    }
}
