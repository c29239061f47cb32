package dev.nl2sql.domain.template;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** A typed, named parameter of a query template, with an optional default. */
public record TemplateParameter(String name, ParameterType type, String description, Optional<String> defaultValue) {

    public TemplateParameter {
        requireNonNull(name, "name");
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("parameter name must be lower snake_case, was '" + name + "'");
        }
        requireNonNull(type, "type");
        requireNonNull(description, "description");
        requireNonNull(defaultValue, "defaultValue");
    }

    public boolean isRequired() {
        return defaultValue.isEmpty();
    }
}
