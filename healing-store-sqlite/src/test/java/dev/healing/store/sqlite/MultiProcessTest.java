package dev.healing.store.sqlite;

import dev.healing.api.store.BaselineVersion;
import dev.healing.api.store.HealRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.RememberedFix;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Several runner JVMs on one file: nothing lost, no SQLITE_BUSY, a kill -9 leaves no torn record. */
final class MultiProcessTest {
    private static final int RUNNERS = 4;
    private static final int WRITES = 2000;

    @TempDir
    Path dir;

    /** Starts a runner JVM on the test class path; its stderr goes to {@code err}. */
    private static Process start(Path err, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                // Java 17+ accepts it; 24+ would otherwise warn on stderr when sqlite-jdbc loads its library.
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                RunnerProcess.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(err.toFile()).start();
    }

    /**
     * SQLite's busy and locked errors as sqlite-jdbc reports them: the result codes SQLITE_BUSY and
     * SQLITE_LOCKED (with their extended forms, e.g. SQLITE_BUSY_SNAPSHOT) and SQLite's own messages
     * "database is locked" and "database table is locked". Not any English word that contains
     * "locked": Java 24+ warns that restricted methods "will be blocked".
     */
    static final Pattern BUSY_OR_LOCKED =
            Pattern.compile("\\bSQLITE_(?:BUSY|LOCKED)(?:_[A-Z]+)?\\b|\\bdatabase (?:table )?is locked\\b");

    static boolean reportsBusyOrLocked(String stderr) {
        return BUSY_OR_LOCKED.matcher(stderr).find();
    }

