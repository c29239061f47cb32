package dev.nl2sql.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import org.slf4j.Logger;

/**
 * The assembly's logging, set up in code: every line goes to stderr (stdout belongs to the MCP protocol in stdio
 * mode), {@code dev.nl2sql} at {@code -Dnl2sql.log.level} or {@code NL2SQL_LOG_LEVEL} (default WARN), everything else at WARN. Code rather than a
 * {@code logback.xml}: Logback's XML configurator was about a fifth of the CPU before the first {@code tools/list}.
 * A file named by {@code -Dlogback.configurationFile} still wins.
 */
public final class StderrLogging extends ContextAwareBase implements Configurator {

    static final String LEVEL_VARIABLE = "NL2SQL_LOG_LEVEL";
    /** The same, for one JVM only (tests): child processes do not inherit it. */
    static final String LEVEL_PROPERTY = "nl2sql.log.level";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        // a listener of our own keeps Logback from printing its status messages, which it would do on stdout
        context.getStatusManager().add(new NopStatusListener());
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        String level = System.getProperty(LEVEL_PROPERTY, System.getenv(LEVEL_VARIABLE));
        context.getLogger("dev.nl2sql").setLevel(Level.toLevel(level, Level.WARN));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
