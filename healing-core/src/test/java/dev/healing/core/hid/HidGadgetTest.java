package dev.healing.core.hid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.InputException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(30)
final class HidGadgetTest {
    private static final Duration TIMEOUT = Duration.ofMillis(150);

    @TempDir
    Path dir;

    private HidGadget gadget(Path keyboard, Path mouse, boolean nativePolling) {
        HidGadget.Builder b = HidGadget.builder().writeTimeout(TIMEOUT).nativePolling(nativePolling);
        if (keyboard != null) {
            b.keyboard(keyboard);
        }
        if (mouse != null) {
            b.mouse(mouse);
        }
        return b.build();
    }

    @Test
    void jna_isUsableInTests_soThePollingWriterIsExercised() {
        assertTrue(ReportWriters.nativeAvailable(), "JNA should load on the test class path");
    }

    @ParameterizedTest(name = "nativePolling={0}")
    @ValueSource(booleans = {true, false})
    void reports_reachTheReaderWhole(boolean nativePolling) throws Exception {
        Path kbd = Fifo.create(dir, "hidg0");
        Path mouse = Fifo.create(dir, "hidg1");
        try (RandomAccessFile kbdReader = new RandomAccessFile(kbd.toFile(), "rw");
             RandomAccessFile mouseReader = new RandomAccessFile(mouse.toFile(), "rw");
             HidGadget g = gadget(kbd, mouse, nativePolling)) {
            assertEquals(nativePolling ? "poll" : "thread", g.writeMechanism());
            g.sendKeyboard(HidReports.keyboard(HidReports.LEFT_SHIFT, 0x04));
            g.sendMouse(HidReports.mouse(1, 300, 400, -1, 0));
            byte[] k = new byte[8];
            kbdReader.readFully(k);
            byte[] m = new byte[7];
            mouseReader.readFully(m);
            assertArrayEquals(HidReports.keyboard(HidReports.LEFT_SHIFT, 0x04), k);
            assertArrayEquals(HidReports.mouse(1, 300, 400, -1, 0), m);
        }
    }

    @ParameterizedTest(name = "nativePolling={0}")
    @ValueSource(booleans = {true, false})
    void stalledReader_offlineWithinTimeout_thenWritesResumeWhenItReadsAgain(boolean nativePolling) throws Exception {
        Path mouse = Fifo.create(dir, "hidg1");
        try (RandomAccessFile reader = new RandomAccessFile(mouse.toFile(), "rw");
             HidGadget g = gadget(null, mouse, nativePolling)) {
            // Nobody reads: the pipe buffer (64 KiB, about 9,400 reports) fills, then a write must time out.
            int sent = 0;
            InputException offline = null;
            while (offline == null && sent < 100_000) {
                try {
                    g.sendMouse(HidReports.mouse(0, sent % 32768, 0, 0, 0));
                    sent++;
                } catch (InputException e) {
                    offline = e;
                }
            }
            assertTrue(offline != null, "a stalled reader must give an error, not accept " + sent + " reports");
            assertTrue(offline.getMessage().contains("offline") && offline.getMessage().contains(mouse.toString()),
                    offline.getMessage());
            // In the thread fallback the timed-out report stays queued and lands once the reader is back.
            int landed = nativePolling ? sent : sent + 1;

            // The reader comes back.
            int more = 20;
            int expected = landed + more;
            AtomicReference<Object> result = new AtomicReference<>();
            Thread drain = new Thread(() -> result.set(readReports(reader, expected)), "drain");
            drain.setDaemon(true);
            drain.start();
            for (int i = 0; i < more; i++) {
                g.sendMouse(HidReports.mouse(0, (landed + i) % 32768, 0, 0, 0));
            }
            drain.join(20_000);
            assertEquals(Boolean.TRUE, result.get(), "every report arrives whole and in order");
        }
    }

    /** @return TRUE when {@code count} reports arrive whole with X counting up from 0, else a description */
    private static Object readReports(RandomAccessFile reader, int count) {
        byte[] r = new byte[7];
        try {
            for (int i = 0; i < count; i++) {
                reader.readFully(r);
                int x = (r[1] & 0xFF) | (r[2] & 0xFF) << 8;
                if (x != i % 32768 || r[0] != 0 || r[3] != 0 || r[4] != 0) {
                    return "report " + i + " was x=" + x;
                }
            }
            return Boolean.TRUE;
        } catch (IOException e) {
            return e.toString();
        }
    }

