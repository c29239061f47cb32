package dev.nl2sql.bootstrap.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * One command in a real terminal: a tmux pane of its own, on a tmux server of its own. A server per pane, rather than
 * per test class: the server a previous test killed may still be shutting down, and a session started on it then
 * vanishes ("no server running") before its first screen.
 */
final class TmuxPane implements AutoCloseable {

    private final String socket = "nl2sql-it-" + UUID.randomUUID();

    private TmuxPane() {}

    /** {@return whether tmux is installed} */
    static boolean available() {
        try {
            return new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException absent) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@return a pane of {@code width} x {@code height} running {@code command} in a shell} */
    static TmuxPane start(int width, int height, String command) throws Exception {
        TmuxPane pane = new TmuxPane();
        pane.tmux("new-session", "-d", "-x", Integer.toString(width), "-y", Integer.toString(height), "-s", "it", command);
        return pane;
    }

    /** Sends key names ({@code Tab}, {@code C-u}, {@code Enter}). */
    void keys(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "it"));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** Types {@code text} literally (no key names). */
    void type(String text) throws Exception {
        tmux("send-keys", "-t", "it", "-l", text);
    }

    /** {@return the whole pane with its history, lines joined; with {@code escapes}, colours and attributes kept} */
    String screen(boolean escapes) throws Exception {
        return escapes ? tmux("capture-pane", "-p", "-e", "-J", "-S", "-", "-t", "it") : tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "it");
    }

    /** {@return the screen once it shows what {@code shown} wants, within {@code patience}; fails with the screen otherwise} */
    String await(Predicate<String> shown, String what, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        String screen = screen(false);
        while (!shown.test(screen) && System.nanoTime() < deadline) {
            Thread.sleep(150);
            screen = screen(false);
        }
        assertThat(shown.test(screen)).as("waited for %s; the screen was:\n%s", what, screen).isTrue();
        return screen;
    }

    private String tmux(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }

    @Override
    public void close() throws Exception {
        tmux("kill-server");
    }
}
