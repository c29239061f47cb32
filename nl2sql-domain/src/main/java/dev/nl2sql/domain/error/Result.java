package dev.nl2sql.domain.error;

import static java.util.Objects.requireNonNull;

import java.util.function.Function;

/** A value, or the failure that stopped it from being produced. */
public sealed interface Result<T> {

    /** The value was produced. */
    record Ok<T>(T value) implements Result<T> {
        public Ok {
            requireNonNull(value, "value");
        }
    }

    /** It was not, for the reason {@code failure} gives. */
    record Err<T>(Failure failure) implements Result<T> {
        public Err {
            requireNonNull(failure, "failure");
        }
    }

    static <T> Result<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Result<T> err(Failure failure) {
        return new Err<>(failure);
    }

    /** {@return the value transformed by {@code mapper}, or the same failure} */
    default <U> Result<U> map(Function<? super T, ? extends U> mapper) {
        return switch (this) {
            case Ok<T> ok -> new Ok<>(mapper.apply(ok.value()));
            case Err<T> err -> new Err<>(err.failure());
        };
    }

    /** {@return the value, or throws if this is a failure: for tests and for callers that checked already} */
    default T orElseThrow() {
        return switch (this) {
            case Ok<T> ok -> ok.value();
            case Err<T> err -> throw new IllegalStateException(err.failure().code() + ": " + err.failure().message());
        };
    }
}
