package dev.nl2sql.bootstrap.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.LoggerFactory;

/**
 * {@code logging.format: json}: the log lines on stderr become JSON objects, one a line, by Logback's own encoder:
 * timestamp, level, thread, logger, the formatted message and the MDC (call_id, database, surface, error_code while a
 * call runs). Messages are the same as in text: nl2sql never logs a password, a token or a masked value, and the MDC
 * holds identifiers and codes only. The arguments are left out: they are already in the message.
 */
public final class JsonLogs {

    private JsonLogs() {}

    /** Switches every appender of the root logger to JSON lines, from now on. */
    public static void use() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.iteratorForAppenders().forEachRemaining(appender -> {
            if (appender instanceof OutputStreamAppender<ILoggingEvent> stream && !(stream.getEncoder() instanceof JsonEncoder)) {
                JsonEncoder json = new JsonEncoder();
                json.setContext(context);
                json.setWithSequenceNumber(false);
                json.setWithNanoseconds(false);
                json.setWithContext(false);
                json.setWithMessage(false);
                json.setWithArguments(false);
                json.setWithFormattedMessage(true);
                json.start();
                stream.stop();
                stream.setEncoder(json);
                stream.start();
            }
        });
    }
}
