package dev.nl2sql.bootstrap.sensitive;

import dev.nl2sql.fixtures.SensitiveCustomers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;

/**
 * A seeded generator of statements that try to get a protected value or a hidden name out of {@link SensitiveCustomers}:
 * a way to reach a protected column (directly, renamed through an alias list over a table, a subquery, a CTE or a
 * star, through a join's merged column or a LATERAL subquery), wrapped in an expression that fails on a value or
 * transforms it ({@code sensitive/fuzz-expressions.txt}), placed in a clause (every clause of a SELECT, subqueries,
 * CTEs, set operations, VALUES, windows, FILTER, LIMIT), plus uses of the table's row type. The same seed gives the
 * same statements.
 */
final class LeakAttempts {

    /** One attempt: its SQL and the family it belongs to, for the summary. */
    record Attempt(String family, String sql) {}

    /** A way to reach a protected column: a WITH item (or none), a FROM clause, and the reference to use. */
    record Reach(String family, String with, String from, String ref) {}

    private static final List<String> PROTECTED = List.of("email", "born", "balance", "profile", "last_name");

    private static final List<String> PLACEMENTS = List.of(
            "SELECT count(*) FROM {from} WHERE {e} > 0",
            "SELECT count(*) FROM {from} WHERE {e}::text = 'x'",
            "SELECT count(*) FROM {from} WHERE {e} BETWEEN 0 AND 1",
            "SELECT count(*) FROM {from} WHERE {e} IN (1, 2)",
            "SELECT count(*) FROM {from} WHERE CASE WHEN {e} > 0 THEN true ELSE false END",
            "SELECT count(*) FROM {from} GROUP BY {e}",
            "SELECT 1 AS one FROM {from} ORDER BY {e} LIMIT 1",
            "SELECT count(*) FROM {from} HAVING max({e}) > 0",
            "SELECT count(*) FROM {from} HAVING string_agg({c}::text, ',')::int > 0",
            "SELECT count(*) FROM {from} JOIN orders o ON o.id = {e}",
            "SELECT count(*) FROM orders o WHERE EXISTS (SELECT 1 FROM {from} WHERE {e} > o.id)",
            "SELECT count(*) FROM orders o WHERE o.customer_id IN (SELECT {e} FROM {from})",
            "SELECT count(*) FROM orders o WHERE o.customer_id IN (SELECT 1 FROM {from} WHERE {e} > 0)",
            "SELECT (SELECT count(*) FROM {from} WHERE {e} > 0) AS n",
            "WITH w AS (SELECT 1 AS one FROM {from} WHERE {e} > 0) SELECT count(*) FROM w",
            "SELECT count(*) FROM orders o, LATERAL (SELECT 1 AS one FROM {from} WHERE {e} > o.id) l",
            "SELECT 1 AS one FROM {from} WHERE {e} > 0 UNION SELECT 2",
            "SELECT count(*) FILTER (WHERE {e} > 0) FROM {from}",
            "SELECT DISTINCT ON ({e}) 1 AS one FROM {from}",
            "SELECT rank() OVER (PARTITION BY {e}) FROM {from}",
            "SELECT count(*) OVER (ORDER BY {e}) FROM {from}",
            "SELECT 1 AS one FROM orders LIMIT (SELECT count(*) FROM {from} WHERE {e} > 0)",
            "SELECT count(*) FROM generate_series(1, 2) g WHERE g < (SELECT count(*) FROM {from} WHERE {e} > 0)",
            "SELECT {e} AS v FROM {from}",
            "SELECT CASE WHEN {e} > 0 THEN 1 END AS v FROM {from}",
            "VALUES ((SELECT max({e}) FROM {from}))",
            "SELECT * FROM {from}",
            "SELECT {c} FROM {from}",
            "SELECT {c} FROM {from} ORDER BY 1",
            "SELECT {c} AS v FROM {from} UNION ALL SELECT NULL",
            "SELECT string_agg({c}::text, ',') AS v FROM {from}",
            "SELECT count(*) FROM {from} GROUP BY {c} HAVING count(*) > 0");

    private static final List<String> ROW_TYPES = List.of(
            "SELECT * FROM json_populate_record(null::customers, '{}')",
            "SELECT * FROM jsonb_populate_record(null::public.customers, '{}')",
            "SELECT * FROM json_populate_recordset(null::customers, '[]')",
            "SELECT * FROM jsonb_populate_recordset(null::\"customers\", '[{}]')",
            "SELECT (null::customers).*",
            "SELECT to_json(null::customers)::text AS v",
            "SELECT row_to_json(null::customers)::text AS v",
            "SELECT json_populate_record(null::customers, '{}')::text AS v",
            "SELECT array_to_json(ARRAY[null::customers])::text AS v",
            "SELECT * FROM unnest(ARRAY[null::customers])",
            "SELECT * FROM unnest('{}'::customers[])",
            "SELECT (CAST(NULL AS customers)).*",
            "SELECT * FROM jsonb_populate_record(null::vault.api_keys, '{}')",
            "SELECT * FROM json_populate_record(null::contacts, '{}')",
            "SELECT pg_typeof(null::customers)::text AS v",
            "SELECT to_jsonb(ROW(1)::customers)::text AS v",
            "SELECT jsonb_populate_record(null::customers, '{}')::text AS v",
            "SELECT (json_populate_record(null::customers, '{}')).*",
            "SELECT * FROM customers NATURAL FULL JOIN (SELECT 'x' AS passport) p",
            "SELECT * FROM customers AS x(a, b, c, d) NATURAL FULL JOIN (SELECT 'x' AS d) p",
            "SELECT * FROM customers AS x(a, b, c, d) FULL JOIN (SELECT 'x' AS d) p USING (d)",
            "SELECT * FROM contacts NATURAL FULL JOIN (SELECT 1 AS id) p",
            "SELECT * FROM customers ORDER BY 4",
            "SELECT DISTINCT * FROM customers",
            "SELECT count(*) FROM customers WHERE (id, name, email, 'x') IN (SELECT id, name, email, passport FROM customers)",
            "SELECT count(*) FROM orders o WHERE (o.id, 'x') IN (SELECT * FROM (SELECT id, passport FROM customers) s)",
            "SELECT count(*) FROM orders o WHERE (1, 'a', 'b', 'c') IN (SELECT * FROM contacts)",
            "TABLE customers",
            "TABLE contacts",
            "TABLE customer_cards",
            "SELECT * FROM card_contacts",
            "SELECT * FROM credit_report ORDER BY 2",
            "SELECT * FROM customers c, LATERAL (SELECT c.*) s",
            "SELECT s.* FROM customers c CROSS JOIN LATERAL (SELECT c.*) AS s(a0, a1, a2, a3)",
            "SELECT * FROM json_populate_record(null::customer_cards, '{}')");