    @ParameterizedTest(name = "nativePolling={0}")
    @ValueSource(booleans = {true, false})
    void noReaderYet_offline_thenReaderAppears_writesResume(boolean nativePolling) throws Exception {
        Path kbd = Fifo.create(dir, "hidg0");
        try (HidGadget g = gadget(kbd, null, nativePolling)) {
            InputException e = assertThrows(InputException.class, () -> g.sendKeyboard(HidReports.keyboard(0, 4)));
            assertTrue(e.getMessage().contains("offline"), e.getMessage());
            try (RandomAccessFile reader = new RandomAccessFile(kbd.toFile(), "rw")) {
                g.sendKeyboard(HidReports.keyboardReleased());
                byte[] k = new byte[8];
                if (!nativePolling) {
                    reader.readFully(k); // the queued first report, delivered once the open succeeded
                    assertArrayEquals(HidReports.keyboard(0, 4), k);
                }
                reader.readFully(k);
                assertArrayEquals(HidReports.keyboardReleased(), k);
            }
        }
    }

    @ParameterizedTest(name = "nativePolling={0}")
    @ValueSource(booleans = {true, false})
    void readerGoesAway_offline_thenNewReader_writesResume(boolean nativePolling) throws Exception {
        Path mouse = Fifo.create(dir, "hidg1");
        try (HidGadget g = gadget(null, mouse, nativePolling)) {
            try (RandomAccessFile reader = new RandomAccessFile(mouse.toFile(), "rw")) {
                g.sendMouse(HidReports.mouse(0, 1, 1, 0, 0));
                byte[] m = new byte[7];
                reader.readFully(m);
                assertArrayEquals(HidReports.mouse(0, 1, 1, 0, 0), m);
            }
            // The reader is gone (host unplugged): writes fail as offline, repeatedly, without hanging.
            for (int i = 0; i < 3; i++) {
                InputException e = assertThrows(InputException.class, () -> g.sendMouse(HidReports.mouse(0, 2, 2, 0, 0)));
                assertTrue(e.getMessage().contains("offline"), e.getMessage());
            }
            try (RandomAccessFile reader = new RandomAccessFile(mouse.toFile(), "rw")) {
                g.sendMouse(HidReports.mouse(0, 3, 3, 0, 0));
                byte[] m = new byte[7];
                do {
                    reader.readFully(m); // the thread writer may first deliver a report queued while offline
                } while (!nativePolling && m[1] == 2);
                assertArrayEquals(HidReports.mouse(0, 3, 3, 0, 0), m);
            }
        }
    }

    @Test
    void missingDeviceFile_clearErrorNamingIt() {
        Path missing = dir.resolve("no-such-hidg");
        try (HidGadget g = gadget(missing, null, true)) {
            InputException e = assertThrows(InputException.class, () -> g.sendKeyboard(HidReports.keyboardReleased()));
            assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        }
    }

    @Test
    void mouseOnlyGadget_keyboardReport_saysThereIsNoKeyboard() {
        try (HidGadget g = gadget(null, dir.resolve("hidg1"), true)) {
            InputException e = assertThrows(InputException.class, () -> g.sendKeyboard(HidReports.keyboardReleased()));
            assertTrue(e.getMessage().contains("no keyboard"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> g.sendMouse(new byte[8]));
        }
    }

    @Test
    void builder_badSettings_rejectedWithValue() {
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> HidGadget.builder().build());
        assertTrue(none.getMessage().contains("/dev/hidg0"), none.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HidGadget.builder().writeTimeout(Duration.ZERO));
        assertTrue(e.getMessage().contains("PT0S"), e.getMessage());
    }

    @Test
    void closedGadget_refusesWrites() throws Exception {
        Path kbd = Fifo.create(dir, "hidg0");
        HidGadget g = gadget(kbd, null, true);
        g.close();
        InputException e = assertThrows(InputException.class, () -> g.sendKeyboard(HidReports.keyboardReleased()));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}
