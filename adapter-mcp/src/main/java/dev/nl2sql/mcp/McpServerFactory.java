package dev.nl2sql.mcp;

import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.usecase.Conversations;
import dev.nl2sql.usecase.UseCases;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncCompletionSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema.ResourcesUpdatedNotification;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

// The adapter is one package on purpose: Java can hide a class only from other packages (and JPMS is not used here), so
// the tools, resources, prompts and both transports live beside this factory as package-private parts, as HikariCP keeps
// its pool's parts in one package. Public are only the entry points (this factory, HttpServer) and the types their
// callers name (ServerSettings, ToolSelection, Operations); ArchitectureTest in app-bootstrap holds the rest to that.
/** Builds nl2sql's MCP server: its tools, resources, prompt and completions, over any SDK transport. */
public final class McpServerFactory implements AutoCloseable {

    /**
     * Declared explicitly: the SDK never derives completions, and derives resources only from static ones. Resources
     * can be subscribed to (the SDK keeps the subscriptions and drops a session's when it closes) and their list
     * changes: {@link SchemaWatch} tells both when a schema changes. The tool list can change too: over stdio it may be
     * answered from the last start's snapshot ({@link EarlyStdio}), and the client is told when this server's differs.
     */
    static final ServerCapabilities CAPABILITIES = ServerCapabilities.builder()
            .tools(true).resources(true, true).prompts(false).logging().completions().build();

    static final String INSTRUCTIONS = "nl2sql answers questions about PostgreSQL databases with read-only SQL. "
            + "Find tables with search_schema, read their columns and join paths with describe_table, then run one SELECT "
            + "with run_sql. To have nl2sql write the SQL, use ask (SQL and rows) or generate_sql (SQL only), and pass the "
            + "conversation_id they return to ask a follow-up; list_templates and run_template give the operators' reviewed "
            + "queries. 'database' may be omitted when only one database is configured; max_rows is 1-10000 and the "
            + "database's own cap still applies. Every result has structuredContent and a text form; a refused or failed call "
            + "has isError and structuredContent {code, message, suggestions}: read the message, fix the call and retry. "
            + "Anything that writes is refused. The schema resources can be subscribed to: a changed schema is notified.";

    /**
     * Without a session the server cannot call the client back or notify it: what needs that is said unavailable, in the
     * capabilities (no subscribe, no list_changed, no logging) and under {@code experimental}, for clients that read it.
     * Cancellation too: a request's id is unique only within its session, so without one a client could cancel another's
     * call, and the notification may reach another replica anyway.
     */
    static final ServerCapabilities STATELESS_CAPABILITIES = ServerCapabilities.builder()
            .tools(false).resources(false, false).prompts(false).completions()
            .experimental(Map.of("nl2sql/stateless", Map.of("unavailable",
                    List.of("sampling", "resources/subscribe", "notifications/resources", "logging", "progress",
                            "notifications/cancelled"))))
            .build();

    static final String STATELESS_INSTRUCTIONS = " This server is stateless (any replica answers any request): sampling, "
            + "resource subscriptions, cancellation, progress and log notifications are unavailable, so SQL is written by nl2sql's own model or "
            + "offline; a conversation_id works on every replica.";

