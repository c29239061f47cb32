package dev.nl2sql.port;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Where the audit log keeps its files, checked for {@code doctor}: can a line be written and forced there, and how much
 * room is left. With {@code audit.fsync: always} answers are withheld while it cannot, so it is checked like a database.
 */
@FunctionalInterface
public interface AuditStorage {

    /** An audit log that keeps no files (a library's default): nothing to check. */
    AuditStorage NONE = Optional::empty;

    /** {@return the check of the files' folder, if the log keeps files} */
    Optional<Check> check();

    /**
     * @param folder where the files are
     * @param usableBytes room left on the folder's file system; 0 when it cannot be told
     * @param problem why a line cannot be written and forced there now, in the disk's words, if it cannot
     */
    record Check(String folder, long usableBytes, Optional<String> problem) {
        public Check {
            requireNonNull(folder, "folder");
            requireNonNull(problem, "problem");
        }
    }
}
