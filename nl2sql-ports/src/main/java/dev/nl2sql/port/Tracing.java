package dev.nl2sql.port;

/**
 * Follows each call through its stages (the question, linking, the model, validation, execution, the audit), e.g. as
 * OpenTelemetry spans exported to a collector, so a request can be followed across replicas. The core only opens and
 * closes stages; what they become is the adapter's business.
 */
@FunctionalInterface
public interface Tracing {

    /** Follows nothing. */
    Tracing NONE = stage -> Stage.NONE;

    /** {@return a stage named {@code name}, inside the stage open on this thread, if any; close it on this thread} */
    Stage start(String name);

    /** One open stage of a call. */
    interface Stage extends AutoCloseable {

        /** A stage that records nothing. */
        Stage NONE = new Stage() {
            @Override
            public void attribute(String key, String value) {
                // nothing to record
            }

            @Override
            public void failed(String code) {
                // nothing to record
            }

            @Override
            public void close() {
                // nothing open
            }
        };

        /** Records {@code key} = {@code value}: identifiers (call id, database, surface), never values from the data. */
        void attribute(String key, String value);

        /** Marks the stage as failed with {@code code}, a stable error code. */
        void failed(String code);

        /** Ends the stage. */
        @Override
        void close();
    }
}
