package dev.nl2sql.domain.offline;

import dev.nl2sql.domain.linking.ValueIndex;
import dev.nl2sql.domain.linking.Words;
import dev.nl2sql.domain.query.GeneratedQuery;
import dev.nl2sql.domain.query.TokenUsage;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * A follow-up question read as an edit of the previous query's structure: a changed limit ("only the top 5"), a
 * different sort ("sort by city", "ascending"), a year filter ("only in 2023"), a value filter ("only in Germany") or
 * an added column ("show their e-mails too"). Anything else is refused: a refinement is either sure or not made.
 */
final class Refinement {

    private static final Pattern LIMIT = Pattern.compile(
            "\\b(?:top|first|limit(?:\\s+(?:it|that|them|this))?(?:\\s+to)?|only|just)\\s+(\\d{1,5})(?:\\s+(?:rows|results|of them))?\\s*$");
    private static final Pattern YEAR = Pattern.compile("\\b(?:in|during|for|from)\\s+((?:19|20)\\d\\d)\\s*$");
    private static final Pattern SORT_BY = Pattern.compile(
            "\\b(?:sort|sorted|order|ordered)\\s+(?:it\\s+|them\\s+|this\\s+)?by\\s+(?:their\\s+|its\\s+|the\\s+)?([a-z_ -]+?)"
                    + "(?:\\s+(asc|ascending|desc|descending))?\\s*$");
    private static final Pattern DIRECTION = Pattern.compile(
            "^(?:(?:sort|sorted|order|ordered|show it|show them|now)\\s+)?(?:in\\s+)?(ascending|descending|reverse)(?:\\s+order)?\\s*$");
    private static final Pattern ADD_COLUMN = Pattern.compile(
            "^(?:and\\s+)?(?:also\\s+)?(?:show|include|add|display|give me)\\s+(?:me\\s+)?(?:also\\s+)?(?:their|its|his|her|the)?\\s*"
                    + "([a-z_ ,-]+?)(?:\\s+(?:too|as well|also))?\\s*$");
    private static final Pattern VALUE_FILTER = Pattern.compile(
            "^(?:(?:only|just)\\s+)?(?:(?:those|the ones|ones)\\s+)?(?:(?:in|from|for|with|where)\\s+)?(?:the\\s+)?(.+?)(?:\\s+only)?\\s*$");

    private final String followUp;
    private final PlainSelect select;
    private final SchemaSnapshot schema;
    private final ValueIndex values;
    private final List<Source> sources = new ArrayList<>();

    /** A relation of the FROM clause and the name the query refers to it by. */
    private record Source(Relation relation, String reference) {}

    private Refinement(String followUp, PlainSelect select, SchemaSnapshot schema, ValueIndex values) {
        this.followUp = followUp;
        this.select = select;
        this.schema = schema;
        this.values = values;
    }

    /** {@return {@code previousSql} edited as {@code followUp} asks, not yet validated; or a refusal} */
    static OfflineAnswer refine(String followUp, String previousSql, SchemaSnapshot schema, ValueIndex values) {
        Statement statement;
        try {
            statement = CCJSqlParserUtil.parse(previousSql);
        } catch (JSQLParserException e) {
            return refused("the previous query cannot be edited");
        }
        if (!(statement instanceof PlainSelect select) || select.getFromItem() == null) {
            return refused("only a plain SELECT over tables can be refined without a language model");
        }
        String text = followUp.toLowerCase(Locale.ROOT).replaceAll("[?.!]+\\s*$", "").replaceAll("\\s+", " ").strip();
        Refinement refinement = new Refinement(text, select, schema, values);
        if (!refinement.readSources()) {
            return refused("the previous query reads something other than known tables");
        }
        return refinement.edit();
    }

    private boolean readSources() {
        List<FromItem> items = new ArrayList<>();
        items.add(select.getFromItem());
        if (select.getJoins() != null) {
            select.getJoins().stream().map(Join::getFromItem).forEach(items::add);
        }
        for (FromItem item : items) {
            if (!(item instanceof Table table)) {
                return false;
            }
            String schemaName = table.getSchemaName();
            Optional<Relation> relation = schemaName == null
                    ? schema.relationsNamed(table.getName()).stream().findFirst()
                    : schema.relation(schemaName, table.getName());
            if (relation.isEmpty()) {
                return false;
            }
            sources.add(new Source(relation.get(), table.getAlias() != null ? table.getAlias().getName() : table.getName()));
        }
        return true;
    }

