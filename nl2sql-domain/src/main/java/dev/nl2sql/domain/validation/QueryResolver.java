package dev.nl2sql.domain.validation;

import dev.nl2sql.domain.schema.NameDistance;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.AnyComparisonExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.NextValExpression;
import net.sf.jsqlparser.expression.UserVariable;
import net.sf.jsqlparser.expression.WindowDefinition;
import net.sf.jsqlparser.expression.WindowElement;
import net.sf.jsqlparser.expression.WindowOffset;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.Distinct;
import net.sf.jsqlparser.statement.select.Fetch;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.Offset;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.TableStatement;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * Walks one parsed query: resolves every relation and column against the schema snapshot through the scopes SQL
 * defines (CTEs, aliases, subqueries, correlation), and checks every function call. It refuses by throwing
 * {@link Refusal}; one instance serves one check and is not shared between threads.
 *
 * <p>Long because it is one walk: every kind of node of JSqlParser's tree a query can hold has its case here, and the
 * scope rules (which name a reference means) run through all of them; split across classes they would have to pass
 * the scopes back and forth. What is not about scopes lives beside it: {@link Columns}, {@link FunctionPolicy},
 * {@link ResourceLimits} and {@link SensitiveRules}.
 */
final class QueryResolver {

    /** Schemas whose relations are never exposed, whatever their name. */
    private static final Set<String> SYSTEM_SCHEMAS = Set.of("pg_catalog", "information_schema", "pg_toast");

    /** Catalog relations that hold passwords, file contents, server configuration or other sessions' queries. */
    private static final Set<String> SECRET_CATALOGS = Set.of(
            "pg_authid", "pg_shadow", "pg_user", "pg_roles", "pg_group", "pg_auth_members", "pg_user_mapping",
            "pg_user_mappings", "pg_hba_file_rules", "pg_ident_file_mappings", "pg_file_settings", "pg_settings",
            "pg_db_role_setting", "pg_config", "pg_stat_activity", "pg_stat_ssl", "pg_stat_gssapi",
            "pg_stat_replication", "pg_replication_slots", "pg_stat_wal_receiver", "pg_stat_subscription",
            "pg_subscription", "pg_largeobject", "pg_largeobject_metadata", "pg_statistic", "pg_statistic_ext_data",
            "pg_prepared_xacts", "pg_prepared_statements", "pg_backend_memory_contexts", "pg_shmem_allocations",
            "pg_foreign_server", "pg_foreign_data_wrapper", "pg_locks", "pg_cursors", "pg_proc", "pg_stats",
            "pg_stats_ext", "pg_stats_ext_exprs", "pg_available_extensions", "pg_seclabel", "pg_seclabels",
            "pg_shseclabel", "pg_policy", "pg_policies");

    /** Keywords PostgreSQL accepts where the parser sees a column: special SQL value functions. */
    private static final Set<String> VALUE_KEYWORDS = Set.of(
            "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp", "true", "false",
            "null", "default");

    /** Output columns of set-returning functions in FROM that do not take the function's or the alias's name. */
    private static final Map<String, List<String>> SRF_COLUMNS = Map.of(
            "json_each", List.of("key", "value"),
            "jsonb_each", List.of("key", "value"),
            "json_each_text", List.of("key", "value"),
            "jsonb_each_text", List.of("key", "value"),
            "json_array_elements", List.of("value"),
            "jsonb_array_elements", List.of("value"),
            "json_array_elements_text", List.of("value"),
            "jsonb_array_elements_text", List.of("value"));

    /** One entry of a FROM clause: what it is called in the query and the columns it provides. */
    record Source(String alias, Optional<QualifiedName> relation, Columns columns) {}

    /** The names visible at one level of a query. */
    static final class Scope {
        final Scope parent;
        final List<Source> sources = new ArrayList<>();
        final Map<String, Columns> ctes = new HashMap<>();
        List<String> outputNames = List.of();
        boolean outputNamesVisible;

        Scope(Scope parent) {
            this.parent = parent;
        }

        Optional<Columns> cte(String name) {
            for (Scope s = this; s != null; s = s.parent) {
                Columns found = s.ctes.get(name.toLowerCase(Locale.ROOT));
                if (found != null) {
                    return Optional.of(found);
                }
            }
            return Optional.empty();
        }
    }

    private final SchemaSnapshot schema;
    private final ValidationPolicy policy;
    private final SensitiveRules sensitive;
    private final Set<String> tablesRead = new TreeSet<>();
    private final Set<String> callNames = new HashSet<>();
    private final ExpressionWalker walker = new ExpressionWalker();
    /** Above zero while walking something whose value reaches the result other than as a bare column. */
    private int exposing;

