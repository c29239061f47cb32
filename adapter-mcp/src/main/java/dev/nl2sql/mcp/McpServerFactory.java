package dev.nl2sql.mcp;

import dev.nl2sql.mcp.prompt.ExploreDatabasePrompt;
import dev.nl2sql.mcp.prompt.TemplatePrompts;
import dev.nl2sql.mcp.resource.ConversationResource;
import dev.nl2sql.mcp.resource.HistoryResource;
import dev.nl2sql.mcp.resource.NameCompletions;
import dev.nl2sql.mcp.resource.SchemaResources;
import dev.nl2sql.mcp.resource.SchemaWatch;
import dev.nl2sql.mcp.tool.McpTool;
import dev.nl2sql.mcp.tool.Tools;
import dev.nl2sql.usecase.Conversations;
import dev.nl2sql.usecase.UseCases;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema.ResourcesUpdatedNotification;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/** Builds nl2sql's MCP server: its tools, resources, prompt and completions, over any SDK transport. */
public final class McpServerFactory implements AutoCloseable {

    /**
     * Declared explicitly: the SDK never derives completions, and derives resources only from static ones. Resources
     * can be subscribed to (the SDK keeps the subscriptions and drops a session's when it closes) and their list
     * changes: {@link SchemaWatch} tells both when a schema changes.
     */
    static final ServerCapabilities CAPABILITIES = ServerCapabilities.builder()
            .tools(false).resources(true, true).prompts(false).logging().completions().build();

    static final String INSTRUCTIONS = "nl2sql answers questions about PostgreSQL databases with read-only SQL. "
            + "Find tables with search_schema, read their columns and join paths with describe_table, then run one SELECT "
            + "with run_sql. To have nl2sql write the SQL, use ask (SQL and rows) or generate_sql (SQL only), and pass the "
            + "conversation_id they return to ask a follow-up; list_templates and run_template give the operators' reviewed "
            + "queries. 'database' may be omitted when only one database is configured; max_rows is 1-10000 and the "
            + "database's own cap still applies. Every result has structuredContent and a text form; a refused or failed call "
            + "has isError and structuredContent {code, message, suggestions}: read the message, fix the call and retry. "
            + "Anything that writes is refused. The schema resources can be subscribed to: a changed schema is notified.";

    private final UseCases useCases;
    private final ServerSettings settings;
    private final UnaryOperator<McpServer.SyncSpecification<?>> extras;
    private final Conversations conversations;
    private final List<SchemaWatch> watches = new CopyOnWriteArrayList<>();
    private final CancelledRequests cancelled = new CancelledRequests();

    public McpServerFactory(UseCases useCases, ServerSettings settings) {
        this(useCases, settings, UnaryOperator.identity());
    }

    /** @param extras adds features beyond nl2sql's own, e.g. a test's fixtures */
    public McpServerFactory(UseCases useCases, ServerSettings settings, UnaryOperator<McpServer.SyncSpecification<?>> extras) {
        this.useCases = useCases;
        this.settings = settings;
        this.extras = extras;
        this.conversations = new Conversations(useCases.generateSql(), Conversations.Settings.DEFAULT, Clock.systemUTC());
    }

    /** Stops telling the servers built here about schema changes; each transport closes its own server. */
    @Override
    public void close() {
        watches.forEach(SchemaWatch::close);
    }

    /** Forgets what session {@code sessionId} kept here (its conversations): it ended. */
    public void sessionEnded(String sessionId) {
        conversations.close(sessionId);
    }

    public ServerSettings settings() {
        return settings;
    }

    /** {@return the requests the clients cancelled, shared with the transports} */
    public CancelledRequests cancelled() {
        return cancelled;
    }

    /** {@return {@code tool}, run within the cancellation of the request that calls it} */
    private SyncToolSpecification cancellable(SyncToolSpecification tool) {
        return SyncToolSpecification.builder().tool(tool.tool())
                .callHandler((exchange, request) -> cancelled.run(exchange.sessionId(), CancelledRequests.requestId(exchange.transportContext()),
                        () -> tool.callHandler().apply(exchange, request)))
                .build();
    }

    /** {@return the server, configured on {@code specification} (which names its transport) and built} */
    public McpSyncServer build(McpServer.SyncSpecification<?> specification) {
        SchemaResources resources = new SchemaResources(useCases.exploreSchema());
        TemplatePrompts templatePrompts = new TemplatePrompts(useCases.runTemplate());
        List<SyncToolSpecification> tools = Tools.selected(useCases, conversations, settings.tools()).stream().map(McpTool::specification)
                .map(this::cancellable).toList();
        McpServer.SyncSpecification<?> configured = specification
                .serverInfo("nl2sql", settings.version())
                .instructions(INSTRUCTIONS)
                .capabilities(CAPABILITIES)
                .requestTimeout(Duration.ofSeconds(60))
                .jsonSchemaValidator(FirstCallSchemaValidator.forOwnTools(tools.stream().map(tool -> tool.tool().outputSchema())
                        .filter(Objects::nonNull).toList()))
                .tools(tools)
                .resources(resources.resources())
                .resources(HistoryResource.specification(useCases.queryHistory()))
                .resourceTemplates(resources.templates())
                .resourceTemplates(ConversationResource.specification(conversations))
                .prompts(ExploreDatabasePrompt.specification())
                .completions(new NameCompletions(useCases.exploreSchema()).specifications())
                .prompts(templatePrompts.specifications())
                .completions(templatePrompts.completions());
        McpSyncServer server = extras.apply(configured).build();
        SchemaWatch watch = new SchemaWatch(useCases.exploreSchema());
        watches.add(watch);
        watch.start(settings.schemaCheckInterval(), new SchemaWatch.Notifications() {
            @Override
            public void updated(String uri) {
                server.notifyResourcesUpdated(new ResourcesUpdatedNotification(uri));
            }

            @Override
            public void listChanged() {
                server.notifyResourcesListChanged();
            }
        });
        return server;
    }
}
