package dev.nl2sql.domain.validation;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.schema.SchemaFingerprint;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.validation.SqlLexer.Kind;
import dev.nl2sql.domain.validation.SqlLexer.Token;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import net.sf.jsqlparser.expression.AllValue;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.Fetch;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableStatement;

/**
 * Decides whether one SQL text is a single read-only query over a schema, and returns it normalised with an enforced
 * LIMIT. A pure function of its arguments: stateless, safe to share between threads, and it never throws on any
 * input text.
 *
 * <p>The text goes through three independent gates. A lexer that follows PostgreSQL's scanner counts statements,
 * reads EXPLAIN options, refuses ambiguous constants and denied function names, and hands JSqlParser a text in which
 * every string constant is a neutral placeholder and every comment a space, so the two parsers cannot disagree about
 * where a constant ends. JSqlParser then builds the tree that {@link QueryResolver} walks to resolve every relation,
 * column and function. Last, every name written in call position must have been seen and checked by that walk.
 */
public final class SqlValidator {

    private static final int MAX_QUEUED_PARSES = 256;
    private static final ExecutorService PARSING = parsingPool();
    private static final String PLACEHOLDER_PREFIX = "nl2sql_literal_";
    private static final String WRAPPER_ALIAS = "nl2sql_limited";
    private static final String OPERATOR_CHARACTERS = "#@~!?%^&|<>=+-*/";

    /** Words that may stand before "(" without being a function: syntax and type names. */
    private static final Set<String> SYNTAX_BEFORE_PARENTHESIS = Set.of(
            "select", "from", "where", "and", "or", "not", "in", "exists", "any", "all", "some", "as", "on", "using",
            "values", "over", "filter", "within", "group", "by", "rollup", "cube", "sets", "array", "row", "cast",
            "extract", "substring", "position", "trim", "overlay", "coalesce", "nullif", "greatest", "least", "lateral",
            "join", "union", "intersect", "except", "case", "when", "then", "else", "is", "like", "ilike", "similar",
            "to", "between", "with", "recursive", "materialized", "distinct", "order", "partition", "window", "limit",
            "offset", "fetch", "having", "numeric", "decimal", "varchar", "char", "character", "varying", "bit", "time",
            "timestamp", "interval", "float", "precision", "zone", "escape", "only", "nulls", "first", "last", "asc",
            "desc", "rows", "range", "groups", "preceding", "following", "unbounded", "current", "ordinality", "at",
            "collate", "symmetric", "asymmetric", "inner", "outer", "left", "right", "full", "cross", "natural", "end",
            "tablesample", "explain", "table", "isnull", "notnull", "do", "default", "returning");

    private static final Set<String> QUERY_STARTS = Set.of("select", "with", "values", "table");
    private static final Set<String> DATA_MODIFYING = Set.of("insert", "update", "delete", "merge", "truncate");
    private static final Set<String> EXPLAIN_OPTIONS = Set.of("costs", "verbose", "settings", "summary", "buffers", "format");
    private static final Set<String> EXPLAIN_BOOLEANS = Set.of("true", "false", "on", "off", "1", "0");
    private static final Set<String> EXPLAIN_FORMATS = Set.of("text", "xml", "json", "yaml");

    private final int cacheSize;
    private final Map<CacheKey, Verdict> verdicts;

    /** A validator that checks every statement afresh. */
    public SqlValidator() {
        this(0);
    }

    private SqlValidator(int cacheSize) {
        this.cacheSize = cacheSize;
        this.verdicts = new ConcurrentHashMap<>();
    }

    /**
     * {@return a validator that remembers up to about {@code entries} verdicts} A verdict depends only on the text, the
     * schema's structure (its fingerprint) and the policy, so a repeated statement (a dashboard's, a benchmark's, a
     * model retrying) costs a map lookup instead of a parse. When full, the cache starts over.
     */
    public static SqlValidator cached(int entries) {
        if (entries < 1) {
            throw new IllegalArgumentException("a cache needs at least one entry, was " + entries);
        }
        return new SqlValidator(entries);
    }

