package dev.nl2sql.domain.offline;

import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.SchemaText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The SELECT an interpretation builds, clause by clause: every relation joined once along its {@link JoinPath} from
 * the subject, conditions, grouping, order and limit. Rendering it is the only place SQL text is assembled.
 */
final class SelectQuery {

    /** A WHERE condition and how the explanation says it. */
    record Condition(String sql, String text) {}

    private final Relation subject;
    private final List<String> select = new ArrayList<>();
    private final Set<Relation> joined = new LinkedHashSet<>();
    private final List<String> joins = new ArrayList<>();
    private final List<Condition> where = new ArrayList<>();
    private final List<String> groupBy = new ArrayList<>();
    private Optional<String> orderBy = Optional.empty();
    private Optional<Integer> limit = Optional.empty();
    private boolean distinct;
    private boolean fansOut;
    private boolean withTies;

    SelectQuery(Relation subject) {
        this.subject = subject;
        joined.add(subject);
    }

    Relation subject() {
        return subject;
    }

    /** Joins every relation of {@code path} not joined yet. */
    void join(JoinPath path) {
        join(path, false);
    }

    /** Joins every relation of {@code path} not joined yet; with {@code outer}, as LEFT JOINs, keeping rows with no related row. */
    void join(JoinPath path, boolean outer) {
        for (JoinPath.Step step : path.steps()) {
            if (joined.add(step.to())) {
                joins.add((outer ? "LEFT JOIN " : "JOIN ") + name(step.to()) + " ON " + step.on(name(step.from()), name(step.to())));
                fansOut |= step.fanOut();
            }
        }
    }

    /** Joins {@code to} a second time under {@code alias}, along {@code step}. */
    void joinAs(JoinPath.Step step, String alias) {
        joins.add("JOIN " + name(step.to()) + " AS " + alias + " ON " + step.on(name(step.from()), alias));
    }

    boolean isJoined(Relation relation) {
        return joined.contains(relation);
    }

    /** {@return whether a join multiplies the subject's rows} */
    boolean fansOut() {
        return fansOut;
    }

    void select(String expression) {
        if (!select.contains(expression)) {
            select.add(expression);
        }
    }

    void where(Condition condition) {
        where.add(condition);
    }

    List<Condition> conditions() {
        return List.copyOf(where);
    }

    void groupBy(String expression) {
        if (!groupBy.contains(expression)) {
            groupBy.add(expression);
        }
    }

    void orderBy(String expression) {
        orderBy = Optional.of(expression);
    }

    void limit(int rows) {
        limit = Optional.of(rows);
    }

    /** Limits to the first row in the order and the rows tied with it. */
    void firstWithTies() {
        limit = Optional.of(1);
        withTies = true;
    }

    void distinct() {
        distinct = true;
    }

    boolean isDistinct() {
        return distinct;
    }

    String sql() {
        StringBuilder sql = new StringBuilder("SELECT ");
        if (distinct) {
            sql.append("DISTINCT ");
        }
        sql.append(String.join(", ", select)).append(" FROM ").append(name(subject));
        joins.forEach(join -> sql.append(' ').append(join));
        if (!where.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", where.stream().map(Condition::sql).toList()));
        }
        if (!groupBy.isEmpty()) {
            sql.append(" GROUP BY ").append(String.join(", ", groupBy));
        }
        orderBy.ifPresent(order -> sql.append(" ORDER BY ").append(order));
        limit.ifPresent(rows -> sql.append(withTies ? " FETCH FIRST " + rows + " ROWS WITH TIES" : " LIMIT " + rows));
        return sql.toString();
    }

    List<String> tables() {
        return joined.stream().map(r -> r.name().toString()).toList();
    }

    static String name(Relation relation) {
        return SchemaText.name(relation.name());
    }

    static String column(Mention.ColumnRef ref) {
        return name(ref.relation()) + "." + SchemaText.identifier(ref.column().name());
    }

    static String column(String relationName, String column) {
        return relationName + "." + SchemaText.identifier(column);
    }
}
