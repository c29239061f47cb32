package dev.nl2sql.port;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.linking.ColumnRef;
import java.util.List;
import java.util.Map;

/**
 * Samples the distinct values of a database's low-cardinality text columns, so that a question's "in Brazil" can be
 * traced to the column holding 'Brazil' (see {@link dev.nl2sql.domain.linking.ValueIndex}). Enum labels are not
 * sampled: the schema snapshot has them already. Reading is bounded in columns, values and time; callers cache the
 * result per database.
 */
@FunctionalInterface
public interface ColumnValueSource {

    /** {@return every sampled column with its distinct values, or why the database could not be read} */
    Result<Map<ColumnRef, List<String>>> sampleValues(DatabaseName database);
}
