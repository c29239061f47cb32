package dev.nl2sql.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonRpcEnvelopeTest {

    @Test
    void letsRequestsNotificationsAndResponsesThrough() {
        assertThat(JsonRpcEnvelope.check("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{}}")).isEmpty();
        assertThat(JsonRpcEnvelope.check("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"ping\"}")).isEmpty();
        assertThat(JsonRpcEnvelope.check("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")).isEmpty();
        assertThat(JsonRpcEnvelope.check("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}")).isEmpty();
    }

    @Test
    void answersParamsThatAreNotAnObjectWithInvalidParamsAndTheRequestsId() {
        assertThat(JsonRpcEnvelope.check("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":-1}")).hasValueSatisfying(r -> {
            assertThat(r.code()).isEqualTo(JsonRpcEnvelope.INVALID_PARAMS);
            assertThat(r.json()).contains("\"id\":7", "-32602");
        });
    }

    @Test
    void answersTextThatIsNotJsonWithAParseError() {
        assertThat(JsonRpcEnvelope.check("{\"jsonrpc\":\"2.0\",\"id\":")).hasValueSatisfying(r -> {
            assertThat(r.code()).isEqualTo(JsonRpcEnvelope.PARSE_ERROR);
            assertThat(r.json()).contains("\"id\":null");
        });
    }

    @Test
    void refusesBatchesAndBareValues() {
        assertThat(JsonRpcEnvelope.check("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]")).hasValueSatisfying(
                r -> assertThat(r.message()).contains("batches"));
        assertThat(JsonRpcEnvelope.check("42")).hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(JsonRpcEnvelope.INVALID_REQUEST));
    }

    @Test
    void refusesIdsThatAreNeitherStringsNorWholeNumbers() {
        for (String id : new String[] {"{}", "[1]", "true", "1.5", "9223372036854775808"}) {
            assertThat(JsonRpcEnvelope.check("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}")).as(id)
                    .hasValueSatisfying(r -> assertThat(r.id()).isEmpty());
        }
    }

    @Test
    void refusesAMethodThatIsNotAString() {
        assertThat(JsonRpcEnvelope.check("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":5}")).hasValueSatisfying(
                r -> assertThat(r.code()).isEqualTo(JsonRpcEnvelope.INVALID_REQUEST));
    }
}
