package dev.healing.store.sqlite;

import dev.healing.api.store.HealEvent;
import dev.healing.api.Baseline;
import dev.healing.api.Cost;
import dev.healing.api.Image;
import dev.healing.api.Point;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A runner in its own JVM, started by {@link MultiProcessTest}: {@code mixed DB RUNNER COUNT} does
 * COUNT mixed single writes and exits 0; {@code endless DB RUNNER} writes batches until killed,
 * printing {@code committed N} after each commit; {@code trust DB RUNNER COUNT} records COUNT
 * verified heals in the shared workflow's trust. Any failure is printed and exits 3.
 */
final class RunnerProcess {
    static final String SHARED = "shared";
    static final int SHARED_STEPS = 8;
    static final String HASH = "00ff00ff00ff00ff";
    static final int BATCH = 50;

    private RunnerProcess() {
    }

    public static void main(String[] args) {
        try (SqliteStore store = SqliteStore.builder().path(Path.of(args[1])).busyTimeout(Duration.ofSeconds(30))
                .build()) {
            String runner = args[2];
            if (args[0].equals("trust")) {
                for (int i = 0; i < Integer.parseInt(args[3]); i++) {
                    store.record(SHARED, dev.healing.api.TrustLedger.Event.VERIFIED);
                }
                System.out.println("done");
            } else if (args[0].equals("mixed")) {
                mixed(store, runner, Integer.parseInt(args[3]));
                System.out.println("done");
            } else {
                endless(store, runner);
            }
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(3);
        }
    }

    /** Baseline versions and memory counts contended by every runner; heals and step runs per runner. */
    private static void mixed(SqliteStore store, String runner, int count) {
        Image crop = Fixtures.image(20, 20, runner.hashCode());
        for (int i = 0; i < count; i++) {
            switch (i % 4) {
                case 0 -> store.save(new Baseline(SHARED, i / 4 % SHARED_STEPS, Point.of(5, 5), crop, null,
                        Instant.now(), runner + "/" + i));
                case 1 -> store.record(SHARED, 0, HASH, Point.of(1, 1), crop, true, Instant.now());
                case 2 -> store.recordHeal(Fixtures.request(runner, i), Fixtures.healed(runner, i, "template",
                        new Cost(1, 10, 1, 0.001)));
                default -> store.recordStepRun(runner, 0, 0.9, true);
            }
        }
    }

    /** Batches of {@value #BATCH} heals and a baseline with a full frame, forever. */
    private static void endless(SqliteStore store, String runner) {
        Image frame = Fixtures.image(320, 240, 7);
        Image crop = Fixtures.image(20, 20, 8);
        long committed = 0;
        for (int round = 0; ; round++) {
            List<HealEvent> events = new ArrayList<>(BATCH);
            for (int k = 0; k < BATCH; k++) {
                events.add(HealEvent.of(Fixtures.request(runner, k), Fixtures.healed(runner, k, "vision", Cost.FREE)));
            }
            store.recordHeals(events);
            store.save(new Baseline(runner, round % 3, Point.of(50, 50), crop, frame, Instant.now(), "round " + round));
            committed++;
            System.out.println("committed " + committed);
            System.out.flush();
        }
    }
}
