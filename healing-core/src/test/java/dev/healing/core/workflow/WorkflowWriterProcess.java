package dev.healing.core.workflow;

import dev.healing.api.Point;
import dev.healing.api.Revision;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

/**
 * A runner JVM for {@link WorkflowProcessTest}: heals steps of one workflow file through its own
 * {@link JsonWorkflowStore} and prints each finished change on stdout.
 *
 * <ul>
 *   <li>{@code endless <dir> <id> <steps> <firstIteration>}: forever, iteration {@code i} moves
 *       step {@code i % steps} to {@code (i, step)} and commits, rolling back every fourth; prints
 *       {@code committed <step> <i>} after each commit returned.</li>
 *   <li>{@code heal <dir> <id> <first> <stride> <count> <goFile>}: waits for {@code goFile}, then
 *       heals steps {@code first, first+stride, ...}, all with one fixed clock so that backup
 *       names collide; prints {@code backup <name>}, then {@code committed <step> <x> <y>} or
 *       {@code rolledback <step>}.</li>
 * </ul>
 */
public final class WorkflowWriterProcess {
    private WorkflowWriterProcess() {
    }

    /** Entry point; exits 0 when done (never, for {@code endless}). */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        JsonWorkflowStore store = JsonWorkflowStore.inDirectory(Path.of(args[1]));
        String id = args[2];
        if (args[0].equals("endless")) {
            int steps = Integer.parseInt(args[3]);
            for (long i = Long.parseLong(args[4]); ; i++) {
                int step = (int) (i % steps);
                Revision r = store.move(id, step, new Point((int) i, step), "iteration " + i);
                if (i % 4 == 3) {
                    store.rollback(r);
                } else {
                    store.commit(r);
                    out.println("committed " + step + " " + i);
                }
            }
        }
        int first = Integer.parseInt(args[3]);
        int stride = Integer.parseInt(args[4]);
        int count = Integer.parseInt(args[5]);
        Path go = Path.of(args[6]);
        store = store.withClock(Clock.fixed(Instant.parse("2026-11-30T04:00:00Z"), ZoneOffset.UTC));
        out.println("ready");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(go) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
        for (int k = 0; k < count; k++) {
            int step = first + k * stride;
            Point to = new Point(5000 + step, 6000 + k);
            Revision r = store.move(id, step, to, "process heal " + k);
            out.println("backup " + Path.of(r.backup()).getFileName());
            if (k % 3 == 2) {
                store.rollback(r);
                out.println("rolledback " + step);
            } else {
                store.commit(r);
                out.println("committed " + step + " " + to.x() + " " + to.y());
            }
        }
        out.println("done");
    }
}