    private record CacheKey(String sql, SchemaFingerprint schema, ValidationPolicy policy) {}

    /** {@return the verdict on {@code sql}: accepted with the normalised text, or rejected with a reason} */
    public Verdict check(String sql, SchemaSnapshot schema, ValidationPolicy policy) {
        requireNonNull(schema, "schema");
        requireNonNull(policy, "policy");
        if (sql == null) {
            return Verdict.rejected(RejectionCode.PARSE_ERROR, "no SQL text was given");
        }
        if (cacheSize == 0 || sql.length() > 4_096) {
            return checkAfresh(sql, schema, policy);
        }
        CacheKey key = new CacheKey(sql, schema.fingerprint(), policy);
        Verdict known = verdicts.get(key);
        if (known != null) {
            return known;
        }
        Verdict verdict = checkAfresh(sql, schema, policy);
        // A parse error may be a parse that ran out of time on a busy machine: not a fact worth remembering.
        if (!(verdict instanceof Verdict.Rejected rejected && rejected.code() == RejectionCode.PARSE_ERROR)) {
            if (verdicts.size() >= cacheSize) {
                verdicts.clear();
            }
            verdicts.put(key, verdict);
        }
        return verdict;
    }

    private Verdict checkAfresh(String sql, SchemaSnapshot schema, ValidationPolicy policy) {
        try {
            return validate(sql, schema, policy);
        } catch (Refusal refusal) {
            return refusal.verdict();
        } catch (RuntimeException | StackOverflowError e) {
            // JSqlParser's tree can hold shapes the walk does not expect; refusing is the safe answer to a surprise.
            return Verdict.rejected(RejectionCode.PARSE_ERROR, "the statement could not be analysed (" + e.getClass().getSimpleName() + ")");
        }
    }

    private Verdict validate(String sql, SchemaSnapshot schema, ValidationPolicy policy) {
        if (sql.length() > policy.maxInputLength()) {
            throw new Refusal(RejectionCode.PARSE_ERROR, "the SQL text is " + sql.length() + " characters long; the limit is " + policy.maxInputLength());
        }
        List<Token> tokens = switch (SqlLexer.lex(sql)) {
            case SqlLexer.Lexed.Tokens lexed -> lexed.tokens();
            case SqlLexer.Lexed.Malformed malformed -> throw new Refusal(RejectionCode.PARSE_ERROR, malformed.reason());
        };
        refuseAmbiguousTokens(tokens, policy);
        List<Token> statement = onlyStatement(tokens);
        List<Token> significant = statement.stream().filter(Token::significant).toList();

        Explain explain = explainPrefix(significant);
        if (explain.prefix().contains("VERBOSE") && policy.sensitive().isActive()) {
            throw new Refusal(RejectionCode.MASKED_COLUMN, "EXPLAIN VERBOSE lists every output column, hidden ones included, and is not "
                    + "allowed on a database with a sensitive data policy; use EXPLAIN without VERBOSE");
        }
        if (explain.prefix().matches(".*FORMAT (JSON|XML|YAML).*") && policy.sensitive().isActive()) {
            // only the text format's lines are read for names and values a view or an index would put into a plan
            throw new Refusal(RejectionCode.MASKED_COLUMN, "EXPLAIN's JSON, XML and YAML formats are not allowed on a database with a "
                    + "sensitive data policy; use EXPLAIN's text format");
        }
        List<Token> query = statement.subList(statement.indexOf(explain.queryStart()), statement.size());
        List<Token> querySignificant = query.stream().filter(Token::significant).toList();
        String first = querySignificant.getFirst().identifier().orElse("(");
        if (!QUERY_STARTS.contains(first) && querySignificant.getFirst().kind() != Kind.OPEN) {
            throw new Refusal(RejectionCode.NOT_READ_ONLY, "only SELECT, WITH, VALUES, TABLE and EXPLAIN of those may run; this is "
                    + querySignificant.getFirst().text().toUpperCase(Locale.ROOT));
        }
        refuseForbiddenWords(querySignificant);

        Map<String, String> literals = new HashMap<>();
        String parserText = parserText(query, querySignificant, literals);
        Select select = parse(parserText, policy.parseTimeout());
        QueryResolver resolver = new QueryResolver(schema, policy);
        resolver.resolve(select);
        refuseUncheckedCalls(querySignificant, resolver.callNames());

        boolean limitApplied = false;
        String normalised;
        if (explain.isExplain()) {
            normalised = select.toString();
        } else {
            LimitResult limited = enforceLimit(select, policy.maxRows());
            limitApplied = limited.applied();
            normalised = limited.sql();
        }
        String restored = explain.prefix() + restoreLiterals(normalised, literals);
        recheck(restored, policy);
        return new Verdict.Accepted(restored, limitApplied, resolver.tablesRead());
    }

