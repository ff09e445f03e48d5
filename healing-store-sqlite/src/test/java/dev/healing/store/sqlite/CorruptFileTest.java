package dev.healing.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
final class CorruptFileTest {
    @TempDir
    Path dir;

    private static StoreException refused(Path file) throws Exception {
        byte[] before = Files.readAllBytes(file);
        StoreException e = assertThrows(StoreException.class, () -> Fixtures.open(file));
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "the file was changed");
        return e;
    }

    /** A real store with some rows, checkpointed into the main file and closed. */
    private Path realStore(String name) {
        Path file = dir.resolve(name);
        try (SqliteStore store = Fixtures.open(file)) {
            for (int i = 0; i < 40; i++) {
                store.save(Fixtures.baseline("wf", i, 10, 10, i));
            }
        }
        return file;
    }

    @Test
    void open_textFile_isNotADatabase() throws Exception {
        Path file = dir.resolve("notes.db");
        Files.writeString(file, "{\"actions\": []}\n", StandardCharsets.UTF_8);

        StoreException e = refused(file);
        assertTrue(e.getMessage().contains("not an SQLite database"), e.getMessage());
    }

    @Test
    void open_randomBytes_isNotADatabase() throws Exception {
        Path file = dir.resolve("random.db");
        byte[] junk = new byte[8192];
        new Random(1).nextBytes(junk);
        Files.write(file, junk);

        refused(file);
    }

    @Test
    void open_truncatedDatabase_isCorrupt() throws Exception {
        Path file = realStore("truncated.db");
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length / 2 + 100));

        StoreException e = refused(file);
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void open_schemaPageOverwritten_isCorrupt() throws Exception {
        Path file = realStore("garbled.db");
        byte[] all = Files.readAllBytes(file);
        Random r = new Random(2);
        for (int i = 100; i < 4096; i++) {
            all[i] = (byte) r.nextInt();
        }
        Files.write(file, all);

        StoreException e = refused(file);
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void open_directory_isRefused() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("adir"));
        StoreException e = assertThrows(StoreException.class, () -> Fixtures.open(sub));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }
}
