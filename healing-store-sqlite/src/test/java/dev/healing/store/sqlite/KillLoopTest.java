package dev.healing.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.store.HealRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Twenty runner JVMs in a row, each killed with SIGKILL mid-write on one store file. */
final class KillLoopTest {
    private static final int KILLS = 20;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void killMinus9_twentyTimesMidWrite_fileIntactAndEveryCommittedBatchKept() throws Exception {
        Path file = dir.resolve("killed.db");
        Fixtures.open(file).close();
        Random random = new Random(20);
        long committed = 0;
        for (int round = 0; round < KILLS; round++) {
            int kill = round;
            Path err = dir.resolve("err-" + kill);
            Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    RunnerProcess.class.getName(), "endless", file.toString(), "victim"))
                    .redirectError(err.toFile()).start();
            int wanted = 1 + random.nextInt(8);
            long seen = 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while (seen < wanted && (line = out.readLine()) != null) {
                    seen = Long.parseLong(line.substring("committed ".length()));
                }
            } finally {
                // SIGKILL while the runner is inside its next batch
                p.destroyForcibly();
            }
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "runner " + kill + " did not die");
            assertEquals(wanted, seen, () -> "runner " + kill + " stopped early: " + readQuietly(err));
            committed += seen;

            try (SqliteStore store = Fixtures.open(file)) {
                assertTrue(store.integrityCheck().isEmpty(), "kill " + kill + ": " + store.integrityCheck());
                List<HealRecord> heals = store.history("victim", 1_000_000);
                assertTrue(heals.size() >= committed * RunnerProcess.BATCH,
                        "kill " + kill + ": committed heals lost: " + heals.size() + " < " + committed
                                * RunnerProcess.BATCH);
                assertEquals(0, heals.size() % RunnerProcess.BATCH, "kill " + kill + ": a batch was half written");
                for (HealRecord h : heals) {
                    assertEquals(h.result().attempts(), h.result().history().size(), "heal " + h.id() + " is torn");
                }
                int versions = 0;
                for (int step = 0; step < 3; step++) {
                    versions += store.versions("victim", step).size();
                }
                assertTrue(versions >= committed, "kill " + kill + ": committed baselines lost: " + versions);
            }
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