    /**
     * The text that will run is JSqlParser's rendering of the checked tree, not the caller's text: run the lexical
     * gates over it again, so that it is still one query with no forbidden word, whatever the rendering did. (A full
     * second parse would double the cost and prove less: JSqlParser agreeing with itself says nothing about
     * PostgreSQL.)
     */
    private static void recheck(String output, ValidationPolicy policy) {
        List<Token> tokens = switch (SqlLexer.lex(output)) {
            case SqlLexer.Lexed.Tokens lexed -> lexed.tokens();
            case SqlLexer.Lexed.Malformed malformed -> throw new Refusal(RejectionCode.UNSUPPORTED_SYNTAX, "the statement could not be normalised safely");
        };
        refuseAmbiguousTokens(tokens, policy);
        List<Token> significant = onlyStatement(tokens).stream().filter(Token::significant).toList();
        Explain explain = explainPrefix(significant);
        List<Token> query = significant.subList(significant.indexOf(explain.queryStart()), significant.size());
        if (!QUERY_STARTS.contains(query.getFirst().identifier().orElse("(")) && query.getFirst().kind() != Kind.OPEN) {
            throw new Refusal(RejectionCode.UNSUPPORTED_SYNTAX, "the statement could not be normalised safely");
        }
        refuseForbiddenWords(query);
    }

    // ---------------------------------------------------------------- lexical gates

    private static void refuseAmbiguousTokens(List<Token> tokens, ValidationPolicy policy) {
        int depth = 0;
        for (Token token : tokens) {
            switch (token.kind()) {
                case OPEN -> {
                    depth++;
                    if (depth > policy.maxNestingDepth()) {
                        throw new Refusal(RejectionCode.PARSE_ERROR, "brackets nest deeper than " + policy.maxNestingDepth() + " levels");
                    }
                }
                case CLOSE -> depth = Math.max(0, depth - 1);
                case PARAMETER -> throw new Refusal(RejectionCode.UNSUPPORTED_SYNTAX,
                        "statement parameters such as " + token.text() + " are not supported; write the value inline");
                case STRING, QUOTED_IDENTIFIER -> {
                    if (token.prefix().equals("U&")) {
                        throw new Refusal(RejectionCode.UNSUPPORTED_SYNTAX,
                                "Unicode-escaped names and strings (U&\"...\", U&'...') are not supported; write the characters directly");
                    }
                    // With standard_conforming_strings off, a backslash before a quote would extend the string:
                    // refuse rather than depend on a server setting.
                    if (token.kind() == Kind.STRING && token.prefix().isEmpty() && token.text().contains("\\'")) {
                        throw new Refusal(RejectionCode.UNSUPPORTED_SYNTAX,
                                "a backslash before a quote makes this string depend on standard_conforming_strings; use E'...' or '' instead");
                    }
                }
                default -> { }
            }
        }
    }

