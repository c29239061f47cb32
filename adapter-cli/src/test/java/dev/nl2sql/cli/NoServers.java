package dev.nl2sql.cli;

/** Servers for the commands of tests that must not start one (their use cases come from {@code TestUseCases}). */
final class NoServers implements Launcher.Servers {

    @Override
    public int stdio() {
        throw new AssertionError("no server should start in this test");
    }

    @Override
    public int http(String bind, int port, boolean stateless) {
        throw new AssertionError("no server should start in this test");
    }
}
