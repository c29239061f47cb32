package dev.nl2sql.cli;

/** What the commands are launched with in tests that must not start a server (their use cases: {@code TestUseCases}). */
final class FakePorts {

    /** Servers for tests that must not start one. */
    static final Launcher.Servers NO_SERVERS = new Launcher.Servers() {
        @Override
        public int stdio() {
            throw new AssertionError("no server should start in this test");
        }

        @Override
        public int http(String bind, int port, boolean stateless) {
            throw new AssertionError("no server should start in this test");
        }
    };

    private FakePorts() {}
}
