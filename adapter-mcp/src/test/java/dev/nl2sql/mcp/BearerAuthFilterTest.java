package dev.nl2sql.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BearerAuthFilterTest {

    private final BearerAuthFilter filter = new BearerAuthFilter(List.of("first-token", "second"));

    @Test
    void acceptsEveryConfiguredToken() {
        assertThat(filter.isAuthorized("Bearer first-token")).isTrue();
        assertThat(filter.isAuthorized("bearer second")).isTrue();
    }

    @Test
    void refusesMissingWrongAndPrefixTokens() {
        assertThat(filter.isAuthorized(null)).isFalse();
        assertThat(filter.isAuthorized("Bearer first")).isFalse();
        assertThat(filter.isAuthorized("Bearer first-token-and-more")).isFalse();
        assertThat(filter.isAuthorized("Basic Zmlyc3QtdG9rZW4=")).isFalse();
        assertThat(filter.isAuthorized("first-token")).isFalse();
    }

    @Test
    void needsAtLeastOneToken() {
        assertThatThrownBy(() -> new BearerAuthFilter(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
