package dev.nl2sql.mcp;

import dev.nl2sql.domain.conversation.ConversationId;
import dev.nl2sql.domain.conversation.Turn;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.usecase.Conversations;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code nl2sql://conversations/{conversation_id}}: the turns of one conversation of the reading session, oldest first. */
final class ConversationResource {

    static final String TEMPLATE = "nl2sql://conversations/{conversation_id}";
    private static final Pattern URI = Pattern.compile("nl2sql://conversations/([^/]+)");

    private ConversationResource() {}

    static SyncResourceTemplateSpecification specification(Conversations conversations) {
        return new SyncResourceTemplateSpecification(ResourceTemplate.builder(TEMPLATE, "conversation").title("Conversation turns")
                .mimeType("text/plain")
                .description("The turns of a conversation started by ask or generate_sql in this session, oldest first: each "
                        + "question, the SQL that answered it and a short summary of its result (column names, row count, a "
                        + "few sample rows).").build(),
                (exchange, request) -> {
                    Matcher uri = URI.matcher(request.uri());
                    String id = uri.matches() ? uri.group(1) : "";
                    Result<List<Turn>> turns = ConversationId.isWellFormed(id)
                            ? conversations.turns(Questions.scope(exchange), new ConversationId(id))
                            : Result.err(new Failure.UnknownConversation(id));
                    return switch (turns) {
                        case Result.Err<List<Turn>> err -> throw McpError.builder(ErrorCodes.RESOURCE_NOT_FOUND)
                                .message(err.failure().code().code() + ": " + err.failure().message()).data(request.uri()).build();
                        case Result.Ok<List<Turn>> ok -> ReadResourceResult.builder(List.of(TextResourceContents.builder(request.uri(),
                                text(ok.value())).mimeType("text/plain").build())).build();
                    };
                });
    }

    private static String text(List<Turn> turns) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < turns.size(); i++) {
            text.append(i == 0 ? "" : "\n\n").append("-- turn ").append(i + 1).append('\n').append(turns.get(i).fullText());
        }
        return text.toString();
    }
}