    private OfflineAnswer edit() {
        // The year before the value filter: "in 2023" could otherwise be looked up as a value.
        List<Supplier<Optional<OfflineAnswer>>> kinds = List.of(this::year, this::limit, this::direction, this::sortBy,
                this::addColumns, this::valueFilter);
        for (Supplier<Optional<OfflineAnswer>> kind : kinds) {
            Optional<OfflineAnswer> answer = kind.get();
            if (answer.isPresent()) {
                return answer.get();
            }
        }
        return new OfflineAnswer.Refused("the follow-up is not a refinement the offline generator knows (a limit, a sort, "
                + "a year or value filter, an added column)", List.of(followUp));
    }

    private Optional<OfflineAnswer> limit() {
        Matcher m = LIMIT.matcher(followUp);
        if (!m.find()) {
            return Optional.empty();
        }
        long rows = Long.parseLong(m.group(1));
        select.setLimit(new Limit().withRowCount(new LongValue(rows)));
        select.setFetch(null); // "FETCH FIRST 1 ROWS WITH TIES" beside a LIMIT is not valid SQL
        return answered("the previous query, limited to " + rows + " rows");
    }

    private Optional<OfflineAnswer> year() {
        Matcher m = YEAR.matcher(followUp);
        if (!m.find()) {
            return Optional.empty();
        }
        int year = Integer.parseInt(m.group(1));
        Optional<String> column = dateColumn();
        if (column.isEmpty()) {
            return Optional.of(refused("none of the previous query's tables has a date column to filter by " + year));
        }
        return addCondition(column.get(), column.get() + " >= '" + year + "-01-01' AND " + column.get() + " < '" + (year + 1) + "-01-01'",
                "the previous query, only in " + year);
    }

    /** The date column to filter by: one of a table the query aggregates over (the facts), else of the first table. */
    private Optional<String> dateColumn() {
        String aggregated = select.getSelectItems().stream().map(SelectItem::getExpression).filter(e -> e instanceof Function)
                .map(Object::toString).reduce("", String::concat).toLowerCase(Locale.ROOT);
        List<Source> ordered = new ArrayList<>(sources.stream().filter(s -> aggregated.contains(s.reference().toLowerCase(Locale.ROOT) + ".")).toList());
        sources.stream().filter(s -> !ordered.contains(s)).forEach(ordered::add);
        for (Source source : ordered) {
            for (Column column : source.relation().columns()) {
                if (column.type().startsWith("date") || column.type().startsWith("timestamp")) {
                    return Optional.of(qualified(source, column));
                }
            }
        }
        return Optional.empty();
    }

    private Optional<OfflineAnswer> direction() {
        Matcher m = DIRECTION.matcher(followUp);
        if (!m.find()) {
            return Optional.empty();
        }
        List<OrderByElement> order = select.getOrderByElements();
        if (order == null || order.isEmpty()) {
            return Optional.of(refused("the previous query has no order to change"));
        }
        String asked = m.group(1);
        for (OrderByElement element : order) {
            element.setAsc(asked.equals("reverse") ? !element.isAsc() : asked.equals("ascending"));
        }
        return answered("the previous query, in " + asked + " order");
    }

    private Optional<OfflineAnswer> sortBy() {
        Matcher m = SORT_BY.matcher(followUp);
        if (!m.find()) {
            return Optional.empty();
        }
        Optional<Expression> key = selectedAlias(m.group(1)).or(() -> column(m.group(1)));
        if (key.isEmpty()) {
            return Optional.of(new OfflineAnswer.Refused("no column of the previous query is called '" + m.group(1) + "'",
                    List.of(m.group(1))));
        }
        OrderByElement element = new OrderByElement();
        element.setExpression(key.get());
        element.setAsc(m.group(2) == null || m.group(2).startsWith("asc"));
        select.setOrderByElements(List.of(element));
        return answered("the previous query, sorted by " + m.group(1) + (element.isAsc() ? "" : " descending"));
    }

    private Optional<OfflineAnswer> addColumns() {
        Matcher m = ADD_COLUMN.matcher(followUp);
        if (!m.find()) {
            return Optional.empty();
        }
        List<String> added = new ArrayList<>();
        for (String phrase : m.group(1).split("\\s*(?:,|\\band\\b)\\s*")) {
            if (phrase.isBlank()) {
                continue;
            }
            Optional<Expression> column = column(phrase);
            if (column.isEmpty()) {
                return Optional.of(new OfflineAnswer.Refused("no column of the previous query's tables matches '" + phrase + "'",
                        List.of(phrase)));
            }
            boolean shown = select.getSelectItems().stream().anyMatch(item -> item.getExpression().toString().equalsIgnoreCase(column.get().toString()));
            if (!shown) {
                select.addSelectItems(column.get());
                GroupByElement groupBy = select.getGroupBy();
                if (groupBy != null) {
                    groupBy.addGroupByExpression(column.get());
                }
            }
            added.add(phrase.strip());
        }
        return added.isEmpty() ? Optional.empty() : answered("the previous query, also showing " + String.join(", ", added));
    }

