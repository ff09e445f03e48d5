package dev.healing.core.vnc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link VncClient#pointerMayBeInFrame()} against servers that do and do not send a cursor shape. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
final class VncPointerTest {

    private static HostileServer server(boolean cursorShape) throws Exception {
        return new HostileServer((s, out) -> {
            out.write(new ServerScript().handshake38(8, 4).toByteArray());
            java.io.InputStream in = s.getInputStream();
            ServerScript frame = new ServerScript().update(cursorShape ? 2 : 1);
            if (cursorShape) {
                frame.rect(0, 0, 2, 2, -239).rawPixels(new int[4]).u8(0xC0).u8(0xC0);
            }
            frame.rect(0, 0, 8, 4, 0).rawPixels(new int[32]);
            while (true) {
                out.write(frame.toByteArray());
                out.flush();
                Thread.sleep(50);
                if (in.available() < 0) {
                    return;
                }
            }
        });
    }

    private static VncClient connect(HostileServer s) {
        return VncClient.builder().host("127.0.0.1").port(s.port()).quietPeriod(Duration.ZERO).connect();
    }

    @Test
    void pointerMayBeInFrame_serverSendsNoCursorShape_isTrue() throws Exception {
        try (HostileServer s = server(false); VncClient vnc = connect(s)) {
            vnc.capture();
            assertTrue(vnc.pointerMayBeInFrame());
        }
    }

    @Test
    void pointerMayBeInFrame_serverSentACursorShape_isFalse() throws Exception {
        try (HostileServer s = server(true); VncClient vnc = connect(s)) {
            vnc.capture();
            assertFalse(vnc.pointerMayBeInFrame());
        }
    }

    /** A QEMU-like server announcing its pointer mode (-257: x = 1 absolute, 0 relative), then frames. */
    private static HostileServer qemu(boolean absolute) throws Exception {
        return new HostileServer((s, out) -> {
            out.write(new ServerScript().handshake38(8, 4).update(1).rect(absolute ? 1 : 0, 0, 8, 4, -257).toByteArray());
            ServerScript frame = new ServerScript().update(1).rect(0, 0, 8, 4, 0).rawPixels(new int[32]);
            while (true) {
                out.write(frame.toByteArray());
                out.flush();
                Thread.sleep(50);
            }
        });
    }

    @Test
    void click_qemuRelativePointer_failsBeforeSendingAndSaysWhatToDo() throws Exception {
        try (HostileServer s = qemu(false); VncClient vnc = connect(s)) {
            vnc.capture();
            assertTrue(vnc.relativePointer());
            dev.healing.api.InputException e = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.healing.api.InputException.class, () -> vnc.click(new dev.healing.api.Point(3, 2),
                            dev.healing.api.MouseButton.LEFT));
            assertTrue(e.getMessage().contains("relative pointer") && e.getMessage().contains("usb-tablet"), e.getMessage());
        }
    }

    @Test
    void click_qemuAbsolutePointer_works_andNoQuietPeriodIsWaited() throws Exception {
        try (HostileServer s = qemu(true); VncClient vnc = VncClient.builder().host("127.0.0.1").port(s.port()).connect()) {
            vnc.capture();
            assertFalse(vnc.relativePointer());
            vnc.click(new dev.healing.api.Point(3, 2), dev.healing.api.MouseButton.LEFT);
            // frames every 50 ms would keep a 500 ms quiet period from ever ending (a blinking text cursor)
            org.junit.jupiter.api.Assertions.assertEquals(0, vnc.currentSession().quietNanos());
        }
    }
}
