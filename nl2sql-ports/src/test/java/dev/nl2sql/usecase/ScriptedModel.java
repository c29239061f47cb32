package dev.nl2sql.usecase;

import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.generation.ChatMessage;
import dev.nl2sql.domain.generation.ChatReply;
import dev.nl2sql.domain.generation.ChatRequest;
import dev.nl2sql.domain.query.TokenUsage;
import dev.nl2sql.port.LanguageModel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/** A language model that answers from a script, one step per call, and keeps every request it was sent. */
final class ScriptedModel implements LanguageModel {

    private final Deque<Function<ChatRequest, Result<ChatReply>>> script = new ArrayDeque<>();
    private final List<ChatRequest> requests = new ArrayList<>();

    /** {@return a reply holding {@code sql} as the model's JSON answer} */
    static String sql(String sql) {
        return "{\"sql\": \"" + sql + "\", \"explanation\": \"scripted\", \"confidence\": 0.8}";
    }

    ScriptedModel replies(String... contents) {
        for (String content : contents) {
            script.add(request -> Result.ok(new ChatReply(content, new TokenUsage(10, 5), "scripted")));
        }
        return this;
    }

    ScriptedModel fails(Failure failure) {
        script.add(request -> Result.err(failure));
        return this;
    }

    ScriptedModel then(Function<ChatRequest, Result<ChatReply>> step) {
        script.add(step);
        return this;
    }

    List<ChatRequest> requests() {
        return requests;
    }

    /** {@return the last message of request {@code index}: the question, or the correction that followed a draft} */
    String lastMessage(int index) {
        List<ChatMessage> messages = requests.get(index).messages();
        return messages.getLast().content();
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public synchronized Result<ChatReply> chat(ChatRequest request) {
        requests.add(request);
        Function<ChatRequest, Result<ChatReply>> step = script.poll();
        return step == null ? Result.err(new Failure.LlmUnavailable("the script has no more replies")) : step.apply(request);
    }
}
