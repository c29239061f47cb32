package dev.nl2sql.bootstrap;

import dev.nl2sql.library.config.ConfigLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the stdio snapshot of one way of launching nl2sql is kept, and the key its answers must carry to be used
 * ({@code EarlyStdio} in adapter-mcp answers {@code initialize} and {@code tools/list} from it).
 *
 * <p>The key is a SHA-256 over everything those two answers depend on, read before the configuration is loaded:
 * <ul>
 *   <li>the key's format, nl2sql's version and the JVM's;
 *   <li>the build: every class path entry ({@code java.class.path}, and the {@code Class-Path} of a jar there: the
 *       assembly's thin jar names {@code lib/}) by path, size and modification time; a folder (a development build,
 *       tests) by the count, total size and latest modification time of its files. The tools, their schemas, the
 *       instructions and the capabilities are code;
 *   <li>the command line as given and the working directory (a relative {@code --config} and {@code ./nl2sql.yaml} are
 *       found from it);
 *   <li>the configuration file found as {@link ConfigLoader} finds it ({@code --config}, {@code NL2SQL_CONFIG},
 *       {@code ./nl2sql.yaml}, the user's file): its absolute path and its bytes, or that there is none;
 *   <li>the environment variables the configuration could read, names and values ({@link ConfigLoader#variablesFor}):
 *       {@code NL2SQL_*}, {@code PG*}, {@code DATABASE_URL}, {@code XDG_*}, {@code HOME}, the secrets' default
 *       variables and every variable the file names.
 * </ul>
 * A secret's value never enters the key, only whether it is set: a password, key, token or salt (by its name, or
 * because the file names the variable, as {@code password_env} and its kin do) and the password in a URL. No answer
 * depends on a secret's value, and a digest of one would be open to guessing by whoever can read the file. Not covered: the query template files the configuration
 * lists; that is why a server offering templates as tools keeps no snapshot. A snapshot that is out of date anyway is
 * caught by the server once built: it compares its tool list with the one sent and tells the client of a change.
 *
 * <p>The file is {@code $XDG_STATE_HOME/nl2sql/stdio/SLOT.snapshot} (default {@code ~/.local/state}), SLOT a digest of
 * the working directory, the command line and the configuration file's path: one file per way nl2sql is launched,
 * rewritten when its key changes, so files do not pile up as a configuration is edited.
 *
 * @param file where the snapshot is kept
 * @param key the key its answers must carry
 */
record StdioFingerprint(Path file, String key) {

    static StdioFingerprint of(ConfigLoader loader, Optional<Path> explicitFile, List<String> arguments, String version) {
        Optional<Path> config = loader.file(explicitFile).map(file -> loader.workingDirectory().resolve(file).toAbsolutePath().normalize());
        Optional<byte[]> read = config.flatMap(StdioFingerprint::bytes);
        byte[] configBytes = read.orElse(new byte[0]);
        String configText = new String(configBytes, StandardCharsets.UTF_8);

        Digest slot = new Digest();
        slot.add(loader.workingDirectory().toAbsolutePath().toString()).add(arguments).add(config.map(Path::toString).orElse("none"));

        Digest key = new Digest();
        key.add("nl2sql-stdio-key 1").add(version).add(Runtime.version().toString());
        classPath().forEach(entry -> key.add(entry.toString()).add(identity(entry)));
        key.add(loader.workingDirectory().toAbsolutePath().toString()).add(arguments);
        key.add(config.map(Path::toString).orElse("none")).add(config.isPresent() && read.isEmpty() ? "unreadable" : "read");
        key.bytes(configBytes);
        loader.variablesFor(configText).forEach((name, value) -> key.add(name).add(withoutSecrets(name, value)));

        Path file = loader.stateDirectory().resolve("stdio").resolve(slot.hex().substring(0, 16) + ".snapshot");
        return new StdioFingerprint(file, key.hex());
    }

    /** The shapes of names that hold secrets, and a URL's password. */
    private static final Pattern SECRET_NAME = Pattern.compile("PASS|SECRET|TOKEN|KEY|SALT|CREDENTIAL", Pattern.CASE_INSENSITIVE);
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^:/@\\s]*):[^@\\s]*@");

    /** {@return what of variable {@code name} goes into the key: whether it is set, for a secret; else its value, a URL's password taken out} */
    static String withoutSecrets(String name, String value) {
        // the configuration's variables are chosen by name (ConfigLoader.variablesFor); any other the file names is one
        // of its *_env settings, which name secrets
        boolean namedByTheFile = !name.startsWith("NL2SQL_") && !name.startsWith("PG") && !name.startsWith("XDG_")
                && !name.equals("HOME") && !name.equals(ConfigLoader.DATABASE_URL_VARIABLE);
        if (SECRET_NAME.matcher(name).find() || namedByTheFile) {
            return value.isEmpty() ? "empty" : "set";
        }
        return URL_PASSWORD.matcher(value).replaceAll("$1:*@");
    }

    private static Optional<byte[]> bytes(Path file) {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // the loader reports it; the key says the file could not be read
        }
    }

    /** {@return the class path entries, with those a jar's manifest adds} */
    private static Set<Path> classPath() {
        Set<Path> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path path = Path.of(entry).toAbsolutePath();
            entries.add(path);
            if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
                try (JarFile jar = new JarFile(path.toFile())) {
                    Manifest manifest = jar.getManifest();
                    String listed = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
                    if (listed != null) {
                        for (String more : listed.trim().split("\\s+")) {
                            entries.add(path.resolveSibling(more).normalize());
                        }
                    }
                } catch (IOException e) {
                    // its size and time still go into the key
                }
            }
        }
        return entries;
    }

    /** {@return a file's size and modification time; a folder's file count, total size and latest modification time} */
    private static String identity(Path entry) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class);
            if (!attributes.isDirectory()) {
                return attributes.size() + " " + attributes.lastModifiedTime().toMillis();
            }
            long[] summary = new long[3];
            try (Stream<Path> files = Files.walk(entry)) {
                files.forEach(file -> {
                    try {
                        BasicFileAttributes each = Files.readAttributes(file, BasicFileAttributes.class);
                        summary[0]++;
                        summary[1] += each.size();
                        summary[2] = Math.max(summary[2], each.lastModifiedTime().toMillis());
                    } catch (IOException e) {
                        summary[0] += 1_000_000; // changes the key: a folder that cannot be read now is not the one snapshotted
                    }
                });
            }
            return summary[0] + " " + summary[1] + " " + summary[2];
        } catch (IOException | RuntimeException e) {
            return "missing";
        }
    }

    /** A SHA-256 of length-prefixed parts, so that no two different lists of parts digest alike. */
    private static final class Digest {

        private final MessageDigest sha;

        Digest() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has SHA-256", e);
            }
        }

        Digest add(String part) {
            return bytes(part.getBytes(StandardCharsets.UTF_8));
        }

        Digest add(List<String> parts) {
            add(Integer.toString(parts.size()));
            parts.forEach(this::add);
            return this;
        }

        Digest bytes(byte[] part) {
            sha.update(Integer.toString(part.length).getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) ':');
            sha.update(part);
            return this;
        }

        String hex() {
            return HexFormat.of().formatHex(sha.digest());
        }
    }
}