    @Test
    void reportsBusyOrLocked_sqliteErrorsOnly_notJavaWarnings() {
        assertTrue(reportsBusyOrLocked("org.sqlite.SQLiteException: [SQLITE_BUSY] The database file is locked"
                + " (database is locked)"));
        assertTrue(reportsBusyOrLocked("[SQLITE_BUSY_SNAPSHOT] Another database connection has already written"));
        assertTrue(reportsBusyOrLocked("[SQLITE_LOCKED] A table in the database is locked (database table is locked)"));
        assertTrue(reportsBusyOrLocked("Caused by: database is locked"));
        assertFalse(reportsBusyOrLocked("WARNING: Restricted methods will be blocked in a future release unless"
                + " native access is enabled"));
        assertFalse(reportsBusyOrLocked("WARNING: A restricted method in java.lang.System has been called\n"
                + "WARNING: Use --enable-native-access=ALL-UNNAMED to avoid a warning for callers in this module"));
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void fourRunners_mixedWrites_loseNothingAndNeverSeeBusy() throws Exception {
        Path file = dir.resolve("shared.db");
        Fixtures.open(file).close();
        List<Process> processes = new ArrayList<>();
        try {
            for (int r = 0; r < RUNNERS; r++) {
                processes.add(start(dir.resolve("err-" + r), "mixed", file.toString(), "runner-" + r,
                        String.valueOf(WRITES)));
            }
            for (int r = 0; r < RUNNERS; r++) {
                Process p = processes.get(r);
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "runner " + r + " did not finish");
                String err = read(dir.resolve("err-" + r));
                assertEquals(0, p.exitValue(), "runner " + r + " failed:\n" + err);
                assertTrue(out.contains("done"), out);
                assertFalse(reportsBusyOrLocked(err), err);
            }
        } finally {
            processes.forEach(Process::destroyForcibly);
        }

        int quarter = WRITES / 4;
        try (SqliteStore store = Fixtures.open(file)) {
            assertTrue(store.integrityCheck().isEmpty(), store.integrityCheck().toString());
            int versions = 0;
            for (int step = 0; step < RunnerProcess.SHARED_STEPS; step++) {
                List<BaselineVersion> list = store.versions(RunnerProcess.SHARED, step);
                for (int i = 0; i < list.size(); i++) {
                    assertEquals(i + 1, list.get(i).version(), "versions are 1..n without gaps");
                }
                assertEquals(1, list.stream().filter(BaselineVersion::current).count());
                versions += list.size();
            }
            assertEquals(RUNNERS * quarter, versions, "baseline saves lost");
            RememberedFix fix = store.recall(RunnerProcess.SHARED, 0, RunnerProcess.HASH).get(0);
            assertEquals(RUNNERS * quarter, fix.successes(), "memory counts lost");
            for (int r = 0; r < RUNNERS; r++) {
                String runner = "runner-" + r;
                List<HealRecord> heals = store.history(runner, 10_000);
                assertEquals(quarter, heals.size(), "heals lost for " + runner);
                assertTrue(heals.stream().allMatch(h -> h.result().history().size() == 2));
                assertEquals(quarter, store.stepRuns(runner, 0, 10_000).size(), "step runs lost for " + runner);
                assertEquals(quarter, store.stats(runner).healsSucceeded());
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void fourRunners_trustEvents_noneLostAndTrustClamped() throws Exception {
        Path file = dir.resolve("trust.db");
        Fixtures.open(file).close();
        int events = 100;
        List<Process> processes = new ArrayList<>();
        try {
            for (int r = 0; r < RUNNERS; r++) {
                processes.add(start(dir.resolve("trust-err-" + r), "trust", file.toString(), "trust-" + r,
                        String.valueOf(events)));
            }
            for (int r = 0; r < RUNNERS; r++) {
                Process p = processes.get(r);
                p.getInputStream().readAllBytes();
                assertTrue(p.waitFor(40, TimeUnit.SECONDS), "runner " + r + " did not finish");
                assertEquals(0, p.exitValue(), "runner " + r + " failed:\n" + read(dir.resolve("trust-err-" + r)));
            }
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
        try (SqliteStore store = Fixtures.open(file)) {
            assertEquals(1.0, store.trust(RunnerProcess.SHARED), 1e-9);
        }
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             var s = c.createStatement();
             var rs = s.executeQuery("SELECT verified FROM trust WHERE workflow_id = '" + RunnerProcess.SHARED + "'")) {
            assertTrue(rs.next());
            assertEquals(RUNNERS * events, rs.getInt(1), "every runner's events are counted");
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void fourRunners_openFreshFileAtOnce_allMigrateAndWrite() throws Exception {
        Path file = dir.resolve("fresh.db");
        List<Process> processes = new ArrayList<>();
        try {
            for (int r = 0; r < RUNNERS; r++) {
                processes.add(start(dir.resolve("fresh-err-" + r), "mixed", file.toString(), "fresh-" + r, "40"));
            }
            for (int r = 0; r < RUNNERS; r++) {
                Process p = processes.get(r);
                p.getInputStream().readAllBytes();
                assertTrue(p.waitFor(40, TimeUnit.SECONDS), "runner " + r + " did not finish");
                assertEquals(0, p.exitValue(), "runner " + r + " failed:\n" + read(dir.resolve("fresh-err-" + r)));
            }
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
        try (SqliteStore store = Fixtures.open(file)) {
            assertEquals(Schema.LATEST, store.schemaVersion());
            assertEquals(RUNNERS * 10, store.recall(RunnerProcess.SHARED, 0, RunnerProcess.HASH).get(0).successes());
            assertEquals(RUNNERS * 10, store.history(null, 1000).size());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void runnerKilledMidWrite_leavesIntactFileAndNoHalfRecord() throws Exception {
        Path file = dir.resolve("killed.db");
        Fixtures.open(file).close();
        Path err = dir.resolve("err-victim");
        Process p = start(err, "endless", file.toString(), "victim");
        long committed = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while (committed < 30 && (line = out.readLine()) != null) {
                committed = Long.parseLong(line.substring("committed ".length()));
            }
        } finally {
            // kill -9 while it is in the middle of its next batch
            p.destroyForcibly();
        }
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(30, committed, () -> "the runner stopped early: " + readQuietly(err));

        try (SqliteStore store = Fixtures.open(file)) {
            assertTrue(store.integrityCheck().isEmpty(), store.integrityCheck().toString());
            List<HealRecord> heals = store.history("victim", 1_000_000);
            assertTrue(heals.size() >= committed * RunnerProcess.BATCH, "committed heals lost: " + heals.size());
            assertEquals(0, heals.size() % RunnerProcess.BATCH, "a batch was half written: " + heals.size());
            for (HealRecord h : heals) {
                assertEquals(h.result().attempts(), h.result().history().size(), "heal " + h.id() + " is torn");
            }
            int versions = 0;
            for (int step = 0; step < 3; step++) {
                for (BaselineVersion v : store.versions("victim", step)) {
                    assertTrue(store.version("victim", step, v.version()).orElseThrow().frame() != null);
                    versions++;
                }
                store.current("victim", step).orElseThrow();
            }
            assertTrue(versions >= committed, "committed baselines lost: " + versions);
        }
        assertEquals(List.of(), foreignKeyProblems(file));
    }

    private static List<String> foreignKeyProblems(Path file) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
            while (rs.next()) {
                problems.add(rs.getString(1) + " row " + rs.getLong(2));
            }
        }
        return problems;
    }

    private static String readQuietly(Path file) {
        try {
            return read(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
