package dev.nl2sql.domain.linking;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.schema.Relation;
import java.util.List;

/**
 * A relation chosen for a question.
 *
 * @param columns the columns kept, in table order; keys are always among them
 * @param score how strongly the question pointed at it; 0 for a relation kept only to bridge a join
 * @param bridge whether it was kept only because it joins two chosen relations
 */
public record LinkedRelation(Relation relation, List<String> columns, double score, boolean bridge) {

    public LinkedRelation {
        requireNonNull(relation, "relation");
        columns = List.copyOf(columns);
    }
}
