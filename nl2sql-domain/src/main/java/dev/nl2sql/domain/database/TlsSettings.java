package dev.nl2sql.domain.database;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * How a connection to a database is encrypted and how the server is checked, in libpq's terms.
 *
 * @param mode libpq's {@code sslmode}
 * @param rootCert the CA certificates the server's certificate must chain to ({@code sslrootcert}); without it, pgjdbc
 *     looks in {@code ~/.postgresql/root.crt}
 * @param clientCert a client certificate to present ({@code sslcert})
 * @param clientKey that certificate's private key ({@code sslkey})
 */
public record TlsSettings(SslMode mode, Optional<Path> rootCert, Optional<Path> clientCert, Optional<Path> clientKey) {

    /** libpq's and pgjdbc's default: TLS when the server offers it, no check of who the server is. */
    public static final TlsSettings DEFAULT = new TlsSettings(SslMode.PREFER, Optional.empty(), Optional.empty(), Optional.empty());

    public TlsSettings {
        requireNonNull(mode, "mode");
        requireNonNull(rootCert, "rootCert");
        requireNonNull(clientCert, "clientCert");
        requireNonNull(clientKey, "clientKey");
    }

    /** libpq's {@code sslmode} values, weakest first. */
    public enum SslMode {
        /** Never encrypt. */
        DISABLE,
        /** Encrypt only if the server insists. */
        ALLOW,
        /** Encrypt when the server can; do not check its certificate. */
        PREFER,
        /** Always encrypt; do not check the server's certificate. */
        REQUIRE,
        /** Always encrypt; the server's certificate must chain to a trusted CA. */
        VERIFY_CA,
        /** Always encrypt; the certificate must chain to a trusted CA and name the host connected to. */
        VERIFY_FULL;

        /** {@return the mode spelled {@code text} as libpq spells it ({@code verify-full}), if it is one} */
        public static Optional<SslMode> parse(String text) {
            for (SslMode mode : values()) {
                if (mode.libpqName().equalsIgnoreCase(text.strip())) {
                    return Optional.of(mode);
                }
            }
            return Optional.empty();
        }

        /** {@return the mode as libpq and pgjdbc spell it, e.g. {@code verify-full}} */
        public String libpqName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** {@return whether the client checks the server's certificate} */
        public boolean verifiesServer() {
            return this == VERIFY_CA || this == VERIFY_FULL;
        }
    }
}
