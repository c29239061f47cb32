package dev.nl2sql.port;

import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.generation.ChatReply;
import dev.nl2sql.domain.generation.ChatRequest;

/**
 * A language model that writes SQL: an OpenAI-compatible API, the MCP client's own model through sampling, or
 * anything a library user plugs in. Implementations bound their own time and retries and never throw for a model
 * that is down or talks nonsense: that is a {@code LLM_UNAVAILABLE} or {@code LLM_INVALID_REPLY} failure.
 */
public interface LanguageModel {

    /** {@return who answers, for the audit log: e.g. {@code openai:gpt-4o-mini} or {@code sampling}} */
    String name();

    /** {@return the model's reply to {@code request}, or why there is none} */
    Result<ChatReply> chat(ChatRequest request);
}
