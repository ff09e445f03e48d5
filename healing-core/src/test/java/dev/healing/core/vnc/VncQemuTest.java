package dev.healing.core.vnc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Image;
import dev.healing.api.InputException;
import dev.healing.api.MouseButton;
import dev.healing.api.Point;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Against real QEMU (no guest disk: the firmware's text screen): frames equal QEMU's own
 * screendump, typed text arrives as the PS/2 scancodes a US keyboard makes (QEMU's key trace,
 * Shift included), the relative pointer of a guest without a tablet is reported and refused
 * before sending, and no quiet period is waited. (A usb-tablet stays relative until a guest
 * driver takes it, which the firmware alone does not; the absolute case is in VncPointerTest.)
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
final class VncQemuTest {
    static TestServers servers;
    static int mousePort;
    static Path monitor;
    static Path trace;

    @BeforeAll
    static void start() throws Exception {
        TestServers.assumeInstalled("qemu-system-x86_64");
        servers = new TestServers();
        monitor = servers.dir().resolve("qemu.sock");
        mousePort = TestServers.freePort();
        qemu("qemu-mouse", mousePort, List.of("-monitor", "unix:" + monitor + ",server,nowait",
                "-trace", "enable=ps2_put_keycode", "-trace", "enable=ps2_write_keyboard"));
        trace = servers.dir().resolve("qemu-mouse.log");
        awaitKeyboardEnabled();
    }

    /**
     * The firmware resets the keyboard and disables scanning (0xf5) until it has chosen scancode
     * set 2; QEMU drops keys meanwhile, so a Shift typed then would be lost. Waits for its 0xf4.
     */
    private static void awaitKeyboardEnabled() throws Exception {
        Pattern enable = Pattern.compile("ps2_write_keyboard .*val 244\\b");
        for (int i = 0; i < 600; i++) {
            if (enable.matcher(Files.readString(trace)).find()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IOException("the firmware did not enable QEMU's keyboard within 30 s:\n" + Files.readString(trace));
    }

    private static void qemu(String name, int port, List<String> extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("qemu-system-x86_64", "-display", "none", "-nodefaults", "-vga", "std",
                "-M", "pc", "-m", "64", "-vnc", "127.0.0.1:" + (port - 5900)));
        if (port - 5900 < 0 || port - 5900 > 60000) {
            throw new IOException("port " + port + " is not a VNC display port");
        }
        cmd.addAll(extra);
        Process p = servers.start(name, cmd, true, Map.of());
        TestServers.awaitPort(port, p);
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void capture_equalsQemusScreendump_withoutAQuietPeriod() throws Exception {
        try (VncClient vnc = VncClient.builder().host("127.0.0.1").port(mousePort).connect()) {
            assertTrue(vnc.desktopName().startsWith("QEMU"), vnc.desktopName());
            boolean same = false;
            String last = "";
            // the firmware's text cursor blinks: try until both show the same phase
            for (int i = 0; i < 20 && !same; i++) {
                Image ours = vnc.capture();
                Image theirs = screendump();
                same = ours.width() == theirs.width() && ours.height() == theirs.height()
                        && java.util.Arrays.equals(ours.pixels(), theirs.pixels());
                last = ours.width() + "x" + ours.height() + " vs " + theirs.width() + "x" + theirs.height();
            }
            assertTrue(same, "a capture equal to QEMU's screendump; last " + last);
            assertEquals(0, vnc.currentSession().quietNanos(), "QEMU answers from its current surface");
        }
    }

    @Test
    void type_arrivesAsUsScancodesWithShift() throws Exception {
        try (VncClient vnc = VncClient.builder().host("127.0.0.1").port(mousePort).connect()) {
            int before = scancodes().size();
            vnc.type("aA!<>");
            // PS/2 set 2: a = 1c, Shift = 12, 1 = 16, comma = 41, period = 49, f0 = release. The check is what
            // the guest reads: each key's press decoded with the Shift state at that moment.
            String typed = "";
            for (int i = 0; i < 100 && typed.length() < 5; i++) {
                List<String> all = scancodes();
                typed = guestReads(all.subList(Math.min(before, all.size()), all.size()));
                if (typed.length() < 5) {
                    Thread.sleep(50);
                }
            }
            assertEquals("aA!<>", typed, "guest read from " + scancodes().subList(before, scancodes().size()));
            InputException e = assertThrows(InputException.class, () -> vnc.type("ä"));
            assertTrue(e.getMessage().contains("US keyboard"), e.getMessage());
        }
    }

    /** Decodes PS/2 set 2 codes of the keys a, 1, comma, period and Shift into the text a US guest reads, "?" for others. */
    private static String guestReads(List<String> codes) {
        StringBuilder text = new StringBuilder();
        boolean shift = false;
        boolean release = false;
        for (String c : codes) {
            switch (c) {
                case "f0" -> {
                    release = true;
                    continue;
                }
                case "12" -> shift = !release;
                case "1c" -> text.append(release ? "" : shift ? "A" : "a");
                case "16" -> text.append(release ? "" : shift ? "!" : "1");
                case "41" -> text.append(release ? "" : shift ? "<" : ",");
                case "49" -> text.append(release ? "" : shift ? ">" : ".");
                default -> text.append(release ? "" : "?");
            }
            release = false;
        }
        return text.toString();
    }

    @Test
    void click_guestWithoutTablet_isRefusedBeforeSending() throws Exception {
        try (VncClient vnc = VncClient.builder().host("127.0.0.1").port(mousePort).connect()) {
            vnc.capture();
            assertTrue(vnc.relativePointer());
            InputException e = assertThrows(InputException.class, () -> vnc.click(new Point(10, 10), MouseButton.LEFT));
            assertTrue(e.getMessage().contains("relative pointer"), e.getMessage());
        }
    }

    private static List<String> scancodes() throws IOException {
        List<String> codes = new ArrayList<>();
        Matcher m = Pattern.compile("ps2_put_keycode .*keycode 0x([0-9a-f]+)").matcher(Files.readString(trace));
        while (m.find()) {
            codes.add(m.group(1));
        }
        return codes;
    }

    /** QEMU's own picture of the screen, through its monitor, as a PPM file. */
    private static Image screendump() throws Exception {
        Path file = servers.dir().resolve("dump-" + System.nanoTime() + ".ppm");
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(monitor));
            ch.write(ByteBuffer.wrap(("screendump " + file + "\n").getBytes(StandardCharsets.US_ASCII)));
            for (int i = 0; i < 100; i++) {
                Image img = readPpm(file);
                if (img != null) {
                    return img;
                }
                Thread.sleep(50);
            }
        }
        throw new IOException("QEMU wrote no screendump to " + file);
    }

    /** @return the P6 image in {@code file}, or null while it is missing or incomplete */
    private static Image readPpm(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        byte[] b = Files.readAllBytes(file);
        String head = new String(b, 0, Math.min(b.length, 64), StandardCharsets.US_ASCII);
        Matcher m = Pattern.compile("^P6\\s+(\\d+)\\s+(\\d+)\\s+255\\s").matcher(head);
        if (!m.find()) {
            return null;
        }
        int w = Integer.parseInt(m.group(1));
        int h = Integer.parseInt(m.group(2));
        int off = m.end();
        if (b.length < off + 3 * w * h) {
            return null;
        }
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = (b[off + 3 * i] & 0xFF) << 16 | (b[off + 3 * i + 1] & 0xFF) << 8 | b[off + 3 * i + 2] & 0xFF;
        }
        return Image.wrap(w, h, px);
    }
}
