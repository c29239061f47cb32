package dev.nl2sql.domain.linking;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The part of a schema a question needs, rendered for a prompt.
 *
 * @param relations the chosen relations, most relevant first
 * @param rendered their compact DDL ({@link dev.nl2sql.domain.schema.SchemaText}), in the same order
 * @param estimatedTokens the size of {@code rendered} in tokens, estimated as characters / 4
 * @param unmatchedTerms words of the question that matched no name, comment, synonym or value
 */
public record LinkedSchema(List<LinkedRelation> relations, String rendered, int estimatedTokens, List<String> unmatchedTerms) {

    public LinkedSchema {
        relations = List.copyOf(relations);
        requireNonNull(rendered, "rendered");
        unmatchedTerms = List.copyOf(unmatchedTerms);
    }

    /** {@return the qualified names of the chosen relations, e.g. {@code public.customer}} */
    public List<String> relationNames() {
        return relations.stream().map(r -> r.relation().name().toString()).toList();
    }
}
