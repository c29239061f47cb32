package dev.nl2sql.port;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.sensitive.SensitiveData;

/**
 * Each database's sensitive data policy as it stands now: the configured one, plus, when it follows views, the view
 * columns the database's view definitions make protected (which change when the views do). The executor, value
 * sampling, the validator and the audit log all ask here, so they agree.
 */
@FunctionalInterface
public interface SensitivePolicies {

    /** No database hides or masks anything. */
    SensitivePolicies NONE = database -> SensitiveData.NONE;

    /** {@return the policy of {@code database}; {@link SensitiveData#NONE} for a database without one} */
    SensitiveData of(DatabaseName database);
}