    private static List<Token> onlyStatement(List<Token> tokens) {
        List<List<Token>> statements = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        for (Token token : tokens) {
            if (token.kind() == Kind.SEMICOLON) {
                statements.add(current);
                current = new ArrayList<>();
            } else {
                current.add(token);
            }
        }
        statements.add(current);
        List<List<Token>> nonEmpty = statements.stream().filter(s -> s.stream().anyMatch(Token::significant)).toList();
        if (nonEmpty.isEmpty()) {
            throw new Refusal(RejectionCode.PARSE_ERROR, "the SQL text holds no statement");
        }
        if (nonEmpty.size() > 1) {
            throw new Refusal(RejectionCode.MULTIPLE_STATEMENTS, "the SQL text holds " + nonEmpty.size() + " statements; send exactly one");
        }
        return nonEmpty.getFirst();
    }

    /** The EXPLAIN in front of a query, if any, with the options normalised. */
    private record Explain(boolean isExplain, String prefix, Token queryStart) {}

    private static Explain explainPrefix(List<Token> significant) {
        if (!significant.getFirst().isWord("explain")) {
            return new Explain(false, "", significant.getFirst());
        }
        int i = 1;
        List<String> options = new ArrayList<>();
        if (i < significant.size() && significant.get(i).kind() == Kind.OPEN && significant.get(i).text().equals("(")) {
            i++;
            while (true) {
                Token name = at(significant, i++);
                String option = name.identifier().orElse("").toLowerCase(Locale.ROOT);
                refuseAnalyze(option);
                if (!EXPLAIN_OPTIONS.contains(option)) {
                    throw new Refusal(RejectionCode.UNSUPPORTED_SYNTAX, "EXPLAIN option " + name.text() + " is not allowed; use "
                            + String.join(", ", EXPLAIN_OPTIONS.stream().sorted().toList()));
                }
                Token next = at(significant, i);
                String value = "";
                if (next.kind() == Kind.WORD || next.kind() == Kind.NUMBER) {
                    value = next.text().toLowerCase(Locale.ROOT);
                    boolean valid = option.equals("format") ? EXPLAIN_FORMATS.contains(value) : EXPLAIN_BOOLEANS.contains(value);
                    if (!valid) {
                        throw new Refusal(RejectionCode.UNSUPPORTED_SYNTAX, "EXPLAIN option " + option + " cannot be " + next.text());
                    }
                    next = at(significant, ++i);
                } else if (option.equals("format")) {
                    throw new Refusal(RejectionCode.UNSUPPORTED_SYNTAX, "EXPLAIN option FORMAT needs one of text, xml, json, yaml");
                }
                options.add((option + " " + value).strip().toUpperCase(Locale.ROOT));
                i++;
                if (next.text().equals(")")) {
                    break;
                }
                if (!next.text().equals(",")) {
                    throw new Refusal(RejectionCode.PARSE_ERROR, "EXPLAIN options must be separated by commas, found " + next.text());
                }
            }
        } else {
            while (i < significant.size() && significant.get(i).kind() == Kind.WORD) {
                String word = significant.get(i).text().toLowerCase(Locale.ROOT);
                refuseAnalyze(word);
                if (!word.equals("verbose")) {
                    break;
                }
                options.add("VERBOSE");
                i++;
            }
        }
        Token queryStart = at(significant, i);
        if (queryStart.isWord("explain")) {
            throw new Refusal(RejectionCode.PARSE_ERROR, "EXPLAIN cannot explain another EXPLAIN");
        }
        String prefix = options.isEmpty() ? "EXPLAIN " : "EXPLAIN (" + String.join(", ", options) + ") ";
        return new Explain(true, prefix, queryStart);
    }

    private static void refuseAnalyze(String option) {
        if (option.equals("analyze") || option.equals("analyse")) {
            throw new Refusal(RejectionCode.EXPLAIN_ANALYZE, "EXPLAIN ANALYZE runs the statement; use EXPLAIN without ANALYZE");
        }
    }