    /** The database part of a schema or table resource's URI. */
    private static final Pattern SCHEMA_URI = Pattern.compile("nl2sql://databases/([^/]+)/");

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
        this.conversations = useCases.conversations();
    }

    /** Stops telling the servers built here about schema changes; each transport closes its own server. */
    @Override
    public void close() {
        watches.forEach(SchemaWatch::close);
    }

    /** Forgets what session {@code sessionId} kept here (its conversations): it ended. */
    void sessionEnded(String sessionId) {
        conversations.close(sessionId);
    }

    /**
     * A client subscribes to {@code uri}: if it names a configured database's schema or one of its tables, that schema
     * is read now, into the cache every reader shares, unless it already is there. The watch re-reads only schemas
     * someone has read, so the subscription is answered after this returns: every change from then on is told.
     */
    void subscribing(String uri) {
        Matcher database = SCHEMA_URI.matcher(uri);
        if (!database.lookingAt()) {
            return;
        }
        String name = URLDecoder.decode(database.group(1), StandardCharsets.UTF_8);
        useCases.exploreSchema().databases().stream().map(DatabaseIdentity::name).filter(known -> known.value().equals(name))
                .findFirst().ifPresent(known -> useCases.exploreSchema().schema(known));
    }

    ServerSettings settings() {
        return settings;
    }

    /** {@return the requests the clients cancelled, shared with the transports} */
    CancelledRequests cancelled() {
        return cancelled;
    }

    /**
     * Serves MCP over the process's stdin and stdout until stdin ends; from now on {@code System.out} goes to stderr, so
     * that stdout carries nothing but the protocol.
     *
     * @return the exit code: 0
     */
    public int serveStdio() {
        return StdioServer.serve(this, settings.maxRequestSize());
    }

    /** Serves MCP on {@code in} and {@code out}, one message a line, until {@code in} ends; {@return the exit code: 0} */
    public int serveStdio(InputStream in, OutputStream out) {
        return StdioServer.serve(this, in, out, settings.maxRequestSize());
    }

    /**
     * Serves MCP over the stdio session {@code early} began (answering from the last start's snapshot, or not) until its
     * input ends, and keeps this server's answers to {@code initialize} and {@code tools/list} for the next start.
     *
     * @return the exit code: 0
     */
    public int serveStdio(EarlyStdio early) {
        return StdioServer.serve(this, early, settings.maxRequestSize());
    }

    /**
     * {@return {@code tool}, run within the cancellation of the request that calls it, and as part of the trace its
     * caller sent} Every call of our tools passes here, whichever transport and whether the SDK dispatched it or not.
     */
    private SyncToolSpecification withinItsRequest(SyncToolSpecification tool) {
        return SyncToolSpecification.builder().tool(tool.tool())
                .callHandler((exchange, request) -> CallerTraces.of(request, exchange.transportContext()).within(() -> cancelled.run(
                        exchange.sessionId(), CancelledRequests.requestId(exchange.transportContext()), () -> tool.callHandler().apply(exchange, request))))
                .build();
    }

    /**
     * A server as built, its own tools (for a transport that calls them without the SDK's dispatch), and what it does
     * once started: watch its schemas (the first watch reads every schema) and load what the first question reads,
     * which a transport may put off until its client is past start-up.
     */
    record Served(McpSyncServer server, ToolCalls toolCalls, Runnable afterStartUp) {}

    /**
     * {@return the server, configured on {@code specification} (which names its transport) and built, with its tools; not
     * yet started (its schemas not yet watched)}
     */
    Served serve(McpServer.SyncSpecification<?> specification) {
        Features features = features();
        JsonSchemaValidator validator = features.schemaValidator();
        McpServer.SyncSpecification<?> configured = specification
                .serverInfo("nl2sql", settings.version())
                .instructions(INSTRUCTIONS)
                .capabilities(CAPABILITIES)
                .requestTimeout(Duration.ofSeconds(60))
                .jsonSchemaValidator(validator)
                .tools(features.tools())
                .resources(features.resources())
                .resourceTemplates(features.resourceTemplates())
                .prompts(features.prompts())
                .completions(features.completions());
        McpSyncServer server = extras.apply(configured).build();
        SchemaWatch watch = new SchemaWatch(useCases.exploreSchema());
        watches.add(watch);
        AtomicBoolean started = new AtomicBoolean();
        Runnable afterStartUp = () -> {
            if (!started.get() && started.compareAndSet(false, true)) { // a read, not a write, on every later answer
                useCases.generateSql().prepare();
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
            }
        };
        return new Served(server, new ToolCalls(features.tools(), validator), afterStartUp);
    }

    /**
     * {@return the same tools, resources, prompts and completions, served without sessions on {@code specification}}
     * Nothing is watched: there is no session to tell of a changed schema.
     */
    McpStatelessSyncServer buildStateless(McpServer.StatelessSyncSpecification specification) {
        Features features = features();
        return specification
                .serverInfo("nl2sql", settings.version())
                .instructions(INSTRUCTIONS + STATELESS_INSTRUCTIONS)
                .capabilities(STATELESS_CAPABILITIES)
                .requestTimeout(Duration.ofSeconds(60))
                .jsonSchemaValidator(features.schemaValidator())
                .tools(features.tools().stream().map(StatelessExchange::tool).toList())
                .resources(features.resources().stream().map(StatelessExchange::resource).toList())
                .resourceTemplates(features.resourceTemplates().stream().map(StatelessExchange::resourceTemplate).toList())
                .prompts(features.prompts().stream().map(StatelessExchange::prompt).toList())
                .completions(features.completions().stream().map(StatelessExchange::completion).toList())
                .build();
    }

    /** What a server offers, whichever transport serves it. */
    private record Features(List<SyncToolSpecification> tools, List<SyncResourceSpecification> resources,
            List<SyncResourceTemplateSpecification> resourceTemplates, List<SyncPromptSpecification> prompts,
            List<SyncCompletionSpecification> completions) {

        /** {@return a validator that compiles each of these tools' schemas on its first call, not at start} */
        JsonSchemaValidator schemaValidator() {
            return FirstCallSchemaValidator.forOwnTools(tools.stream().map(tool -> tool.tool().inputSchema()).filter(Objects::nonNull).toList(),
                    tools.stream().map(tool -> tool.tool().outputSchema()).filter(Objects::nonNull).toList());
        }
    }

    private Features features() {
        SchemaResources resources = new SchemaResources(useCases.exploreSchema());
        TemplatePrompts templatePrompts = new TemplatePrompts(useCases.runTemplate());
        List<SyncResourceSpecification> all = new ArrayList<>(resources.resources());
        all.add(HistoryResource.specification(useCases.queryHistory()));
        List<SyncResourceTemplateSpecification> templates = new ArrayList<>(resources.templates());
        templates.add(ConversationResource.specification(conversations));
        List<SyncPromptSpecification> prompts = new ArrayList<>(List.of(ExploreDatabasePrompt.specification()));
        prompts.addAll(templatePrompts.specifications());
        List<SyncCompletionSpecification> completions = new ArrayList<>(new NameCompletions(useCases.exploreSchema()).specifications());
        completions.addAll(templatePrompts.completions());
        return new Features(Tools.selected(useCases, conversations, settings.tools()).stream().map(this::withinItsRequest).toList(), all,
                templates, prompts, completions);
    }
}
