package dev.healing.core.hid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Function;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import dev.healing.api.InputException;
import dev.healing.api.MouseButton;
import dev.healing.api.Point;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Ch9329#open} on a real terminal device: a pseudo-terminal whose slave side plays the
 * USB-UART cable's /dev/ttyUSB0 and whose master side plays the chip.
 */
@Timeout(30)
final class Ch9329SerialPortTest {
    private static final int O_RDWR = 0x2;
    private static final int O_NOCTTY = 0x100;

    private int master = -1;
    private int slaveHolder = -1;
    private Path slave;
    private final List<String> frames = new CopyOnWriteArrayList<>();
    private volatile boolean answer = true;
    private volatile boolean stop;
    private Thread chip;

    private static Function libc(String name) {
        return Function.getFunction(Platform.C_LIBRARY_NAME, name, Function.THROW_LAST_ERROR);
    }

    @BeforeEach
    void openPseudoTerminal() throws Exception {
        master = libc("posix_openpt").invokeInt(new Object[] {O_RDWR | O_NOCTTY});
        libc("grantpt").invokeInt(new Object[] {master});
        libc("unlockpt").invokeInt(new Object[] {master});
        slave = Path.of(libc("ptsname").invokeString(new Object[] {master}, false));
        // Keep one slave descriptor open for the whole test: when the last one closes (stty's),
        // reads on the master fail with EIO.
        slaveHolder = libc("open").invokeInt(new Object[] {slave.toString(), O_RDWR | O_NOCTTY, 0});
        // A serial port for binary frames: no echo, no line editing, no CR/LF translation.
        Process stty = new ProcessBuilder("stty", "-F", slave.toString(), "raw", "-echo", "clocal", "9600")
                .redirectErrorStream(true).start();
        assertTrue(stty.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, stty.exitValue(), new String(stty.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        chip = new Thread(this::playChip, "pty-chip");
        chip.setDaemon(true);
        chip.start();
    }

    @AfterEach
    void closePseudoTerminal() throws InterruptedException {
        stop = true;
        chip.join(5_000);
        if (slaveHolder >= 0) {
            libc("close").invokeInt(new Object[] {slaveHolder});
        }
        if (master >= 0) {
            libc("close").invokeInt(new Object[] {master});
        }
    }

    /** Reads command frames from the master side and answers each with success, unless muted. */
    private void playChip() {
        Posix posix = Posix.load();
        Function read = libc("read");
        Function write = libc("write");
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        byte[] buf = new byte[256];
        try {
            while (!stop) {
                // Poll so the test can stop this thread: closing the master would not wake a blocked read.
                if ((posix.poll(master, Posix.POLLIN, 50) & Posix.POLLIN) == 0) {
                    continue;
                }
                NativeLong n = (NativeLong) read.invoke(NativeLong.class,
                        new Object[] {master, buf, new NativeLong(buf.length)});
                if (n.longValue() <= 0) {
                    return;
                }
                pending.write(buf, 0, (int) n.longValue());
                byte[] bytes = pending.toByteArray();
                int start = 0;
                while (bytes.length - start >= 6 && bytes.length - start >= 6 + (bytes[start + 4] & 0xFF)) {
                    int len = 6 + (bytes[start + 4] & 0xFF);
                    byte[] frame = java.util.Arrays.copyOfRange(bytes, start, start + len);
                    frames.add(HexFormat.of().formatHex(frame));
                    if (answer) {
                        byte[] reply = Ch9329Frames.frame(0, (frame[3] & 0xFF) | 0x80, new byte[] {0});
                        write.invoke(NativeLong.class, new Object[] {master, reply, new NativeLong(reply.length)});
                    }
                    start += len;
                }
                pending.reset();
                pending.write(bytes, start, bytes.length - start);
            }
        } catch (RuntimeException e) {
            // master closed at the end of the test
        }
    }

    @Test
    void open_serialDevice_clickAndTypeFramesReachTheChip() {
        try (HidInputInjector hid = HidInputInjector.builder()
                .device(Ch9329.open(slave, Duration.ofSeconds(5))).screen(1920, 1080)
                .pressDuration(Duration.ZERO).interval(Duration.ZERO).build()) {
            hid.click(new Point(960, 540), MouseButton.LEFT);
            hid.type("a");
        }
        // Pixel centres: 960 of 1920 -> chip 2049 (0x0801); 540 of 1080 -> chip 2050 (0x0802).
        assertEquals(List.of(
                "57ab0004070200010802080022",
                "57ab0004070201010802080023",
                "57ab0004070200010802080022",
                "57ab000208000004000000000010",
                "57ab00020800000000000000000c"), frames);
    }

    @Test
    void open_chipStopsAnswering_offlineWithinTimeout() {
        answer = false;
        try (Ch9329 device = Ch9329.open(slave, Duration.ofMillis(200))) {
            InputException e = assertThrows(InputException.class, () -> device.sendKeyboard(HidReports.keyboard(0, 4)));
            assertTrue(e.getMessage().contains("offline") && e.getMessage().contains(slave.toString()), e.getMessage());
            answer = true;
            device.sendKeyboard(HidReports.keyboardReleased());
        }
        assertEquals(2, frames.size());
    }

    @Test
    void close_endsTheReaderThread() throws Exception {
        Ch9329 device = Ch9329.open(slave, Duration.ofSeconds(5));
        device.sendKeyboard(HidReports.keyboardReleased());
        device.close();
        String name = "ch9329-reader " + slave;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (readerAlive(name) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(!readerAlive(name), "reader thread still running after close");
    }

    private static boolean readerAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }
}
