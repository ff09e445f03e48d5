package dev.healing.core.hid;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Test stand-in for the target computer's USB stack: reads keyboard and mouse reports from the
 * FIFOs the gadget writes to, decodes them, and replays the changes into an X display through
 * XTEST with xdotool. Decoding is written from the HID usage tables, independently of the
 * encoder, so a wrong report shows up as a wrong event in the window.
 */
final class XdotoolBridge implements AutoCloseable {
    private static final String[] MODIFIER_KEYSYMS = {
        "Control_L", "Shift_L", "Alt_L", "Super_L", "Control_R", "Shift_R", "ISO_Level3_Shift", "Super_R",
    };
    private static final Map<Integer, String> KEYSYMS = keysyms();

    private final String display;
    private final AbsoluteScale screen;
    private final List<Thread> threads = new ArrayList<>();
    final List<String> errors = new CopyOnWriteArrayList<>();

    private int lastX = -1;
    private int lastY = -1;
    private int lastButtons;
    private int lastModifiers;
    private List<Integer> lastKeys = List.of();

    XdotoolBridge(String display, AbsoluteScale screen, Path keyboardFifo, Path mouseFifo) throws IOException {
        this.display = display;
        this.screen = screen;
        start("bridge-keyboard", keyboardFifo, HidReports.KEYBOARD_REPORT_LENGTH, this::applyKeyboard);
        start("bridge-mouse", mouseFifo, HidReports.MOUSE_REPORT_LENGTH, this::applyMouse);
    }

    private interface Applier {
        void apply(byte[] report) throws IOException, InterruptedException;
    }

    private void start(String name, Path fifo, int length, Applier applier) throws IOException {
        // Read and write so opening never waits for the other side; reads block until a report comes.
        FileChannel channel = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Thread t = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(length);
            try (channel) {
                while (!Thread.currentThread().isInterrupted()) {
                    buf.clear();
                    while (buf.hasRemaining()) {
                        if (channel.read(buf) < 0) {
                            return;
                        }
                    }
                    applier.apply(buf.array().clone());
                }
            } catch (ClosedByInterruptException | InterruptedException e) {
                // closed by the test
            } catch (IOException | RuntimeException e) {
                errors.add(name + ": " + e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        threads.add(t);
    }

    private void applyMouse(byte[] r) throws IOException, InterruptedException {
        int buttons = r[0] & 0xFF;
        int x = screen.toPixelX((r[1] & 0xFF) | (r[2] & 0xFF) << 8);
        int y = screen.toPixelY((r[3] & 0xFF) | (r[4] & 0xFF) << 8);
        int wheel = r[5];
        int pan = r[6];
        List<String> cmd = new ArrayList<>();
        if (x != lastX || y != lastY) {
            cmd.addAll(List.of("mousemove", Integer.toString(x), Integer.toString(y)));
        }
        int[] xButtons = {1, 3, 2}; // HID bit 0 left, bit 1 right, bit 2 middle
        for (int bit = 0; bit < 3; bit++) {
            boolean was = (lastButtons & (1 << bit)) != 0;
            boolean is = (buttons & (1 << bit)) != 0;
            if (was != is) {
                cmd.addAll(List.of(is ? "mousedown" : "mouseup", Integer.toString(xButtons[bit])));
            }
        }
        if (wheel != 0) {
            cmd.addAll(List.of("click", "--repeat", Integer.toString(Math.abs(wheel)), wheel > 0 ? "4" : "5"));
        }
        if (pan != 0) {
            cmd.addAll(List.of("click", "--repeat", Integer.toString(Math.abs(pan)), pan > 0 ? "7" : "6"));
        }
        lastX = x;
        lastY = y;
        lastButtons = buttons;
        xdotool(cmd);
    }

    private void applyKeyboard(byte[] r) throws IOException, InterruptedException {
        int modifiers = r[0] & 0xFF;
        List<Integer> keys = new ArrayList<>();
        for (int i = 2; i < 8; i++) {
            if (r[i] != 0) {
                keys.add(r[i] & 0xFF);
            }
        }
        List<String> cmd = new ArrayList<>();
        for (int k : lastKeys) {
            if (!keys.contains(k)) {
                cmd.addAll(List.of("keyup", keysym(k)));
            }
        }
        for (int bit = 7; bit >= 0; bit--) {
            if ((lastModifiers & (1 << bit)) != 0 && (modifiers & (1 << bit)) == 0) {
                cmd.addAll(List.of("keyup", MODIFIER_KEYSYMS[bit]));
            }
        }
        for (int bit = 0; bit < 8; bit++) {
            if ((modifiers & (1 << bit)) != 0 && (lastModifiers & (1 << bit)) == 0) {
                cmd.addAll(List.of("keydown", MODIFIER_KEYSYMS[bit]));
            }
        }
        for (int k : keys) {
            if (!lastKeys.contains(k)) {
                cmd.addAll(List.of("keydown", keysym(k)));
            }
        }
        lastModifiers = modifiers;
        lastKeys = keys;
        xdotool(cmd);
    }

    private static String keysym(int usage) {
        String name = KEYSYMS.get(usage);
        if (name == null) {
            throw new IllegalStateException(String.format("no keysym for HID usage 0x%02x", usage));
        }
        return name;
    }

    private void xdotool(List<String> args) throws IOException, InterruptedException {
        if (args.isEmpty()) {
            return;
        }
        List<String> cmd = new ArrayList<>();
        cmd.add("xdotool");
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("DISPLAY", display);
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            errors.add("xdotool hung: " + cmd);
        } else if (p.exitValue() != 0) {
            errors.add(cmd + " exited " + p.exitValue() + ": " + new String(p.getInputStream().readAllBytes()));
        }
    }

    private static Map<Integer, String> keysyms() {
        Map<Integer, String> m = new java.util.HashMap<>();
        for (int i = 0; i < 26; i++) {
            m.put(0x04 + i, String.valueOf((char) ('a' + i)));
        }
        for (int i = 0; i < 9; i++) {
            m.put(0x1E + i, String.valueOf((char) ('1' + i)));
        }
        m.put(0x27, "0");
        String[] names = {
            "Return", "Escape", "BackSpace", "Tab", "space", "minus", "equal", "bracketleft", "bracketright",
            "backslash", null, "semicolon", "apostrophe", "grave", "comma", "period", "slash",
        };
        for (int i = 0; i < names.length; i++) {
            if (names[i] != null) {
                m.put(0x28 + i, names[i]);
            }
        }
        for (int i = 0; i < 12; i++) {
            m.put(0x3A + i, "F" + (i + 1));
        }
        String[] nav = {"Insert", "Home", "Prior", "Delete", "End", "Next", "Right", "Left", "Down", "Up"};
        for (int i = 0; i < nav.length; i++) {
            m.put(0x49 + i, nav[i]);
        }
        return Map.copyOf(m);
    }

    @Override
    public void close() {
        for (Thread t : threads) {
            t.interrupt();
        }
        try {
            for (Thread t : threads) {
                t.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
