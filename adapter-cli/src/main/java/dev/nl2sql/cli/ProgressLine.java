package dev.nl2sql.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Shows what a long task is doing on standard error: a spinner redrawn in place on an interactive terminal, plain
 * lines otherwise (so a log or a pipe gets one readable line per step), nothing with {@code --quiet}.
 */
final class ProgressLine implements Consumer<String>, AutoCloseable {

    private static final String FRAMES = "|/-\\";
    private static final long FRAME_MILLIS = 120;

    private final PrintWriter err;
    private final boolean spinning;
    private final boolean quiet;
    private final long started = System.nanoTime();
    private final Thread spinner;
    private volatile String current = "";

    private ProgressLine(PrintWriter err, boolean spinning, boolean quiet) {
        this.err = err;
        this.spinning = spinning && !quiet;
        this.quiet = quiet;
        this.spinner = this.spinning ? Thread.ofPlatform().daemon().name("nl2sql-spinner").unstarted(this::spin) : null;
    }

    /** {@return a progress line on {@code err}: a spinner when {@code terminal}, plain lines otherwise} */
    static ProgressLine on(PrintWriter err, boolean terminal, boolean quiet) {
        ProgressLine line = new ProgressLine(err, terminal, quiet);
        if (line.spinner != null) {
            line.spinner.start();
        }
        return line;
    }

    @Override
    public void accept(String step) {
        if (quiet) {
            return;
        }
        if (spinning) {
            synchronized (this) {
                current = step;
                draw(FRAMES.charAt(0));
            }
        } else {
            synchronized (this) {
                err.println("nl2sql: " + step);
                err.flush();
            }
        }
    }

    private void spin() {
        int frame = 0;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                TimeUnit.MILLISECONDS.sleep(FRAME_MILLIS);
            } catch (InterruptedException stopped) {
                return;
            }
            synchronized (this) {
                if (!current.isEmpty()) {
                    draw(FRAMES.charAt(++frame % FRAMES.length()));
                }
            }
        }
    }

    private void draw(char frame) {
        String text = current.length() > Terminal.width() - 4 ? current.substring(0, Terminal.width() - 5) + "…" : current;
        err.print("\r\u001b[2K\u001b[36m" + frame + "\u001b[0m " + text);
        err.flush();
    }

    /** {@return the time since this line was created} */
    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Stops the spinner and prints {@code summary} as the last line (unless --quiet). */
    void finish(String summary) {
        stop();
        if (!quiet) {
            synchronized (this) {
                err.println(spinning ? "\r\u001b[2K\u001b[32m✓\u001b[0m " + summary : "nl2sql: " + summary);
                err.flush();
            }
        }
    }

    private void stop() {
        if (spinner != null && spinner.isAlive()) {
            spinner.interrupt();
            try {
                spinner.join(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
        if (spinning) {
            synchronized (this) {
                err.print("\r\u001b[2K");
                err.flush();
            }
        }
    }
}