    private static Token at(List<Token> significant, int i) {
        if (i >= significant.size()) {
            throw new Refusal(RejectionCode.PARSE_ERROR, "the statement ends too early");
        }
        return significant.get(i);
    }

    private static void refuseForbiddenWords(List<Token> significant) {
        for (int i = 0; i < significant.size(); i++) {
            Token token = significant.get(i);
            Token next = i + 1 < significant.size() ? significant.get(i + 1) : null;
            if (token.isWord("into")) {
                throw new Refusal(RejectionCode.SELECT_INTO, "SELECT ... INTO creates a table; remove the INTO clause");
            }
            if (token.isWord("for") && next != null
                    && (next.isWord("update") || next.isWord("share") || next.isWord("no") || next.isWord("key"))) {
                throw new Refusal(RejectionCode.LOCKING_CLAUSE, "FOR UPDATE/SHARE takes row locks; remove the locking clause");
            }
            if (token.text().equals("(") && next != null && next.kind() == Kind.WORD
                    && DATA_MODIFYING.contains(next.text().toLowerCase(Locale.ROOT))) {
                throw new Refusal(RejectionCode.NOT_READ_ONLY, "a data-modifying statement (" + next.text().toUpperCase(Locale.ROOT)
                        + ") inside the query is not allowed");
            }
            if ((token.kind() == Kind.WORD || token.kind() == Kind.QUOTED_IDENTIFIER) && next != null && next.text().equals("(")
                    && FunctionPolicy.isDenied(token.identifier().orElse("").toLowerCase(Locale.ROOT))) {
                throw FunctionPolicy.refusal(token.identifier().orElse(""));
            }
        }
    }

    /** Every name written before "(" must be syntax, or a function, CTE or alias the resolver has checked. */
    private static void refuseUncheckedCalls(List<Token> significant, Set<String> checked) {
        for (int i = 0; i + 1 < significant.size(); i++) {
            Token token = significant.get(i);
            if (!significant.get(i + 1).text().equals("(")) {
                continue;
            }
            Optional<String> name = token.identifier().map(n -> n.toLowerCase(Locale.ROOT));
            if (name.isEmpty()) {
                continue;
            }
            boolean syntax = token.kind() == Kind.WORD && SYNTAX_BEFORE_PARENTHESIS.contains(name.get());
            if (!syntax && !checked.contains(name.get())) {
                throw new Refusal(RejectionCode.FUNCTION_UNKNOWN, "the call of " + name.get() + " could not be checked, so it is not allowed");
            }
        }
    }

    // ---------------------------------------------------------------- parsing

    private static String parserText(List<Token> query, List<Token> significant, Map<String, String> literals) {
        Set<Token> dropped = new java.util.HashSet<>();
        for (int i = 0; i + 3 < significant.size(); i++) {
            // AS NOT MATERIALIZED is only a planner hint, and JSqlParser 5.3 cannot parse it: drop the hint.
            if (significant.get(i).isWord("as") && significant.get(i + 1).isWord("not")
                    && significant.get(i + 2).isWord("materialized") && significant.get(i + 3).text().equals("(")) {
                dropped.add(significant.get(i + 1));
                dropped.add(significant.get(i + 2));
            }
        }
        StringBuilder text = new StringBuilder();
        for (Token token : query) {
            if (dropped.contains(token)) {
                text.append(' ');
            } else if (token.kind() == Kind.COMMENT) {
                text.append(' ');
            } else if (token.kind() == Kind.STRING) {
                String placeholder = PLACEHOLDER_PREFIX + literals.size();
                literals.put(placeholder, token.text());
                text.append('\'').append(placeholder).append('\'');
            } else {
                text.append(token.text());
            }
        }
        return text.toString().strip();
    }

