package dev.nl2sql.library;

import dev.nl2sql.library.config.LlmConfig;
import dev.nl2sql.library.config.Secret;
import dev.nl2sql.openai.OpenAiLanguageModel;
import dev.nl2sql.openai.OpenAiSettings;
import dev.nl2sql.port.LanguageModel;
import java.net.URI;
import java.time.Duration;

/**
 * The configured OpenAI-compatible model. adapter-openai is an optional dependency of the library: this class is the
 * only one that names its types, and it is loaded only when {@code llm.base_url} is set, after checking the adapter is
 * there, so a host that brings its own model never needs Retrofit and OkHttp on its classpath.
 */
final class OpenAiModel {

    private static final int RETRIES = 2;
    private static final Duration BREAKER_OPEN_FOR = Duration.ofSeconds(30);
    private static final String ADAPTER_CLASS = "dev.nl2sql.openai.OpenAiLanguageModel";

    /** The model and the HTTP client behind it, closed with nl2sql. */
    record Client(LanguageModel model, AutoCloseable closer) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            closer.close();
        }
    }

    private OpenAiModel() {}

    static Client create(URI baseUrl, LlmConfig llm) {
        try {
            Class.forName(ADAPTER_CLASS, false, OpenAiModel.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new InvalidConfigurationException(java.util.List.of("llm.base_url is set, but dev.nl2sql:adapter-openai is not on the"
                    + " classpath: add that dependency, or pass your own LanguageModel to Nl2Sql.builder().languageModel(...)"));
        }
        OpenAiLanguageModel model = new OpenAiLanguageModel(new OpenAiSettings(baseUrl, llm.model(), llm.apiKey().map(Secret::value),
                llm.connectTimeout(), llm.readTimeout(), RETRIES, BREAKER_OPEN_FOR));
        return new Client(model, model::close);
    }
}
