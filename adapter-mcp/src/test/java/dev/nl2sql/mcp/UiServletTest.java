package dev.nl2sql.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UiServletTest {

    @Test
    void servesThePagesOwnFilesOnly() {
        assertThat(UiServlet.serves("/ui")).isTrue();
        assertThat(UiServlet.serves("/ui/")).isTrue();
        assertThat(UiServlet.serves("/ui/app.js")).isTrue();
        assertThat(UiServlet.serves("/ui/app.css")).isTrue();
    }

    @Test
    void anythingElseIsNotThePageAndStillNeedsAToken() {
        assertThat(UiServlet.serves("/mcp")).isFalse();
        assertThat(UiServlet.serves("/uix")).isFalse();
        assertThat(UiServlet.serves("/ui/../mcp")).isFalse();
        assertThat(UiServlet.serves("/ui/secret.txt")).isFalse();
        assertThat(UiServlet.serves("/metrics")).isFalse();
    }
}
