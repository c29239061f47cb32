package dev.nl2sql.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assembly's logging, set up in code: every line goes to stderr (stdout belongs to the MCP protocol in stdio
 * mode), {@code dev.nl2sql} at {@code -Dnl2sql.log.level} or {@code NL2SQL_LOG_LEVEL} (default WARN), everything else at WARN. Code rather than a
 * {@code logback.xml}: Logback's XML configurator was about a fifth of the CPU before the first {@code tools/list}.
 * A file named by {@code -Dlogback.configurationFile} still wins, format included. {@code logging.format: json} is read
 * with the rest of the configuration, after Logback started: {@link #json()} then swaps this appender's encoder.
 */
public final class StderrLogging extends ContextAwareBase implements Configurator {

    static final String LEVEL_VARIABLE = "NL2SQL_LOG_LEVEL";
    /** The same, for one JVM only (tests): child processes do not inherit it. */
    static final String LEVEL_PROPERTY = "nl2sql.log.level";
    /** The appender set up here, the only one {@link #json()} changes. */
    static final String APPENDER = "STDERR";

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
        stderr.setName(APPENDER);
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

    /**
     * {@code logging.format: json}: from now on the lines on stderr are JSON objects, one a line, by Logback's own
     * encoder: timestamp, level, thread, logger, the formatted message and the MDC (call_id, database, surface,
     * error_code while a call runs). Messages are the same as in text: nl2sql never logs a password, a token or a masked
     * value, and the MDC holds identifiers and codes only. The arguments are left out: they are already in the message.
     * Under a configuration file of the operator's ({@code -Dlogback.configurationFile}) nothing changes: its own
     * encoders decide the format.
     */
    static void json() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        if (System.getProperty("logback.configurationFile") != null
                || !(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(APPENDER) instanceof ConsoleAppender<ILoggingEvent> stderr)
                || stderr.getEncoder() instanceof JsonEncoder) {
            return;
        }
        JsonEncoder json = new JsonEncoder();
        json.setContext(context);
        json.setWithSequenceNumber(false);
        json.setWithNanoseconds(false);
        json.setWithContext(false);
        json.setWithMessage(false);
        json.setWithArguments(false);
        json.setWithFormattedMessage(true);
        json.start();
        stderr.stop();
        stderr.setEncoder(json);
        stderr.start();
    }
}