    private static Select parse(String text, Duration timeout) {
        Statements statements = parseBounded(text, timeout);
        if (statements == null || statements.size() != 1) {
            throw new Refusal(RejectionCode.MULTIPLE_STATEMENTS, "the SQL text must hold exactly one statement");
        }
        Statement statement = statements.getFirst();
        if (!(statement instanceof Select select)) {
            throw new Refusal(RejectionCode.NOT_READ_ONLY, "only queries may run; this is " + statement.getClass().getSimpleName().toUpperCase(Locale.ROOT));
        }
        return select;
    }

    /**
     * Parses on a small shared pool of daemon threads, so that the caller waits at most {@code timeout}. JSqlParser's
     * simple mode parses most queries in about 0.1 ms, but it can take 50 ms to fail on a short malformed text, and
     * its complex mode (needed for a comparison as a function argument, {@code substring(x FROM ...)}) can backtrack
     * for hundreds of milliseconds, in places where it never looks at its {@code interrupted} flag: only another
     * thread can give the caller a hard bound. An overrunning parse is flagged and abandoned; when every pool thread
     * is busy the statement is refused, so a flood of bad SQL costs bounded CPU. (Measured: parsing on the caller's
     * thread under a watchdog saved about a quarter of the median, but let malformed statements run past 60 ms.)
     */
    private static Statements parseBounded(String text, Duration timeout) {
        CCJSqlParser simple = CCJSqlParserUtil.newParser(text).withAllowComplexParsing(false);
        CCJSqlParser complex = CCJSqlParserUtil.newParser(text).withAllowComplexParsing(true);
        Callable<Statements> parse = () -> {
            try {
                return simple.Statements();
            } catch (Exception | StackOverflowError simpleFailure) {
                return complex.Statements();
            }
        };
        Future<Statements> future;
        try {
            future = PARSING.submit(parse);
        } catch (RejectedExecutionException busy) {
            throw new Refusal(RejectionCode.PARSE_ERROR, "the parser is busy with other statements; try again");
        }
        // A caller told to stop still gets the parse's own verdict (it is bounded by the timeout): an interrupt is not the
        // statement's fault, and saying "cannot parse" would be a wrong answer. The interrupt is set again on return.
        boolean interrupted = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                try {
                    return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (TimeoutException e) {
            simple.interrupted = true;
            complex.interrupted = true;
            future.cancel(true);
            throw tooSlow(timeout);
        } catch (ExecutionException e) {
            throw new Refusal(RejectionCode.PARSE_ERROR, "the statement is not SQL the validator can parse: " + firstLine(e.getCause().getMessage()));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Refusal tooSlow(Duration timeout) {
        return new Refusal(RejectionCode.PARSE_ERROR, "the statement could not be parsed within " + timeout.toMillis() + " ms; simplify it");
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true); // nothing here keeps a JVM from exiting
            return thread;
        };
    }

    private static ExecutorService parsingPool() {
        int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(MAX_QUEUED_PARSES), daemons("nl2sql-sql-parser"), new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        // Load and link the generated parser (a few hundred ms) now, not inside the first caller's parse timeout.
        try {
            CCJSqlParserUtil.newParser("SELECT a FROM b WHERE c = 1").Statements();
        } catch (Exception e) {
            throw new IllegalStateException("JSqlParser cannot parse a trivial query", e);
        }
        return pool;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        String line = message.strip().lines().findFirst().orElse("syntax error");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private static String restoreLiterals(String normalised, Map<String, String> literals) {
        List<Token> tokens = switch (SqlLexer.lex(normalised)) {
            case SqlLexer.Lexed.Tokens lexed -> lexed.tokens();
            case SqlLexer.Lexed.Malformed malformed -> throw new Refusal(RejectionCode.UNSUPPORTED_SYNTAX, "the statement could not be normalised safely");
        };
        StringBuilder text = new StringBuilder();
        Token previous = null;
        for (Token token : tokens) {
            if (token.kind() == Kind.COMMENT || token.kind() == Kind.SEMICOLON) {
                throw new Refusal(RejectionCode.UNSUPPORTED_SYNTAX, "the statement could not be normalised safely");
            }
            if (token.kind() == Kind.SYMBOL && OPERATOR_CHARACTERS.indexOf(token.text().charAt(0)) >= 0 && previous != null
                    && (previous.kind() == Kind.WORD || previous.kind() == Kind.QUOTED_IDENTIFIER)) {
                // JSqlParser prints "j#>>'x'", then reads "j#" back as one name; PostgreSQL reads both the same way.
                text.append(' ');
            }
            previous = token;
            if (token.kind() == Kind.STRING && token.prefix().isEmpty()) {
                String inner = token.text().substring(1, token.text().length() - 1);
                text.append(literals.getOrDefault(inner, token.text()));
            } else {
                text.append(token.text());
            }
        }
        return text.toString();
    }

    // ---------------------------------------------------------------- LIMIT

    private record LimitResult(String sql, boolean applied) {}

    private static LimitResult enforceLimit(Select select, int maxRows) {
        if (select instanceof TableStatement table && table.getLimit() == null && table.getOffset() == null
                && table.getFetch() == null && table.getOrderByElements() == null) {
            // TABLE x means SELECT * FROM x, which takes a LIMIT where TABLE x cannot be wrapped in JSqlParser 5.3.
            return new LimitResult("SELECT * FROM " + table.getTable() + " LIMIT " + maxRows, true);
        }
        Select target = select;
        if (select instanceof SetOperationList setOperation && setOperation.getLimit() == null && setOperation.getFetch() == null
                && setOperation.getSelects().getLast() instanceof PlainSelect last && (last.getLimit() != null || last.getFetch() != null)) {
            // JSqlParser 5.3 hangs "a UNION b LIMIT n" on the last branch, where PostgreSQL applies it to the whole.
            target = last;
        }
        if (target instanceof PlainSelect || target instanceof SetOperationList) {
            Optional<Boolean> capped = capInPlace(target, maxRows);
            if (capped.isPresent()) {
                return new LimitResult(select.toString(), capped.get());
            }
        }
        return wrap(select, maxRows);
    }

    /** {@return whether the cap was added or lowered, or empty when the limit is not a plain number and needs a wrapper} */
    private static Optional<Boolean> capInPlace(Select select, int maxRows) {
        Limit limit = select.getLimit();
        Fetch fetch = select.getFetch();
        if (fetch != null) {
            boolean withTies = fetch.getFetchParameters() != null
                    && fetch.getFetchParameters().stream().anyMatch(p -> p.equalsIgnoreCase("TIES"));
            if (limit == null && !withTies && fetch.getExpression() instanceof LongValue count && fits(count)) {
                if (count.getValue() > maxRows) {
                    fetch.setExpression(new LongValue(maxRows));
                    return Optional.of(true);
                }
                return Optional.of(false);
            }
            return Optional.empty();
        }
        boolean absent = limit == null || limit.getRowCount() == null
                || limit.getRowCount() instanceof NullValue || limit.getRowCount() instanceof AllValue;
        if (absent) {
            Limit cap = new Limit().withRowCount(new LongValue(maxRows));
            if (limit != null && limit.getOffset() != null) {
                cap.setOffset(limit.getOffset());
            }
            select.setLimit(cap);
            return Optional.of(true);
        }
        if (limit.getRowCount() instanceof LongValue count && fits(count)) {
            if (count.getValue() > maxRows) {
                limit.setRowCount(new LongValue(maxRows));
                return Optional.of(true);
            }
            return Optional.of(false);
        }
        return Optional.empty();
    }

    private static boolean fits(LongValue value) {
        try {
            value.getValue();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Caps what cannot be capped in place (VALUES, TABLE, WITH TIES, computed limits) by an outer query. */
    private static LimitResult wrap(Select select, int maxRows) {
        return new LimitResult("SELECT * FROM (" + select + ") AS " + WRAPPER_ALIAS + " LIMIT " + maxRows, true);
    }
}
