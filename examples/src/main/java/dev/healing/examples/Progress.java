package dev.healing.examples;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Locale;

/**
 * A progress line on stderr for long runs ({@code eval-corpus}, {@code report}, a long {@code play}):
 * {@code "label 120/480 (25%)"} rewritten in place, at most a few times a second, and cleared at the end.
 * Silent unless a person is watching a terminal, so redirected output and CI logs stay clean.
 * Not thread-safe: one thread reports.
 */
final class Progress implements AutoCloseable {
    /** Least time between two redraws, in nanoseconds (0.2 s). */
    static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream err;
    private final boolean enabled;
    private final String label;
    private final int total;
    private int done;
    private long lastDraw = Long.MIN_VALUE;
    private int drawnWidth;

    Progress(PrintStream err, boolean enabled, String label, int total) {
        this.err = err;
        this.enabled = enabled;
        this.label = label;
        this.total = total;
    }

    /**
     * @param label what is counted, e.g. {@code "eval-corpus cases"}
     * @param total how many there are, or 0 when unknown
     * @return a progress line on stderr that draws only when the process runs in a terminal
     */
    static Progress onStderr(String label, int total) {
        return new Progress(System.err, interactive(), label, total);
    }

    /** Counts one more done and redraws when enough time has passed. */
    void step() {
        done++;
        long now = System.nanoTime();
        if (enabled && (lastDraw == Long.MIN_VALUE || now - lastDraw >= REDRAW_NANOS || done == total)) {
            lastDraw = now;
            draw();
        }
    }

    /** @return how many {@link #step}s so far */
    int done() {
        return done;
    }

    private void draw() {
        String line = total > 0
                ? String.format(Locale.ROOT, "%s %d/%d (%d%%)", label, done, total, done * 100L / total)
                : label + " " + done;
        err.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
        err.flush();
        drawnWidth = line.length();
    }

    /** Clears the line so that what follows starts on a clean one. */
    @Override
    public void close() {
        if (enabled && drawnWidth > 0) {
            err.print("\r" + " ".repeat(drawnWidth) + "\r");
            err.flush();
            drawnWidth = 0;
        }
    }

    /**
     * Whether a person watches: a console exists and, on Java 22+ where {@code System.console()} is
     * never null, it is a terminal ({@code Console.isTerminal()}, looked up reflectively for Java 17).
     */
    static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