    QueryResolver(SchemaSnapshot schema, ValidationPolicy policy) {
        this.schema = schema;
        this.policy = policy;
        this.sensitive = new SensitiveRules(schema, policy.sensitive());
    }

    /** {@return the relations read so far, schema-qualified} */
    List<String> tablesRead() {
        return List.copyOf(tablesRead);
    }

    /** {@return every lower-case name the walk met in call position: functions, CTEs, aliases with column lists} */
    Set<String> callNames() {
        return callNames;
    }

    /** Resolves the top-level query. */
    Columns resolve(Select select) {
        return select(select, null);
    }

    // ---------------------------------------------------------------- queries

    private Columns select(Select select, Scope outer) {
        Scope scope = outer;
        List<WithItem<?>> withItems = select.getWithItemsList();
        if (withItems != null && !withItems.isEmpty()) {
            scope = new Scope(outer);
            for (WithItem<?> item : withItems) {
                withItem(item, scope);
            }
        }
        Columns columns = switch (select) {
            case PlainSelect plain -> plain(plain, scope);
            case SetOperationList setOperation -> setOperation(setOperation, scope);
            case ParenthesedSelect parenthesed -> select(parenthesed.getSelect(), scope);
            case Values values -> values(values, scope);
            case TableStatement table -> tableStatement(table, scope);
            default -> throw new Refusal(RejectionCode.UNSUPPORTED_SYNTAX,
                    "query form " + select.getClass().getSimpleName() + " is not supported");
        };
        refuseLocking(select);
        if (!(select instanceof PlainSelect) && !(select instanceof SetOperationList)) {
            Scope orderScope = new Scope(scope);
            orderScope.outputNames = columns.names();
            orderScope.outputNamesVisible = true;
            orderBy(select.getOrderByElements(), orderScope);
        }
        limits(select, scope);
        return columns;
    }

    private void withItem(WithItem<?> item, Scope scope) {
        String name = item.getUnquotedAliasName() == null ? item.getAliasName() : item.getUnquotedAliasName();
        if (!(item.getParenthesedStatement() instanceof ParenthesedSelect body)) {
            throw new Refusal(RejectionCode.NOT_READ_ONLY, "WITH " + name + " holds a data-modifying statement; only SELECT is allowed");
        }
        String key = unquote(name).toLowerCase(Locale.ROOT);
        callNames.add(key);
        List<String> declared = new ArrayList<>();
        if (item.getWithItemList() != null) {
            for (SelectItem<?> column : item.getWithItemList()) {
                declared.add(unquote(column.toString()));
            }
        }
        if (item.isRecursive()) {
            scope.ctes.put(key, declared.isEmpty() ? Columns.OPAQUE : Columns.of(declared));
        }
        Columns columns = select(body, scope);
        scope.ctes.put(key, declared.isEmpty() ? columns : columns.renamed(declared));
    }

