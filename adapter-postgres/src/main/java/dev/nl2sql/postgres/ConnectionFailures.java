package dev.nl2sql.postgres;

import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.domain.database.TlsSettings;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Says in a person's words why a connection attempt failed, from pgjdbc's exception and its causes: the server's own
 * message for what it refused (password, database, pg_hba.conf), and what the network or TLS said otherwise, each with
 * what to check next.
 */
final class ConnectionFailures {

    private ConnectionFailures() {}

    /** {@return one line saying why connecting to {@code database} failed} */
    static String describe(SQLException failure, DatabaseSettings database) {
        DatabaseIdentity at = database.identity();
        String where = at.host() + ":" + at.port();
        Optional<String> server = serverMessage(failure);
        String state = failure.getSQLState() == null ? "" : failure.getSQLState();
        if (server.isPresent()) {
            return switch (state) {
                case "28P01" -> server.get() + " (check the user, and the password: password_env, PGPASSWORD or ~/.pgpass)";
                case "3D000" -> server.get() + " on " + where;
                case "28000" -> server.get() + (server.get().contains("no encryption") && database.tls().mode() != TlsSettings.SslMode.DISABLE
                        ? " (the server accepts this user only over TLS: set sslmode: require or stronger)" : "");
                default -> server.get();
            };
        }
        if (has(failure, UnknownHostException.class)) {
            return "unknown host '" + at.host() + "': the name does not resolve (check host in the configuration or the DSN)";
        }
        if (has(failure, ConnectException.class) || has(failure, NoRouteToHostException.class)) {
            return "connection refused by " + where + ": nothing accepts connections there (is PostgreSQL running, is the port right?)";
        }
        if (has(failure, SocketTimeoutException.class) || "08001".equals(state) && text(failure).contains("timed out")) {
            return "no answer from " + where + " within " + database.connectTimeout().toSeconds() + " s (connect_timeout)";
        }
        Optional<SSLException> tls = cause(failure, SSLException.class);
        if (tls.isPresent()) {
            return tlsFailure(tls.get(), database.tls());
        }
        String text = text(failure);
        if (text.contains("does not support SSL")) {
            return "the server at " + where + " does not offer TLS, but sslmode " + database.tls().mode().libpqName() + " requires it";
        }
        if (text.contains("could not be verified by hostnameverifier")) {
            return "TLS: the server's certificate does not name '" + at.host() + "' (sslmode verify-full checks it): " + firstLine(text);
        }
        if (text.contains("no password was provided") || text.contains("password-based authentication")) {
            return "the server asks for a password and none was given (set password_env, PGPASSWORD or a ~/.pgpass line)";
        }
        return firstLine(text) + deepestCause(failure).map(c -> ": " + c).orElse("");
    }

    private static String tlsFailure(SSLException failure, TlsSettings tls) {
        String text = firstLine(text(failure));
        String rootCert = tls.rootCert().map(Path::toString).orElse("~/.postgresql/root.crt");
        if (text.contains("PKIX") || text.contains("certification path") || text.contains("unable to find valid")) {
            return "TLS: the server's certificate is not signed by a CA in " + rootCert + " (sslrootcert)";
        }
        return "TLS handshake failed: " + text;
    }

    private static Optional<String> serverMessage(SQLException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PSQLException psql) {
                ServerErrorMessage server = psql.getServerErrorMessage();
                if (server != null && server.getMessage() != null) {
                    return Optional.of(server.getMessage());
                }
            }
        }
        return Optional.empty();
    }

    private static boolean has(Throwable failure, Class<? extends Throwable> type) {
        return cause(failure, type).isPresent();
    }

    private static <T extends Throwable> Optional<T> cause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> deepestCause(Throwable failure) {
        Throwable deepest = failure;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        return deepest == failure ? Optional.empty() : Optional.of(firstLine(text(deepest)));
    }

    private static String text(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
