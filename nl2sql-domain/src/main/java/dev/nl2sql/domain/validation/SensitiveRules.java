package dev.nl2sql.domain.validation;

import dev.nl2sql.domain.schema.BuiltInTypes;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.sensitive.SensitiveData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.statement.create.table.ColDataType;
import net.sf.jsqlparser.statement.select.PlainSelect;

/**
 * The rules a sensitive data policy adds to the walk of a query ({@link QueryResolver} applies them where it meets the
 * construct): masked columns only bare, no whole-row values, no hidden column reached by position, no row types.
 * docs/security.md#sensitive-data says why each exists.
 */
final class SensitiveRules {

    private final SchemaSnapshot schema;
    private final SensitiveData sensitive;

    SensitiveRules(SchemaSnapshot schema, SensitiveData sensitive) {
        this.schema = schema;
        this.sensitive = sensitive;
    }

    /** A masked column met where its value would reach the result transformed. */
    static Refusal maskedColumn(String alias, String name) {
        return new Refusal(RejectionCode.MASKED_COLUMN, "column " + alias + "." + name + " is masked: it may be selected only "
                + "bare (SELECT " + name + ") and used in WHERE, JOIN ON, GROUP BY, HAVING and ORDER BY, never inside an expression, "
                + "a function, a cast, a select-list subquery, a set operation or VALUES");
    }

    /** A whole-row reference ({@code SELECT p FROM people p}) would carry hidden and masked columns inside one value. */
    void refuseWholeRow(String alias) {
        if (sensitive.isActive()) {
            throw new Refusal(RejectionCode.MASKED_COLUMN, "the whole-row reference " + alias + " would carry hidden or masked columns; "
                    + "name the columns instead");
        }
    }

    /** A hidden column reached by position (an alias list, a star, a NATURAL join): refused, without naming it. */
    static Refusal hiddenColumn(String reason) {
        return new Refusal(RejectionCode.HIDDEN_COLUMN, reason);
    }

    /**
     * Under a policy a cast may name only a built-in type, an enum or a domain the visible schema uses: a relation's row
     * type ({@code null::customers}, {@code json_populate_record(null::customers, '{}')}) lists every column of the
     * relation, hidden ones included, and a hidden table's row type names the table.
     */
    void castType(ColDataType type) {
        if (!sensitive.isActive() || BuiltInTypes.isBuiltIn(type.getDataType())) {
            return;
        }
        String written = type.getDataType();
        String name = QueryResolver.unquote(written.contains(".") ? written.substring(written.lastIndexOf('.') + 1) : written).toLowerCase(Locale.ROOT);
        boolean isEnum = schema.enums().stream().anyMatch(e -> e.name().name().equalsIgnoreCase(name));
        boolean isDomain = schema.relationsNamed(name).isEmpty() && schema.relations().stream()
                .flatMap(r -> r.columns().stream()).anyMatch(c -> c.type().replaceAll("\\[]|\\(.*\\)", "").equalsIgnoreCase(name));
        if (!isEnum && !isDomain) {
            throw hiddenColumn("a cast to " + written + " is not allowed under the sensitive data policy: a row type lists hidden columns; "
                    + "cast to a built-in type, an enum or a domain");
        }
    }

    /** ORDER BY 4 and GROUP BY 4 sort and group by the fourth output column, which may be one the policy hides. */
    static void refusePositionsOfHidden(PlainSelect plain, Set<Integer> hidden) {
        if (hidden.isEmpty()) {
            return;
        }
        List<Expression> positional = new ArrayList<>();
        if (plain.getOrderByElements() != null) {
            plain.getOrderByElements().forEach(element -> positional.add(element.getExpression()));
        }
        if (plain.getGroupBy() != null && plain.getGroupBy().getGroupByExpressionList() != null) {
            positional.addAll(plain.getGroupBy().getGroupByExpressionList());
        }
        for (Expression expression : positional) {
            if (expression instanceof LongValue position && fitsInt(position) && hidden.contains((int) position.getValue() - 1)) {
                throw hiddenColumn("output column " + position.getValue() + " is a column nl2sql does not expose; name the column instead");
            }
        }
    }

    private static boolean fitsInt(LongValue value) {
        try {
            return value.getValue() >= 1 && value.getValue() <= Integer.MAX_VALUE;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
