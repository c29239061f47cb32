package dev.nl2sql.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServerSettingsTest {

    @Test
    void loopbackNeedsNoToken() {
        assertThat(ServerSettings.loopback("1", 8080).problem()).isEmpty();
        assertThat(ServerSettings.loopback("1", 8080).withListener("::1", 8080).problem()).isEmpty();
    }

    @Test
    void listeningBeyondLoopbackWithoutTokensIsAProblem() {
        assertThat(ServerSettings.loopback("1", 8080).withListener("0.0.0.0", 8080).problem())
                .hasValueSatisfying(p -> assertThat(p).contains("without bearer tokens"));
    }

    @Test
    void listeningBeyondLoopbackWithATokenIsFine() {
        assertThat(ServerSettings.loopback("1", 8080).withListener("0.0.0.0", 8080).withAuthTokens(List.of("t")).problem()).isEmpty();
    }

    @Test
    void theWebPageNeedsATokenEvenOnLoopback() {
        assertThat(ServerSettings.loopback("1", 8080).withUi(true).problem())
                .hasValueSatisfying(p -> assertThat(p).contains("web page", "without bearer tokens"));
        assertThat(ServerSettings.loopback("1", 8080).withUi(true).withAuthTokens(List.of("t")).problem()).isEmpty();
    }

    @Test
    void blankTokensDoNotCount() {
        assertThat(ServerSettings.loopback("1", 8080).withListener("0.0.0.0", 8080).withAuthTokens(List.of(" ")).problem()).isPresent();
    }
}
