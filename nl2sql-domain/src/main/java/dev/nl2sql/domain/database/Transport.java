package dev.nl2sql.domain.database;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How a checked connection travels: encrypted or not (from the server's {@code pg_stat_ssl}), and whether the client
 * checked who the server is (its {@code sslmode}).
 *
 * @param protocol the TLS version, e.g. {@code TLSv1.3}, when encrypted
 * @param cipher the cipher suite, when encrypted
 */
public record Transport(boolean encrypted, Optional<String> protocol, Optional<String> cipher, TlsSettings.SslMode sslMode) {

    public Transport {
        requireNonNull(protocol, "protocol");
        requireNonNull(cipher, "cipher");
        requireNonNull(sslMode, "sslMode");
    }

    /** {@return whether the connection is encrypted and the server's certificate was checked} */
    public boolean isVerified() {
        return encrypted && sslMode.verifiesServer();
    }

    /** {@return one line for people: what is encrypted and what was checked} */
    public String describe() {
        if (!encrypted) {
            return "not encrypted (sslmode " + sslMode.libpqName() + ")";
        }
        String tls = protocol.orElse("TLS") + cipher.map(c -> " " + c).orElse("");
        return tls + (isVerified()
                ? ", server certificate verified (sslmode " + sslMode.libpqName() + ")"
                : ", server certificate not verified (sslmode " + sslMode.libpqName() + ")");
    }

    /** {@return a warning when {@code host} is another machine and who answers there is not verified} */
    public Optional<String> warning(String host) {
        if (isVerified() || isLoopback(host)) {
            return Optional.empty();
        }
        return Optional.of("the connection to " + host + " is " + (encrypted ? "encrypted but the server is not verified" : "not encrypted")
                + ": anyone on the path can read " + (encrypted ? "it by posing as the server" : "queries, results and the password")
                + "; set sslmode: verify-full and sslrootcert: <the server's CA file>");
    }

    /** {@return whether {@code host} names this machine} */
    static boolean isLoopback(String host) {
        String h = host.strip();
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]") || h.startsWith("/");
    }
}
