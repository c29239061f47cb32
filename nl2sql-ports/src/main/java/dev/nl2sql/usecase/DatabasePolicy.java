package dev.nl2sql.usecase;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.sensitive.SensitiveData;
import dev.nl2sql.domain.validation.ValidationPolicy;
import java.util.Set;

/**
 * What one database allows: the limits no request may exceed, the functions allowed beyond the built-in list, and
 * what it hides and masks as configured. (The sensitive data policy in force is asked of the
 * {@link SensitiveSchemaCatalog}: when it follows views, it grows with the database's view definitions.)
 */
public record DatabasePolicy(Limits ceiling, Set<String> extraFunctions, SensitiveData sensitive) {

    public static final DatabasePolicy DEFAULT = new DatabasePolicy(Limits.DEFAULT, Set.of(), SensitiveData.NONE);

    public DatabasePolicy {
        requireNonNull(ceiling, "ceiling");
        extraFunctions = Set.copyOf(extraFunctions);
        requireNonNull(sensitive, "sensitive");
    }

    /**
     * {@return the validation policy for a statement that runs under {@code limits}} The LIMIT the validator writes is
     * one row above the cap: the executor stops at the cap, and that one extra row is how it knows the result was
     * truncated. With a LIMIT of exactly the cap, a result that filled the cap would look complete.
     */
    ValidationPolicy validation(Limits limits) {
        return ValidationPolicy.of(limits).withMaxRows(limits.maxRows() + 1).withAllowedFunctions(extraFunctions);
    }
}
