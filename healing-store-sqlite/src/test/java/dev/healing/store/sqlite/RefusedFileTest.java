package dev.healing.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.StoreException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: a file the store refuses is left byte for byte as it was, and so is whatever lies
 * beside it (a foreign {@code -wal}); the decision is made before anything can write.
 */
@Timeout(60)
final class RefusedFileTest {
    private static final int PAGE = 4096;

    @TempDir
    Path dir;

    /** A healing store with many rows (several hundred pages), checkpointed and closed. */
    private Path realStore(String name) {
        Path file = dir.resolve(name);
        try (SqliteStore store = Fixtures.open(file)) {
            for (int i = 0; i < 200; i++) {
                store.save(Fixtures.baseline("wf", i, 10, 10, i));
            }
        }
        return file;
    }

    private static void assertRefusedUntouched(Path file, String expected) throws Exception {
        Path wal = wal(file);
        byte[] before = Files.readAllBytes(file);
        byte[] walBefore = Files.exists(wal) ? Files.readAllBytes(wal) : null;
        StoreException e = assertThrows(StoreException.class, () -> Fixtures.open(file));
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "the refused store was changed");
        if (walBefore != null) {
            assertArrayEquals(walBefore, Files.readAllBytes(wal), "the -wal beside it was changed");
        }
    }

    private static Path wal(Path file) {
        return file.resolveSibling(file.getFileName() + "-wal");
    }

    /** Another program's database in WAL mode; returns its -wal while its writer still holds it open. */
    private byte[] foreignWal() throws Exception {
        Path other = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other);
             Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA wal_autocheckpoint=0");
            s.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
            s.execute("INSERT INTO notes (body) VALUES ('somebody else''s data')");
            return Files.readAllBytes(wal(other));
        }
    }

    @Test
    void open_foreignWalBeside_refusedAndStoreAndWalUntouched() throws Exception {
        Path file = realStore("store.db");
        byte[] walBytes = foreignWal();
        assertTrue(walBytes.length > 32, "the foreign WAL has frames");
        Files.write(wal(file), walBytes);

        assertRefusedUntouched(file, "not a healing store");
        // And the store is still whole once the foreign file is moved away.
        Files.delete(wal(file));
        try (SqliteStore store = Fixtures.open(file)) {
            assertEquals(200, store.versions("wf", 199).size() + 199);
        }
    }

    @Test
    void open_walWithForeignPageSize_refusedUntouched() throws Exception {
        Path file = realStore("store.db");
        byte[] walBytes = foreignWal();
        ByteBuffer.wrap(walBytes).putInt(8, 1024);
        Files.write(wal(file), walBytes);

        assertRefusedUntouched(file, "-wal");
    }

    @Test
    void open_walWithoutWalMagic_refusedUntouched() throws Exception {
        Path file = realStore("store.db");
        byte[] junk = new byte[4096 + 32];
        new Random(3).nextBytes(junk);
        Files.write(wal(file), junk);

        assertRefusedUntouched(file, "-wal");
    }

    @Test
    void open_zeroedPageMidFile_refusedUntouched() throws Exception {
        Path file = realStore("zeroed.db");
        byte[] all = Files.readAllBytes(file);
        int pages = all.length / PAGE;
        assertTrue(pages > 20, "pages: " + pages);
        Arrays.fill(all, (pages / 2) * PAGE, (pages / 2 + 1) * PAGE, (byte) 0);
        Files.write(file, all);

        assertRefusedUntouched(file, "corrupt");
    }

    @Test
    void open_randomPageMidFile_refusedUntouched() throws Exception {
        Path file = realStore("random.db");
        byte[] all = Files.readAllBytes(file);
        int pages = all.length / PAGE;
        byte[] junk = new byte[PAGE];
        new Random(4).nextBytes(junk);
        System.arraycopy(junk, 0, all, (pages / 3) * PAGE, PAGE);
        Files.write(file, all);

        assertRefusedUntouched(file, "corrupt");
    }

    @Test
    void open_corruptRollbackJournalFile_headerNotRewritten() throws Exception {
        Path file = realStore("rollback.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=DELETE");
        }
        byte[] all = Files.readAllBytes(file);
        assertEquals(1, all[18], "rollback-journal mode (header byte 18)");
        int pages = all.length / PAGE;
        Arrays.fill(all, (pages / 2) * PAGE, (pages / 2 + 1) * PAGE, (byte) 0);
        Files.write(file, all);

        assertRefusedUntouched(file, "corrupt");
        assertEquals(1, Files.readAllBytes(file)[18], "header still says rollback journal");
    }

    @Test
    void open_foreignRollbackJournalDatabase_headerNotRewritten() throws Exception {
        Path file = dir.resolve("theirs.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
        }
        assertRefusedUntouched(file, "not a healing store");
        assertEquals(1, Files.readAllBytes(file)[18], "header still says rollback journal");
    }

    @Test
    void open_healthyStoreWithItsOwnWal_opensAndKeepsData() throws Exception {
        Path file = realStore("live.db");
        try (SqliteStore writer = Fixtures.open(file)) {
            writer.save(Fixtures.baseline("wf", 500, 1, 2, 9));
            // The writer holds its WAL open: a second opener checks the file with the WAL in place.
            try (SqliteStore second = Fixtures.open(file)) {
                assertEquals(1, second.current("wf", 500).orElseThrow().point().x());
            }
        }
    }
}
