package dev.nl2sql.bootstrap.sensitive;

import dev.nl2sql.bootstrap.sensitive.LeakAttempts.Attempt;
import dev.nl2sql.bootstrap.sensitive.LeakAttempts.Reach;
import dev.nl2sql.fixtures.SensitiveCustomers;
import java.util.List;
import java.util.Random;

/**
 * A seeded generator of what a chart is drawn from, over {@link SensitiveCustomers}: statements that put a protected
 * column, reached as {@link LeakAttempts} reaches it (directly, through derived tables, CTEs, alias lists over tables,
 * stars and views, joins, LATERAL), where a chart takes its labels, its measures or its time axis, next to numbers that
 * make a chart of it (window counts, constants, group counts, negatives, dates), grouped or ordered by it, with a row
 * count for every kind (one row, a pie's few, a bar's many, too many); one in five of {@link LeakAttempts}' own
 * statements; and one in eight a question for the offline generator about the protected columns. The same seed gives
 * the same attempts.
 */
final class ChartAttempts {

    /** One attempt: SQL to run, or a question to ask. */
    record Chartable(String family, String text, boolean question) {}

    private static final List<String> MEASURES = List.of("row_number() OVER () AS n", "count(*) OVER () AS total", "7 AS seven",
            "1.5 * row_number() OVER () AS weight", "-(row_number() OVER ()) AS below", "0 AS nothing", "NULL::int AS missing",
            "row_number() OVER (ORDER BY {c}) AS ranked", "sum(1) OVER (PARTITION BY {c}) AS per_value");
    private static final String DAY = "date '2024-01-01' + (row_number() OVER ())::int AS day";
    private static final List<String> SHAPES = List.of(
            "SELECT {c} AS label, {m} FROM {from} LIMIT {k}",
            "SELECT {c}, {m}, {m2} FROM {from} ORDER BY {c} LIMIT {k}",
            "SELECT {c}, count(*) AS n FROM {from} GROUP BY {c} ORDER BY n DESC LIMIT {k}",
            "SELECT {c}, count(*) AS customers FROM {from} GROUP BY 1 ORDER BY 1 LIMIT {k}",
            "SELECT " + DAY + ", {m}, {c} FROM {from} LIMIT {k}",
            "SELECT {c} AS day, {m} FROM {from} ORDER BY 1 LIMIT {k}",
            "SELECT {m}, {c} FROM {from} ORDER BY 1 LIMIT {k}",
            "SELECT {c}, {c} AS again, {m} FROM {from} LIMIT {k}",
            "SELECT DISTINCT {c}, 1 AS one FROM {from} LIMIT {k}",
            "SELECT * FROM (SELECT {c} AS label, {m} FROM {from}) charted LIMIT {k}",
            "SELECT {m}, {m2}, {c} FROM {from} LIMIT {k}");
    private static final List<String> STARS = List.of("SELECT * FROM customers ORDER BY id LIMIT {k}",
            "SELECT *, row_number() OVER () AS n FROM customers LIMIT {k}", "SELECT * FROM customer_cards LIMIT {k}",
            "SELECT *, 1 AS one FROM credit_report LIMIT {k}", "SELECT c.*, o.amount FROM customers c JOIN orders o ON o.customer_id = c.id LIMIT {k}",
            "SELECT * FROM contacts LIMIT {k}", "SELECT * FROM card_contacts LIMIT {k}");
    private static final List<String> ROWS = List.of("1", "2", "3", "5", "6", "7", "12", "30", "50", "51", "60");
    /** Questions the offline generator answers with rows (and some it refuses), over the protected columns. */
    private static final List<String> QUESTIONS = List.of("count of orders by {q}", "number of customers per {q}", "top {k} customers by {q}",
            "total amount of orders by {q}", "average amount of orders per {q}", "{q} of each customer", "customers by {q}",
            "how many customers have each {q}", "customer cards by {q}", "number of contacts per {q}");
    private static final List<String> ASKED = List.of("level", "city", "email", "born", "balance", "last_name", "last name", "profile", "name",
            "contact", "family", "document", "credit score", "amount");

    private final Random random;
    private final LeakAttempts leaks;

    ChartAttempts(long seed) {
        this.random = new Random(seed);
        this.leaks = new LeakAttempts(seed);
    }

    /** {@return the next attempt} */
    Chartable next() {
        int family = random.nextInt(40);
        if (family < 8) {
            Attempt attempt = leaks.next();
            return new Chartable("leak:" + attempt.family(), attempt.sql(), false);
        }
        if (family < 13) {
            return new Chartable("question", pick(QUESTIONS).replace("{q}", pick(ASKED)).replace("{k}", pick(ROWS)), true);
        }
        if (family < 16) {
            return new Chartable("star", pick(STARS).replace("{k}", pick(ROWS)), false);
        }
        Reach reach = leaks.reach();
        String sql = pick(SHAPES).replace("{m2}", pick(MEASURES)).replace("{m}", pick(MEASURES)).replace("{from}", reach.from())
                .replace("{c}", reach.ref()).replace("{k}", pick(ROWS));
        if (!reach.with().isEmpty()) {
            sql = "WITH " + reach.with() + " " + sql;
        }
        return new Chartable("chart:" + reach.family(), sql, false);
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
