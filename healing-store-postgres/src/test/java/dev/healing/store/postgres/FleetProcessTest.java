package dev.healing.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.store.postgres.testing.PgCluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Eight runner processes log 2,000 heals each into one namespace while the server is restarted
 * (stopped at once, connections dropped) in the middle: every process finishes, no heal is lost
 * or doubled, and every heal has both its attempts.
 */
@Timeout(300)
final class FleetProcessTest {
    private static final int PROCESSES = 8;
    private static final int WRITES = 2000;

    @Test
    void eightProcesses_serverRestartMidway_countsExact() throws Exception {
        PgCluster pg = PgCluster.shared();
        String ns = PgCluster.freshNamespace("eight");
        // Create the namespace first so the processes do not all migrate at once.
        PostgresStore.builder().url(pg.url()).namespace(ns).build().close();
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        AtomicInteger progress = new AtomicInteger();
        List<Process> processes = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        List<List<String>> outputs = new ArrayList<>();
        try {
            for (int i = 0; i < PROCESSES; i++) {
                Process p = new ProcessBuilder(javaBin, "-Xmx96m", "-XX:TieredStopAtLevel=1",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                        "-cp", System.getProperty("java.class.path"), FleetWriterProcess.class.getName(), pg.url(), ns,
                        Integer.toString(i), Integer.toString(WRITES)).redirectErrorStream(true).start();
                processes.add(p);
                List<String> out = java.util.Collections.synchronizedList(new ArrayList<>());
                outputs.add(out);
                Thread t = new Thread(() -> read(p, out, progress));
                t.start();
                readers.add(t);
            }
            int half = PROCESSES * WRITES / 2;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(200);
            while (progress.get() < half && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            assertTrue(progress.get() >= half, "the processes got half way: " + progress.get());
            assertTrue(progress.get() < PROCESSES * WRITES, "the restart came before the end");
            pg.restart();
            for (int i = 0; i < PROCESSES; i++) {
                Process p = processes.get(i);
                assertTrue(p.waitFor(240, TimeUnit.SECONDS), "process " + i + " finished");
                readers.get(i).join(10_000);
                assertEquals(0, p.exitValue(), "process " + i + ": " + tail(outputs.get(i)));
                assertTrue(outputs.get(i).contains("done"), tail(outputs.get(i)));
            }
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
        try (Connection admin = pg.admin(); Statement st = admin.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT workflow_id, count(*) FROM healing.heal"
                    + " WHERE namespace = '" + ns + "' GROUP BY workflow_id ORDER BY workflow_id")) {
                int runners = 0;
                while (rs.next()) {
                    runners++;
                    assertEquals(WRITES, rs.getInt(2), rs.getString(1) + " heals");
                }
                assertEquals(PROCESSES, runners);
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM healing.heal h WHERE h.namespace = '" + ns
                    + "' AND (SELECT count(*) FROM healing.heal_attempt a WHERE a.namespace = h.namespace"
                    + " AND a.heal_id = h.id) <> 2")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "heals without both their attempts");
            }
        }
    }

    private static void read(Process p, List<String> out, AtomicInteger progress) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                out.add(line);
                if (line.startsWith("progress ")) {
                    progress.addAndGet(100);
                }
            }
        } catch (IOException e) {
            out.add("reader: " + e);
        }
    }

    private static String tail(List<String> lines) {
        synchronized (lines) {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        }
    }
}
