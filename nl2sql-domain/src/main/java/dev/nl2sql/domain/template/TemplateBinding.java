package dev.nl2sql.domain.template;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.validation.NamedParameters;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A template with its arguments checked and typed. {@code sql} holds a typed marker constant per parameter, so the
 * validator checks it like any statement; the values go to the database as JDBC parameters, never as SQL text.
 *
 * @param values the typed value of each parameter, in the order of {@code names}
 */
public record TemplateBinding(QueryTemplate template, String sql, List<String> names, List<Object> values) {

    public TemplateBinding {
        requireNonNull(template, "template");
        requireNonNull(sql, "sql");
        names = List.copyOf(names);
        values = List.copyOf(values);
    }

    /** {@return the template bound to {@code arguments} (raw text, as a person or a model gives them), or what is wrong} */
    public static Result<TemplateBinding> bind(QueryTemplate template, Map<String, String> arguments) {
        Map<String, TemplateParameter> declared = new LinkedHashMap<>();
        template.parameters().forEach(p -> declared.put(p.name(), p));
        Set<String> unknown = new TreeSet<>(arguments.keySet());
        unknown.removeAll(declared.keySet());
        if (!unknown.isEmpty()) {
            return invalid(template, "unknown parameter" + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown)
                    + "; it takes " + (declared.isEmpty() ? "none" : String.join(", ", declared.keySet())));
        }
        Map<String, Object> typed = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (TemplateParameter parameter : declared.values()) {
            String raw = arguments.containsKey(parameter.name()) ? arguments.get(parameter.name()) : parameter.defaultValue().orElse(null);
            if (raw == null) {
                problems.add(parameter.name() + " is required (" + parameter.type().name().toLowerCase(Locale.ROOT) + ": " + parameter.description() + ")");
                continue;
            }
            Result<Object> value = parse(parameter, raw);
            switch (value) {
                case Result.Ok<Object> ok -> typed.put(parameter.name(), ok.value());
                case Result.Err<Object> err -> problems.add(err.failure().message());
            }
        }
        if (!problems.isEmpty()) {
            return invalid(template, String.join("; ", problems));
        }
        List<String> order = new ArrayList<>();
        Result<NamedParameters.Replaced> replaced = NamedParameters.replace(template.sql(), name -> {
            TemplateParameter parameter = declared.get(name);
            if (parameter == null) {
                return ":" + name; // left for the validator to refuse: the template uses a parameter it does not declare
            }
            order.add(name);
            // the :: form, not CAST(... AS ...): JSqlParser takes it after LIMIT and OFFSET too (LIMIT :n)
            return NamedParameters.marker(order.size() - 1) + "::" + sqlType(parameter.type());
        });
        return switch (replaced) {
            case Result.Err<NamedParameters.Replaced> err -> Result.err(err.failure());
            case Result.Ok<NamedParameters.Replaced> ok -> {
                List<String> undeclared = ok.value().names().stream().filter(n -> !declared.containsKey(n)).distinct().toList();
                if (!undeclared.isEmpty()) {
                    yield invalid(template, "its SQL uses undeclared parameter " + String.join(", ", undeclared));
                }
                yield Result.ok(new TemplateBinding(template, ok.value().sql(), order, order.stream().map(typed::get).toList()));
            }
        };
    }

    private static <T> Result<T> invalid(QueryTemplate template, String reason) {
        return Result.err(new Failure.TemplateInvalid("template " + template.name() + ": " + reason));
    }

    private static String sqlType(ParameterType type) {
        return switch (type) {
            case TEXT -> "text";
            case INTEGER -> "bigint";
            case DECIMAL -> "numeric";
            case BOOLEAN -> "boolean";
            case DATE -> "date";
            case TIMESTAMP -> "timestamptz";
        };
    }

    private static Result<Object> parse(TemplateParameter parameter, String raw) {
        String text = raw.strip();
        try {
            return Result.ok(switch (parameter.type()) {
                case TEXT -> raw;
                case INTEGER -> Long.parseLong(text);
                case DECIMAL -> new BigDecimal(text);
                case BOOLEAN -> switch (text.toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "1", "on" -> Boolean.TRUE;
                    case "false", "no", "0", "off" -> Boolean.FALSE;
                    default -> throw new IllegalArgumentException();
                };
                case DATE -> LocalDate.parse(text);
                case TIMESTAMP -> text.length() == 10
                        ? LocalDate.parse(text).atStartOfDay().atOffset(ZoneOffset.UTC)
                        : OffsetDateTime.parse(text);
            });
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Result.err(new Failure.TemplateInvalid(parameter.name() + " must be " + expected(parameter.type()) + ", was '" + raw + "'"));
        }
    }

    private static String expected(ParameterType type) {
        return switch (type) {
            case TEXT -> "text";
            case INTEGER -> "a whole number";
            case DECIMAL -> "a number";
            case BOOLEAN -> "true or false";
            case DATE -> "a date such as 2024-03-31";
            case TIMESTAMP -> "a timestamp such as 2024-03-31T12:00:00Z";
        };
    }
}