    private Optional<OfflineAnswer> valueFilter() {
        Matcher m = VALUE_FILTER.matcher(followUp);
        if (!m.find()) {
            return Optional.empty();
        }
        List<ValueIndex.Hit> hits = values.lookup(m.group(1));
        for (Source source : sources) { // the first table's column wins: customers.country over orders.shipping_country
            for (ValueIndex.Hit hit : hits) {
                if (source.relation().name().equals(hit.column().relation())) {
                    Column column = source.relation().column(hit.column().column()).orElseThrow();
                    return addCondition(qualified(source, column), qualified(source, column) + " = '" + hit.value().replace("'", "''") + "'",
                            "the previous query, only where " + column.name() + " is " + hit.value());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Adds {@code condition} on {@code column} to the WHERE clause, in place of the conditions already comparing that
     * column: "only in 2024" after "only in 2023" moves the range rather than asking for both.
     */
    private Optional<OfflineAnswer> addCondition(String column, String condition, String explanation) {
        Expression added;
        try {
            added = CCJSqlParserUtil.parseCondExpression(condition);
        } catch (JSQLParserException e) {
            throw new IllegalStateException("a refinement wrote an unparseable condition: " + condition, e);
        }
        List<Expression> kept = new ArrayList<>();
        for (Expression conjunct : conjuncts(select.getWhere())) {
            if (!(conjunct instanceof ComparisonOperator comparison && comparison.getLeftExpression().toString().equals(column))) {
                kept.add(conjunct);
            }
        }
        kept.add(added);
        select.setWhere(kept.stream().reduce(AndExpression::new).orElseThrow());
        return answered(explanation);
    }

    private static List<Expression> conjuncts(Expression where) {
        if (where == null) {
            return List.of();
        }
        if (where instanceof AndExpression and) {
            List<Expression> all = new ArrayList<>(conjuncts(and.getLeftExpression()));
            all.addAll(conjuncts(and.getRightExpression()));
            return all;
        }
        return List.of(where);
    }

    /** A select item whose alias is {@code phrase} ("revenue"), as the alias itself. */
    private Optional<Expression> selectedAlias(String phrase) {
        String wanted = normalised(phrase);
        return select.getSelectItems().stream()
                .filter(item -> item.getAlias() != null && normalised(item.getAlias().getName()).equals(wanted))
                .findFirst()
                .map(item -> column(item.getAlias().getName(), Optional.empty()));
    }

    /** A column of the query's tables named like {@code phrase} ("e-mails" finds {@code email}), qualified. */
    private Optional<Expression> column(String phrase) {
        String wanted = normalised(phrase);
        for (Source source : sources) {
            for (Column column : source.relation().columns()) {
                if (normalised(column.name()).equals(wanted)) {
                    return Optional.of(column(column.name(), Optional.of(source.reference())));
                }
            }
        }
        return Optional.empty();
    }

    private static Expression column(String name, Optional<String> table) {
        try {
            return CCJSqlParserUtil.parseExpression(table.map(t -> quoted(t) + ".").orElse("") + quoted(name));
        } catch (JSQLParserException e) {
            throw new IllegalStateException("cannot write a reference to column " + name, e);
        }
    }

    private static String qualified(Source source, Column column) {
        return quoted(source.reference()) + "." + quoted(column.name());
    }

    private static String quoted(String identifier) {
        return identifier.matches("[a-z_][a-z0-9_]*") ? identifier : "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** "E-mails", "email" and "e_mail" all read as "email"; "first name" as "firstname". */
    private static String normalised(String phrase) {
        List<String> words = Words.ofText(phrase.replace("-", "").replace("_", " "));
        return String.join("", words.stream().map(Words::stem).toList());
    }

    private Optional<OfflineAnswer> answered(String explanation) {
        return Optional.of(new OfflineAnswer.Answered(new GeneratedQuery(select.toString(), explanation, 0.7, List.of(), 1,
                TokenUsage.NONE, OfflineGenerator.GENERATOR)));
    }

    private static OfflineAnswer refused(String reason) {
        return new OfflineAnswer.Refused(reason, List.of());
    }
}