    private Columns plain(PlainSelect plain, Scope outer) {
        if ((plain.getIntoTables() != null && !plain.getIntoTables().isEmpty()) || plain.getIntoTempTable() != null) {
            throw new Refusal(RejectionCode.SELECT_INTO, "SELECT ... INTO creates a table; remove the INTO clause");
        }
        if (plain.getOracleHierarchical() != null || plain.getLateralViews() != null || plain.getTop() != null
                || plain.getFirst() != null || plain.getSkip() != null || plain.getKsqlWindow() != null
                || plain.getForXmlPath() != null || plain.getPreferringClause() != null || plain.getSampleClause() != null) {
            throw new Refusal(RejectionCode.UNSUPPORTED_SYNTAX, "this SELECT uses syntax PostgreSQL does not have");
        }
        Scope scope = new Scope(outer);
        if (plain.getFromItem() != null) {
            fromItem(plain.getFromItem(), scope);
        }
        if (plain.getJoins() != null) {
            for (Join join : plain.getJoins()) {
                join(join, scope);
            }
        }
        List<String> output = new ArrayList<>();
        Set<String> masked = new HashSet<>();
        Set<Integer> hidden = new HashSet<>();
        boolean opaque = false;
        for (SelectItem<?> item : plain.getSelectItems()) {
            Expression expression = item.getExpression();
            if (expression instanceof AllColumns && !(expression instanceof AllTableColumns)) {
                for (Source source : scope.sources) {
                    expandStar(source, output, masked, hidden);
                    opaque |= source.columns().opaque();
                }
            } else if (expression instanceof AllTableColumns tableColumns) {
                Source source = sourceFor(tableColumns.getTable(), scope)
                        .orElseThrow(() -> missingFromEntry(tableColumns.getTable(), scope));
                expandStar(source, output, masked, hidden);
                opaque |= source.columns().opaque();
            } else if (expression instanceof Column bare && exposing == 0) {
                String name = outputName(item);
                if (column(bare, scope, true)) {
                    masked.add(name.toLowerCase(Locale.ROOT));
                }
                output.add(name);
            } else {
                exposed(() -> expression(expression, scope));
                output.add(outputName(item));
            }
        }
        scope.outputNames = List.copyOf(output);
        Distinct distinct = plain.getDistinct();
        if (distinct != null && distinct.getOnSelectItems() == null && !hidden.isEmpty()) {
            throw SensitiveRules.hiddenColumn("SELECT DISTINCT compares whole rows, hidden columns included; name the columns instead");
        }
        SensitiveRules.refusePositionsOfHidden(plain, hidden);
        if (distinct != null && distinct.getOnSelectItems() != null) {
            for (SelectItem<?> item : distinct.getOnSelectItems()) {
                expression(item.getExpression(), scope);
            }
        }
        expression(plain.getWhere(), scope);
        GroupByElement groupBy = plain.getGroupBy();
        if (groupBy != null) {
            scope.outputNamesVisible = true;
            expressionList(groupBy.getGroupByExpressionList(), scope);
            if (groupBy.getGroupingSets() != null) {
                for (ExpressionList<?> set : groupBy.getGroupingSets()) {
                    expressionList(set, scope);
                }
            }
            scope.outputNamesVisible = false;
        }
        expression(plain.getHaving(), scope);
        expression(plain.getQualify(), scope);
        if (plain.getWindowDefinitions() != null) {
            for (WindowDefinition window : plain.getWindowDefinitions()) {
                windowDefinition(window, scope);
            }
        }
        scope.outputNamesVisible = true;
        orderBy(plain.getOrderByElements(), scope);
        scope.outputNamesVisible = false;
        return new Columns(output, opaque, opaque ? Set.of() : masked, hidden);
    }

    private void expandStar(Source source, List<String> output, Set<String> masked, Set<Integer> hidden) {
        if (exposing > 0) {
            sensitive.refuseWholeRow(source.alias() + ".*"); // a set operation's columns have no origin the executor could mask or drop by
        }
        source.columns().hidden().forEach(position -> hidden.add(output.size() + position));
        output.addAll(source.columns().names());
        masked.addAll(source.columns().masked());
    }

    /** Walks {@code walk} as an exposing context: any masked column met inside it is refused. */
    private void exposed(Runnable walk) {
        exposing++;
        try {
            walk.run();
        } finally {
            exposing--;
        }
    }

    private Columns setOperation(SetOperationList list, Scope scope) {
        Columns first = null;
        for (Select branch : list.getSelects()) {
            // PostgreSQL does not tell where a set operation's columns come from, so masking could not follow them
            Columns columns = exposedColumns(() -> select(branch, scope));
            if (first == null) {
                first = columns;
            }
        }
        Columns result = first == null ? Columns.OPAQUE : first;
        Scope orderScope = new Scope(scope);
        orderScope.outputNames = result.names();
        orderScope.outputNamesVisible = true;
        if (result.opaque()) {
            orderScope.sources.add(new Source("", Optional.empty(), Columns.OPAQUE));
        }
        orderBy(list.getOrderByElements(), orderScope);
        return result;
    }

    private Columns exposedColumns(java.util.function.Supplier<Columns> walk) {
        exposing++;
        try {
            return walk.get();
        } finally {
            exposing--;
        }
    }

