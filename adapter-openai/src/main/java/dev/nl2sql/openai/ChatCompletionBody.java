package dev.nl2sql.openai;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.theokanning.openai.completion.chat.ChatCompletionRequest;

/**
 * The JSON body sent to {@code chat/completions}: the library's request, flattened, plus the {@code response_format}
 * that the library's request class lacks. Nulls are omitted, as the library's own ObjectMapper does.
 *
 * @param responseFormat {@code null} to send none: a wire detail that never leaves this package
 */
record ChatCompletionBody(@JsonUnwrapped ChatCompletionRequest request,
                          @JsonProperty("response_format") @JsonInclude(JsonInclude.Include.NON_NULL) ResponseFormat responseFormat) {

    ChatCompletionBody {
        requireNonNull(request, "request");
    }

    static ChatCompletionBody of(ChatCompletionRequest request, boolean jsonObject) {
        return new ChatCompletionBody(request, jsonObject ? ResponseFormat.JSON_OBJECT : null);
    }

    boolean asksForJson() {
        return responseFormat != null;
    }

    ChatCompletionBody withoutResponseFormat() {
        return new ChatCompletionBody(request, null);
    }

    /** OpenAI's {@code {"type":"json_object"}}. */
    record ResponseFormat(String type) {
        static final ResponseFormat JSON_OBJECT = new ResponseFormat("json_object");
    }
}
