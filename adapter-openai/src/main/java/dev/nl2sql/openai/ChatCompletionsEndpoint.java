package dev.nl2sql.openai;

import com.theokanning.openai.completion.chat.ChatCompletionResult;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.POST;

/**
 * The one endpoint this adapter calls. The library's own {@code OpenAiApi} would do, but its request type has no
 * {@code response_format} and its RxJava {@code Single} hides the status and headers (Retry-After) we decide on.
 */
interface ChatCompletionsEndpoint {

    // Relative on purpose: Retrofit resolves it under the base URL's path (e.g. /v1/ or /openai/deployments/x/).
    @POST("chat/completions")
    Call<ChatCompletionResult> create(@Body ChatCompletionBody body);
}