    private Columns values(Values values, Scope scope) {
        ExpressionList<?> rows = values.getExpressions();
        int width = 0;
        if (rows != null) {
            for (Expression row : rows) {
                exposed(() -> expression(row, scope));
                width = Math.max(width, row instanceof ExpressionList<?> list ? list.size() : 1);
            }
        }
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= width; i++) {
            names.add("column" + i);
        }
        return Columns.of(names);
    }

    private Columns tableStatement(TableStatement statement, Scope outer) {
        Scope scope = new Scope(outer);
        Source source = table(statement.getTable(), scope);
        return source.columns();
    }

    private void limits(Select select, Scope scope) {
        Limit limit = select.getLimit();
        if (limit != null) {
            expression(limit.getRowCount(), scope);
            expression(limit.getOffset(), scope);
        }
        Offset offset = select.getOffset();
        if (offset != null) {
            expression(offset.getOffset(), scope);
        }
        Fetch fetch = select.getFetch();
        if (fetch != null) {
            expression(fetch.getExpression(), scope);
        }
        if (select.getLimitBy() != null) {
            throw new Refusal(RejectionCode.UNSUPPORTED_SYNTAX, "LIMIT BY is not PostgreSQL syntax");
        }
    }

    private static void refuseLocking(Select select) {
        if (select.getForMode() != null || select.getForUpdateTable() != null || select.getForClause() != null
                || select.getWait() != null || select.isNoWait() || select.isSkipLocked()) {
            throw new Refusal(RejectionCode.LOCKING_CLAUSE, "FOR UPDATE/SHARE takes row locks; remove the locking clause");
        }
    }

    // ---------------------------------------------------------------- FROM

    private void join(Join join, Scope scope) {
        fromItem(join.getFromItem(), scope);
        if (join.isNatural() && scope.sources.stream().anyMatch(s -> !s.columns().hidden().isEmpty())) {
            throw SensitiveRules.hiddenColumn("a NATURAL join matches columns by name, hidden ones included; join with ON instead");
        }
        if (join.isNatural() && scope.sources.stream().anyMatch(s -> !s.columns().masked().isEmpty())) {
            throw new Refusal(RejectionCode.MASKED_COLUMN, "a NATURAL join merges columns, and masked columns must not be merged; "
                    + "join with ON instead");
        }
        if (join.getOnExpressions() != null) {
            for (Expression on : join.getOnExpressions()) {
                expression(on, scope);
            }
        }
        if (join.getUsingColumns() != null) {
            Source right = scope.sources.getLast();
            for (Column column : join.getUsingColumns()) {
                String name = unquote(column.getColumnName());
                if (scope.sources.stream().anyMatch(s -> s.columns().hides(name))) {
                    throw SensitiveRules.hiddenColumn("USING (" + name + ") names a column nl2sql does not expose");
                }
                boolean onLeft = scope.sources.subList(0, scope.sources.size() - 1).stream().anyMatch(s -> s.columns().has(name));
                if (!right.columns().has(name) || !onLeft) {
                    throw unknownColumn(name, scope);
                }
                if (scope.sources.stream().anyMatch(s -> s.columns().isMasked(name))) {
                    throw new Refusal(RejectionCode.MASKED_COLUMN, "USING (" + name + ") merges a masked column, whose merged value "
                            + "could not be masked; join with ON instead");
                }
            }
        }
    }

    private void fromItem(FromItem item, Scope scope) {
        switch (item) {
            case Table table -> table(table, scope);
            case ParenthesedSelect subquery -> {
                Columns columns = select(subquery, scope);
                addSource(scope, subquery.getAlias(), "", Optional.empty(), columns);
            }
            case TableFunction function -> tableFunction(function, scope);
            case ParenthesedFromItem parenthesed -> parenthesedFromItem(parenthesed, scope);
            case Values values -> addSource(scope, values.getAlias(), "", Optional.empty(), values(values, scope));
            default -> throw new Refusal(RejectionCode.UNSUPPORTED_SYNTAX,
                    "FROM item " + item.getClass().getSimpleName() + " is not supported");
        }
    }

    private void parenthesedFromItem(ParenthesedFromItem parenthesed, Scope scope) {
        boolean single = parenthesed.getJoins() == null || parenthesed.getJoins().isEmpty();
        if (single && parenthesed.getAlias() != null) {
            Scope inner = new Scope(scope);
            fromItem(parenthesed.getFromItem(), inner);
            Source only = inner.sources.getFirst();
            addSource(scope, parenthesed.getAlias(), only.alias(), only.relation(), only.columns());
            return;
        }
        fromItem(parenthesed.getFromItem(), scope);
        if (parenthesed.getJoins() != null) {
            for (Join join : parenthesed.getJoins()) {
                join(join, scope);
            }
        }
    }

    private Source table(Table table, Scope scope) {
        if (table.getDatabaseName() != null || table.getPivot() != null || table.getUnPivot() != null || table.getSampleClause() != null) {
            throw new Refusal(RejectionCode.UNSUPPORTED_SYNTAX, "relation " + table + " uses syntax PostgreSQL does not have here");
        }
        String name = unquote(table.getName());
        Optional<String> schemaName = Optional.ofNullable(table.getSchemaName()).map(QueryResolver::unquote);
        if (schemaName.isEmpty()) {
            Optional<Columns> cte = scope == null ? Optional.empty() : scope.cte(name);
            if (cte.isPresent()) {
                return addSource(scope, table.getAlias(), name, Optional.empty(), cte.get());
            }
        }
        Relation relation = relation(schemaName, name);
        tablesRead.add(relation.name().toString());
        List<String> columns = new ArrayList<>();
        Set<String> masked = new HashSet<>();
        Set<Integer> hidden = new HashSet<>();
        for (Optional<String> slot : relation.columnSlots()) {
            if (slot.isEmpty()) {
                hidden.add(columns.size());
            } else if (policy.sensitive().masking(relation.name().schema(), relation.name().name(), slot.get()).isPresent()) {
                masked.add(slot.get().toLowerCase(Locale.ROOT));
            }
            columns.add(slot.orElse(""));
        }
        return addSource(scope, table.getAlias(), relation.name().name(), Optional.of(relation.name()),
                new Columns(columns, false, masked, hidden));
    }

    private Relation relation(Optional<String> schemaName, String name) {
        String lowerName = name.toLowerCase(Locale.ROOT);
        boolean systemSchema = schemaName.map(s -> SYSTEM_SCHEMAS.contains(s.toLowerCase(Locale.ROOT))).orElse(false);
        if (SECRET_CATALOGS.contains(lowerName) && (schemaName.isEmpty() || systemSchema)) {
            throw new Refusal(RejectionCode.SECRET_CATALOG, "relation " + name + " holds credentials or server internals and is never readable");
        }
        if (systemSchema) {
            throw new Refusal(RejectionCode.UNKNOWN_TABLE, "system catalog " + schemaName.get() + "." + name
                    + " is not exposed; ask about the schema through the schema tools instead");
        }
        if (schemaName.isPresent()) {
            Optional<Relation> found = schema.relation(schemaName.get(), name);
            if (found.isPresent()) {
                return found.get();
            }
        } else {
            Optional<Relation> inPublic = schema.relation("public", name);
            if (inPublic.isPresent()) {
                return inPublic.get();
            }
            List<Relation> anywhere = schema.relationsNamed(name);
            if (anywhere.size() == 1) {
                return anywhere.getFirst();
            }
            if (anywhere.size() > 1) {
                throw new Refusal(RejectionCode.UNKNOWN_TABLE, "relation " + name + " exists in several schemas; qualify it",
                        anywhere.stream().map(r -> r.name().toString()).toList());
            }
        }
        if (lowerName.startsWith("pg_")) {
            throw new Refusal(RejectionCode.UNKNOWN_TABLE, "system relation " + name + " is not exposed");
        }
        List<String> candidates = new ArrayList<>();
        for (Relation r : schema.relations()) {
            candidates.add(r.name().schema().equals("public") ? r.name().name() : r.name().toString());
        }
        String shown = schemaName.map(s -> s + ".").orElse("") + name;
        return throwUnknownTable(shown, NameDistance.closest(name, candidates, 3));
    }

    private static Relation throwUnknownTable(String name, List<String> suggestions) {
        throw new Refusal(RejectionCode.UNKNOWN_TABLE, "relation " + name + " does not exist", suggestions);
    }

    private void tableFunction(TableFunction tableFunction, Scope scope) {
        Function function = tableFunction.getFunction();
        exposed(() -> expression(function, scope));
        String name = functionName(function);
        Alias alias = tableFunction.getAlias();
        List<String> columns;
        Columns result;
        if (SRF_COLUMNS.containsKey(name)) {
            columns = new ArrayList<>(SRF_COLUMNS.get(name));
            result = Columns.of(columns);
        } else if (name.equals("unnest") || name.equals("generate_series") || name.equals("generate_subscripts")
                || name.equals("regexp_split_to_table") || name.equals("string_to_table") || name.equals("jsonb_object_keys")
                || name.equals("json_object_keys") || name.equals("regexp_matches")) {
            int outputs = name.equals("unnest") && function.getParameters() != null ? function.getParameters().size() : 1;
            columns = new ArrayList<>();
            for (int i = 0; i < outputs; i++) {
                columns.add(alias != null && (alias.getAliasColumns() == null || alias.getAliasColumns().isEmpty()) && outputs == 1
                        ? unquote(alias.getName()) : name);
            }
            result = Columns.of(columns);
        } else {
            result = Columns.OPAQUE;
        }
        String withClause = tableFunction.getWithClause();
        if (withClause != null && withClause.toUpperCase(Locale.ROOT).contains("ORDINALITY") && !result.opaque()) {
            List<String> more = new ArrayList<>(result.names());
            more.add("ordinality");
            result = Columns.of(more);
        }
        addSource(scope, alias, name, Optional.empty(), result);
    }

    private Source addSource(Scope scope, Alias alias, String defaultName, Optional<QualifiedName> relation, Columns columns) {
        String name = defaultName;
        Columns effective = columns;
        if (alias != null) {
            name = unquote(alias.getName());
            if (alias.getAliasColumns() != null && !alias.getAliasColumns().isEmpty()) {
                callNames.add(name.toLowerCase(Locale.ROOT));
                effective = columns.renamed(alias.getAliasColumns().stream().map(c -> unquote(c.name)).toList());
            }
        }
        Source source = new Source(name, relation, effective);
        scope.sources.add(source);
        return source;
    }

    // ---------------------------------------------------------------- expressions

    private void expression(Expression expression, Scope scope) {
        if (expression == null) {
            return;
        }
        Scope saved = walker.scope;
        walker.scope = scope;
        try {
            expression.accept(walker, null);
        } finally {
            walker.scope = saved;
        }
    }

    private void expressionList(ExpressionList<?> list, Scope scope) {
        if (list != null) {
            for (Expression e : list) {
                expression(e, scope);
            }
        }
    }

    private void orderBy(List<OrderByElement> elements, Scope scope) {
        if (elements != null) {
            for (OrderByElement element : elements) {
                expression(element.getExpression(), scope);
            }
        }
    }

    private void windowDefinition(WindowDefinition window, Scope scope) {
        if (window == null) {
            return;
        }
        expressionList(window.getPartitionExpressionList(), scope);
        orderBy(window.getOrderByElements(), scope);
        windowElement(window.getWindowElement(), scope);
    }

    private void windowElement(WindowElement element, Scope scope) {
        if (element == null) {
            return;
        }
        if (element.getOffset() != null) {
            windowOffset(element.getOffset(), scope);
        }
        if (element.getRange() != null) {
            windowOffset(element.getRange().getStart(), scope);
            windowOffset(element.getRange().getEnd(), scope);
        }
    }

    private void windowOffset(WindowOffset offset, Scope scope) {
        if (offset != null) {
            expression(offset.getExpression(), scope);
        }
    }

    private void function(Function function, Scope scope) {
        List<String> parts = function.getMultipartName();
        String name = functionName(function);
        Optional<String> schemaName = parts != null && parts.size() >= 2
                ? Optional.of(unquote(parts.get(parts.size() - 2)).toLowerCase(Locale.ROOT))
                : Optional.empty();
        if (parts != null && parts.size() > 2) {
            throw new Refusal(RejectionCode.FUNCTION_UNKNOWN, "function " + String.join(".", parts) + " is not allowed");
        }
        checkFunctionName(schemaName, name);
        if (function.isEscaped() || function.getKeep() != null || function.getLimit() != null || function.getHavingClause() != null) {
            throw new Refusal(RejectionCode.UNSUPPORTED_SYNTAX, "call of " + name + " uses syntax PostgreSQL does not have");
        }
        ResourceLimits.check(name, function.getParameters(), policy);
        boolean countsRows = name.equals("count") && function.getParameters() != null && function.getParameters().size() == 1
                && function.getParameters().getFirst() instanceof AllColumns star && !(star instanceof AllTableColumns);
        if (!countsRows) { // count(*) reads no column: its star is not a whole row
            expressionList(function.getParameters(), scope);
        }
        if (function.getNamedParameters() != null) {
            expressionList(function.getNamedParameters(), scope);
        }
        orderBy(function.getOrderByElements(), scope);
        if (function.getAttribute() instanceof Expression attribute && !(attribute instanceof Column)) {
            expression(attribute, scope);
        }
    }

    private void checkFunctionName(Optional<String> schemaName, String name) {
        callNames.add(name);
        switch (FunctionPolicy.decide(schemaName, name, policy.allowedFunctions())) {
            case ALLOWED -> { }
            case DENIED -> throw FunctionPolicy.refusal(name);
            case UNKNOWN -> throw new Refusal(RejectionCode.FUNCTION_UNKNOWN,
                    "function " + schemaName.map(s -> s + ".").orElse("") + name + " is not on the list of allowed functions",
                    NameDistance.closest(name, FunctionPolicy.allowedNames(), 3));
        }
    }

    private void analytic(AnalyticExpression analytic, Scope scope) {
        checkFunctionName(Optional.empty(), analytic.getName().toLowerCase(Locale.ROOT));
        if (analytic.getKeep() != null || analytic.getLimit() != null || analytic.getHavingClause() != null) {
            throw new Refusal(RejectionCode.UNSUPPORTED_SYNTAX, "call of " + analytic.getName() + " uses syntax PostgreSQL does not have");
        }
        expression(analytic.getExpression(), scope);
        expression(analytic.getOffset(), scope);
        expression(analytic.getDefaultValue(), scope);
        expression(analytic.getFilterExpression(), scope);
        expressionList(analytic.getPartitionExpressionList(), scope);
        orderBy(analytic.getOrderByElements(), scope);
        orderBy(analytic.getFuncOrderBy(), scope);
        windowElement(analytic.getWindowElement(), scope);
        windowDefinition(analytic.getWindowDefinition(), scope);
    }

    /**
     * Resolves a column reference; {@code bare} when it is a whole select item of a query that is not itself inside an
     * exposing context. {@return whether it is a masked column}
     */
    private boolean column(Column column, Scope scope, boolean bare) {
        String name = unquote(column.getColumnName());
        Table table = column.getTable();
        if (table == null || table.getName() == null) {
            if (VALUE_KEYWORDS.contains(name.toLowerCase(Locale.ROOT)) && !column.getColumnName().startsWith("\"")) {
                return false;
            }
            for (Scope s = scope; s != null; s = s.parent) {
                if (s.outputNamesVisible && s.outputNames.stream().anyMatch(n -> n.equalsIgnoreCase(name))) {
                    return false;
                }
                for (Source source : s.sources) {
                    if (source.columns().hides(name)) {
                        throw SensitiveRules.hiddenColumn("column " + name + " renames a column nl2sql does not expose");
                    }
                    if (source.columns().has(name)) {
                        return masked(source, name, s == scope, bare);
                    }
                    if (source.alias().equalsIgnoreCase(name)) {
                        sensitive.refuseWholeRow(name);
                        return false;
                    }
                }
            }
            throw unknownColumn(name, scope);
        }
        Source source = sourceFor(table, scope).orElseThrow(() -> missingFromEntry(table, scope));
        if (source.columns().hides(name)) {
            throw SensitiveRules.hiddenColumn("column " + source.alias() + "." + name + " renames a column nl2sql does not expose");
        }
        if (!source.columns().has(name)) {
            throw new Refusal(RejectionCode.UNKNOWN_COLUMN, "column " + source.alias() + "." + name + " does not exist",
                    NameDistance.closest(name, source.columns().visibleNames(), 3));
        }
        return masked(source, name, scope.sources.contains(source), bare);
    }

    /**
     * Decides a reference to a column of {@code source}: a masked one may be a bare select item of its own query level
     * (the executor then masks it) or appear where it only filters, joins, groups or orders; anywhere else its value
     * could leave transformed, past the executor's masking.
     */
    private boolean masked(Source source, String name, boolean sameLevel, boolean bare) {
        if (!source.columns().isMasked(name)) {
            return false;
        }
        if (exposing > 0 || (bare && !sameLevel)) {
            throw SensitiveRules.maskedColumn(source.alias(), name);
        }
        return true;
    }

    private Optional<Source> sourceFor(Table table, Scope scope) {
        String qualifier = unquote(table.getName());
        Optional<String> schemaName = Optional.ofNullable(table.getSchemaName()).map(QueryResolver::unquote);
        for (Scope s = scope; s != null; s = s.parent) {
            for (Source source : s.sources.reversed()) {
                boolean nameMatches = source.alias().equalsIgnoreCase(qualifier);
                boolean schemaMatches = schemaName.isEmpty()
                        || source.relation().map(r -> r.schema().equalsIgnoreCase(schemaName.get())).orElse(false);
                if (nameMatches && schemaMatches) {
                    return Optional.of(source);
                }
            }
        }
        return Optional.empty();
    }

    private static Refusal missingFromEntry(Table table, Scope scope) {
        List<String> aliases = new ArrayList<>();
        for (Scope s = scope; s != null; s = s.parent) {
            s.sources.forEach(source -> aliases.add(source.alias()));
        }
        return new Refusal(RejectionCode.UNKNOWN_TABLE, "no relation called " + unquote(table.getName()) + " in the FROM clause",
                NameDistance.closest(unquote(table.getName()), aliases, 3));
    }

    private static Refusal unknownColumn(String name, Scope scope) {
        Set<String> candidates = new LinkedHashSet<>();
        for (Scope s = scope; s != null; s = s.parent) {
            candidates.addAll(s.outputNames);
            s.sources.forEach(source -> candidates.addAll(source.columns().visibleNames()));
        }
        return new Refusal(RejectionCode.UNKNOWN_COLUMN, "column " + name + " does not exist in any relation in scope",
                NameDistance.closest(name, candidates, 3));
    }

    // ---------------------------------------------------------------- names

    private static String outputName(SelectItem<?> item) {
        if (item.getAlias() != null && item.getAlias().getName().startsWith("'")) {
            // PostgreSQL reads "name 'text'" as a constant of type name, e.g. a table's row type: never an alias
            throw new Refusal(RejectionCode.UNSUPPORTED_SYNTAX, "a string after an expression is a typed constant in PostgreSQL, "
                    + "not an alias; write AS name");
        }
        if (item.getAlias() != null) {
            return unquote(item.getAlias().getName());
        }
        Expression expression = item.getExpression();
        while (expression instanceof CastExpression cast) {
            expression = cast.getLeftExpression();
        }
        return switch (expression) {
            case Column column -> unquote(column.getColumnName());
            case Function function -> functionName(function);
            case AnalyticExpression analytic -> analytic.getName().toLowerCase(Locale.ROOT);
            default -> "?column?";
        };
    }

    static String functionName(Function function) {
        List<String> parts = function.getMultipartName();
        String last = parts == null || parts.isEmpty() ? function.getName() : parts.getLast();
        return unquote(last).toLowerCase(Locale.ROOT);
    }

    static String unquote(String identifier) {
        if (identifier != null && identifier.length() >= 2 && identifier.startsWith("\"") && identifier.endsWith("\"")) {
            return identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"");
        }
        return identifier == null ? "" : identifier;
    }

    /** Visits every expression node; the nodes that need a decision are sent back to the resolver. */
    private final class ExpressionWalker extends ExpressionVisitorAdapter<Void> {
        Scope scope;

        @Override
        public <S> Void visit(Column column, S context) {
            QueryResolver.this.column(column, scope, false);
            return null;
        }

        @Override
        public <S> Void visit(AllTableColumns columns, S context) {
            sensitive.refuseWholeRow(columns.getTable() + ".*");
            return null;
        }

        @Override
        public <S> Void visit(AllColumns columns, S context) {
            sensitive.refuseWholeRow("*");
            return null;
        }

        @Override
        public <S> Void visit(Function function, S context) {
            QueryResolver.this.function(function, scope);
            return null;
        }

        @Override
        public <S> Void visit(CastExpression cast, S context) {
            sensitive.castType(cast.getColDataType());
            return super.visit(cast, context);
        }

        @Override
        public <S> Void visit(ExistsExpression exists, S context) {
            if (exists.getRightExpression() instanceof Select select) {
                QueryResolver.this.select(select, scope); // EXISTS reads no column of its subquery: a star there compares nothing
                return null;
            }
            return super.visit(exists, context);
        }

        @Override
        public <S> Void visit(AnalyticExpression analytic, S context) {
            QueryResolver.this.analytic(analytic, scope);
            return null;
        }

        @Override
        public <S> Void visit(ParenthesedSelect select, S context) {
            compared(QueryResolver.this.select(select, scope));
            return null;
        }

        @Override
        public <S> Void visit(Select select, S context) {
            compared(QueryResolver.this.select(select, scope));
            return null;
        }

        @Override
        public <S> Void visit(AnyComparisonExpression any, S context) {
            compared(QueryResolver.this.select(any.getSelect(), scope));
            return null;
        }

        /** A subquery in an expression is compared or returned column by column: a hidden one among them would be tested. */
        private void compared(Columns columns) {
            if (!columns.hidden().isEmpty()) {
                throw SensitiveRules.hiddenColumn("a subquery used as a value or compared with IN/ANY selects a star that holds hidden columns; "
                        + "name the columns instead");
            }
        }

        @Override
        public <S> Void visit(NextValExpression nextVal, S context) {
            throw new Refusal(RejectionCode.FUNCTION_DENIED, "sequence functions change state and are never allowed");
        }

        @Override
        public <S> Void visit(JdbcParameter parameter, S context) {
            throw new Refusal(RejectionCode.UNSUPPORTED_SYNTAX, "statement parameters are not supported; write the value inline");
        }

        @Override
        public <S> Void visit(JdbcNamedParameter parameter, S context) {
            throw new Refusal(RejectionCode.UNSUPPORTED_SYNTAX, "statement parameters are not supported; write the value inline");
        }

        @Override
        public <S> Void visit(UserVariable variable, S context) {
            throw new Refusal(RejectionCode.UNSUPPORTED_SYNTAX, "variables are not PostgreSQL syntax");
        }
    }
}