    private final Random random;
    private final List<String> expressions;

    LeakAttempts(long seed) {
        this.random = new Random(seed);
        this.expressions = expressions();
    }

    /** {@return the next attempt} */
    Attempt next() {
        if (random.nextInt(12) == 0) {
            return new Attempt("row-type", pick(ROW_TYPES));
        }
        Reach reach = reach();
        String expression = pick(expressions).replace("{c}", reach.ref());
        String sql = pick(PLACEMENTS).replace("{from}", reach.from()).replace("{e}", expression).replace("{c}", reach.ref());
        if (!reach.with().isEmpty()) {
            sql = sql.startsWith("WITH ") ? "WITH " + reach.with() + ", " + sql.substring(5) : "WITH " + reach.with() + " " + sql;
        }
        return new Attempt(reach.family(), sql);
    }

    /** {@return the next way to reach a protected column, for generators that place it themselves} */
    Reach reach() {
        String column = pick(PROTECTED);
        return switch (random.nextInt(14)) {
            case 0 -> new Reach("direct", "", "customers", column);
            case 1 -> new Reach("direct", "", "customers c", "c." + column);
            case 2 -> new Reach("derived", "", "(SELECT id, " + column + " FROM customers) s", "s." + column);
            case 3 -> new Reach("derived", "", "(SELECT " + column + " AS v FROM customers) s", "s.v");
            case 4 -> new Reach("cte", "t AS (SELECT " + column + " AS v FROM customers)", "t", "t.v");
            case 5 -> aliasList("alias-table", "", "customers AS x");
            case 6 -> aliasList("alias-star", "", "(SELECT * FROM customers) x");
            case 7 -> aliasList("alias-table-star", "", "(SELECT c.* FROM customers c) x");
            case 8 -> aliasList("alias-joined", "", "(customers AS x");
            case 9 -> {
                Reach aliased = aliasList("alias-cte", "", "t");
                String columns = aliased.from().substring(aliased.from().indexOf('('));
                yield new Reach("alias-cte", "t" + columns + " AS (SELECT * FROM customers)", "t", aliased.ref());
            }
            case 10 -> new Reach("join", "", pick(List.of("customers JOIN contacts USING (email)", "customers NATURAL JOIN contacts",
                    "customers JOIN contacts USING (city)", "customers FULL JOIN contacts USING (email)")), pick(List.of("email", "city")));
            case 11 -> new Reach("lateral", "", "orders o, LATERAL (SELECT " + column + " AS v FROM customers c WHERE c.id = o.customer_id) l",
                    "l.v");
            case 12 -> pick(List.of(new Reach("view", "", "customer_cards v", "v." + pick(List.of("contact", "document", "family"))),
                    new Reach("view", "", "card_contacts", "contact"), new Reach("view", "", "credit_report r", "r." + pick(List.of("score", "balance")))));
            default -> aliasList("alias-view", "", pick(List.of("customer_cards AS x", "credit_report AS x")));
        };
    }

    /** An alias list renaming the first k columns of customers; the reference is to any column, by alias or by name. */
    private Reach aliasList(String family, String with, String relation) {
        List<String> columns = relation.startsWith("customer_cards") ? List.of("id", "name", "contact", "document", "family", "city")
                : relation.startsWith("credit_report") ? List.of("id", "score", "balance") : SensitiveCustomers.CUSTOMER_COLUMNS;
        int renamed = 1 + random.nextInt(columns.size());
        StringJoiner aliases = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < renamed; i++) {
            aliases.add("a" + i);
        }
        int target = random.nextInt(columns.size());
        String ref = target < renamed ? "a" + target : columns.get(target);
        String alias = relation.startsWith("(customers") ? relation + aliases + " JOIN orders o ON o.customer_id = x.a0)" : relation + aliases;
        String qualifier = relation.equals("t") ? "t." : "x.";
        return new Reach(family, with, alias, qualifier + ref);
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static List<String> expressions() {
        try (InputStream in = LeakAttempts.class.getResourceAsStream("/sensitive/fuzz-expressions.txt")) {
            List<String> lines = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    lines.add(line.strip());
                }
            }
            return List.copyOf(lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
