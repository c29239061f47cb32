package dev.nl2sql.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonRpcEnvelopeTest {

    @Test
    void letsRequestsNotificationsAndResponsesThrough() {
        assertThat(JsonRpcEnvelope.read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{}}")).isInstanceOf(JsonRpcEnvelope.Sound.class);
        assertThat(JsonRpcEnvelope.read("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"ping\"}")).isInstanceOf(JsonRpcEnvelope.Sound.class);
        assertThat(JsonRpcEnvelope.read("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")).isInstanceOf(JsonRpcEnvelope.Sound.class);
        assertThat(JsonRpcEnvelope.read("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}")).isInstanceOf(JsonRpcEnvelope.Sound.class);
    }

    @Test
    void answersParamsThatAreNotAnObjectWithInvalidParamsAndTheRequestsId() {
        assertThat(JsonRpcEnvelope.read("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":-1}")).isInstanceOfSatisfying(JsonRpcEnvelope.Refusal.class, r -> {
            assertThat(r.code()).isEqualTo(JsonRpcEnvelope.INVALID_PARAMS);
            assertThat(r.json()).contains("\"id\":7", "-32602");
        });
    }

    @Test
    void answersTextThatIsNotJsonWithAParseError() {
        assertThat(JsonRpcEnvelope.read("{\"jsonrpc\":\"2.0\",\"id\":")).isInstanceOfSatisfying(JsonRpcEnvelope.Refusal.class, r -> {
            assertThat(r.code()).isEqualTo(JsonRpcEnvelope.PARSE_ERROR);
            assertThat(r.json()).contains("\"id\":null");
        });
    }

    @Test
    void refusesBatchesAndBareValues() {
        assertThat(JsonRpcEnvelope.read("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]")).isInstanceOfSatisfying(JsonRpcEnvelope.Refusal.class, 
                r -> assertThat(r.message()).contains("batches"));
        assertThat(JsonRpcEnvelope.read("42")).isInstanceOfSatisfying(JsonRpcEnvelope.Refusal.class, r -> assertThat(r.code()).isEqualTo(JsonRpcEnvelope.INVALID_REQUEST));
    }

    @Test
    void refusesIdsThatAreNeitherStringsNorWholeNumbers() {
        for (String id : new String[] {"{}", "[1]", "true", "1.5", "9223372036854775808"}) {
            assertThat(JsonRpcEnvelope.read("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}")).as(id)
                    .isInstanceOfSatisfying(JsonRpcEnvelope.Refusal.class, r -> assertThat(r.id()).isEmpty());
        }
    }

    @Test
    void refusesAMethodThatIsNotAString() {
        assertThat(JsonRpcEnvelope.read("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":5}")).isInstanceOfSatisfying(JsonRpcEnvelope.Refusal.class, 
                r -> assertThat(r.code()).isEqualTo(JsonRpcEnvelope.INVALID_REQUEST));
    }
}
