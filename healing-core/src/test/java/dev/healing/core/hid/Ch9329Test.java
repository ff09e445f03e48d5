package dev.healing.core.hid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.InputException;
import dev.healing.api.MouseButton;
import dev.healing.api.Point;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(20)
final class Ch9329Test {
    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    private FakeChip chip;

    @AfterEach
    void stopChip() throws IOException {
        if (chip != null) {
            chip.close();
        }
    }

    // Frames as printed in WCH's "CH9329 serial communication protocol" V1.0 examples.

    @Test
    void frame_keyboard_matchesProtocolExamples() {
        assertArrayEquals(hex("57 AB 00 02 08 00 00 04 00 00 00 00 00 10"),
                Ch9329Frames.keyboard(0, HidReports.keyboard(0, 0x04)));
        assertArrayEquals(hex("57 AB 00 02 08 02 00 04 00 00 00 00 00 12"),
                Ch9329Frames.keyboard(0, HidReports.keyboard(HidReports.LEFT_SHIFT, 0x04)));
        assertArrayEquals(hex("57 AB 00 02 08 00 00 00 00 00 00 00 00 0C"),
                Ch9329Frames.keyboard(0, HidReports.keyboardReleased()));
    }

    @Test
    void frame_absoluteMouse_matchesProtocolExamples() {
        assertArrayEquals(hex("57 AB 00 04 07 02 01 00 00 00 00 00 10"),
                Ch9329Frames.mouseAbsolute(0, HidReports.BUTTON_LEFT, 0, 0, 0));
        assertArrayEquals(hex("57 AB 00 04 07 02 00 00 00 00 00 00 0F"), Ch9329Frames.mouseAbsolute(0, 0, 0, 0, 0));
        assertArrayEquals(hex("57 AB 00 04 07 02 00 40 01 15 02 00 67"), Ch9329Frames.mouseAbsolute(0, 0, 320, 533, 0));
        assertArrayEquals(hex("57 AB 00 04 07 02 00 19 0C 6B 0A 00 A9"),
                Ch9329Frames.mouseAbsolute(0, 0, 3097, 2667, 0));
        assertArrayEquals(hex("57 AB 00 04 07 02 00 00 08 00 08 00 1F"),
                Ch9329Frames.mouseAbsolute(0, 0, 2048, 2048, 0));
    }

    @Test
    void frame_fromMouseReport_convertsToChipUnits() {
        // HID 16384 is the middle of 0..32767; the chip's middle is 2048.
        assertArrayEquals(hex("57 AB 00 04 07 02 01 00 08 00 08 00 20"),
                Ch9329Frames.mouseFromReport(0, HidReports.mouse(HidReports.BUTTON_LEFT, 16384, 16384, 0, 0)));
        assertEquals(4095, Ch9329Frames.toChipUnits(32767), "never past the chip's 4095");
    }

    @Test
    void frame_wheelDown_isTwosComplementLikeHid() {
        byte[] f = Ch9329Frames.mouseAbsolute(0, 0, 0, 0, -1);
        assertEquals((byte) 0xFF, f[11]);
        assertEquals(Ch9329Frames.sum(f, f.length - 1), f[f.length - 1] & 0xFF);
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1920,1080", "2560,1440", "1280,720"})
    void chipUnits_everyPixel_landsOnSamePixel(int width, int height) {
        AbsoluteScale s = new AbsoluteScale(width, height);
        for (int x = 0; x < width; x++) {
            int c = Ch9329Frames.toChipUnits(s.toHidX(x));
            assertEquals(x, c * width / 4096, "column " + x + " -> chip " + c);
        }
        for (int y = 0; y < height; y++) {
            int c = Ch9329Frames.toChipUnits(s.toHidY(y));
            assertEquals(y, c * height / 4096, "row " + y + " -> chip " + c);
        }
    }

    @Test
    void chipUnits_4k_withinOnePixel() {
        AbsoluteScale s = new AbsoluteScale(3840, 2160);
        for (int x = 0; x < 3840; x++) {
            int c = Ch9329Frames.toChipUnits(s.toHidX(x));
            assertTrue(Math.abs(c * 3840 / 4096 - x) <= 1, "column " + x);
            assertTrue(c <= 4095);
        }
    }

    @Test
    void injector_clickAndType_framesOnTheWireAndRepliesChecked() throws Exception {
        chip = new FakeChip(FakeChip::success);
        try (Ch9329 device = Ch9329.over(chip.fromChip, chip.toChip, Duration.ofSeconds(5));
             HidInputInjector hid = HidInputInjector.builder().device(device).screen(1280, 1280)
                     .pressDuration(Duration.ZERO).interval(Duration.ZERO).build()) {
            hid.click(new Point(100, 200), MouseButton.LEFT);
            hid.type("A");
        }
        // 100 -> chip 322 (0x0142), 200 -> chip 642 (0x0282): pixel centres at 4096/1280 units per pixel.
        assertEquals(List.of(
                "57ab00040702004201820200d6",
                "57ab00040702014201820200d7",
                "57ab00040702004201820200d6",
                "57ab000208020004000000000012",
                "57ab00020800000000000000000c"), chip.frames());
    }

    @Test
    void chipErrorReply_throwsWithStatusName() {
        chip = new FakeChip(frame -> Ch9329Frames.frame(0, (frame[3] & 0xFF) | 0xC0, new byte[] {(byte) 0xE5}));
        try (Ch9329 device = Ch9329.over(chip.fromChip, chip.toChip, Duration.ofSeconds(5))) {
            InputException e = assertThrows(InputException.class,
                    () -> device.sendKeyboard(HidReports.keyboard(0, 4)));
            assertTrue(e.getMessage().contains("0xE5 bad parameter") && e.getMessage().contains("0x02"),
                    e.getMessage());
        }
    }

    @Test
    void chipNonZeroStatus_throws() {
        chip = new FakeChip(frame -> Ch9329Frames.frame(0, (frame[3] & 0xFF) | 0x80, new byte[] {(byte) 0xE4}));
        try (Ch9329 device = Ch9329.over(chip.fromChip, chip.toChip, Duration.ofSeconds(5))) {
            InputException e = assertThrows(InputException.class,
                    () -> device.sendMouse(HidReports.mouse(0, 0, 0, 0, 0)));
            assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        }
    }

    @Test
    void corruptReply_throwsWithTheBytes() {
        chip = new FakeChip(frame -> {
            byte[] reply = FakeChip.success(frame);
            reply[reply.length - 1] ^= 0x5A;
            return reply;
        });
        try (Ch9329 device = Ch9329.over(chip.fromChip, chip.toChip, Duration.ofSeconds(5))) {
            InputException e = assertThrows(InputException.class,
                    () -> device.sendKeyboard(HidReports.keyboardReleased()));
            assertTrue(e.getMessage().contains("corrupt reply: 57 AB 00 82 01 00"), e.getMessage());
        }
    }

    @Test
    void silentChip_offlineWithinTimeout_thenRecoversWhenItAnswers() {
        boolean[] mute = {true};
        chip = new FakeChip(frame -> mute[0] ? null : FakeChip.success(frame));
        try (Ch9329 device = Ch9329.over(chip.fromChip, chip.toChip, Duration.ofMillis(200))) {
            InputException e = assertThrows(InputException.class,
                    () -> device.sendKeyboard(HidReports.keyboard(0, 4)));
            assertTrue(e.getMessage().contains("offline") && e.getMessage().contains("no reply"), e.getMessage());
            mute[0] = false;
            device.sendKeyboard(HidReports.keyboardReleased());
        }
        assertEquals(2, chip.frames().size());
    }

    @Test
    void horizontalWheel_rejectedBeforeSending() throws Exception {
        chip = new FakeChip(FakeChip::success);
        try (Ch9329 device = Ch9329.over(chip.fromChip, chip.toChip, Duration.ofSeconds(5))) {
            InputException e = assertThrows(InputException.class, () -> device.sendMouse(HidReports.mouse(0, 0, 0, 0, 1)));
            assertTrue(e.getMessage().contains("horizontal wheel"), e.getMessage());
        }
        assertEquals(List.of(), chip.frames());
    }

    @Test
    void garbageBeforeReply_skipped() {
        chip = new FakeChip(frame -> {
            byte[] ok = FakeChip.success(frame);
            byte[] withNoise = new byte[ok.length + 3];
            withNoise[0] = 0x11;
            withNoise[1] = 0x57;
            withNoise[2] = 0x00;
            System.arraycopy(ok, 0, withNoise, 3, ok.length);
            return withNoise;
        });
        try (Ch9329 device = Ch9329.over(chip.fromChip, chip.toChip, Duration.ofSeconds(5))) {
            device.sendKeyboard(HidReports.keyboard(0, 4));
        }
        assertEquals(1, chip.frames().size());
    }

    /** A chip on the other end of a loopback socket: records each command frame and answers it. */
    private static final class FakeChip implements AutoCloseable {
        private final ServerSocket server;
        private final Socket client;
        private final Socket peer;
        final InputStream fromChip;
        final OutputStream toChip;
        private final List<String> frames = new CopyOnWriteArrayList<>();
        private final Thread thread;

        FakeChip(Function<byte[], byte[]> answer) {
            try {
                server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                peer = server.accept();
                fromChip = client.getInputStream();
                toChip = client.getOutputStream();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            thread = new Thread(() -> serve(answer), "fake-ch9329");
            thread.setDaemon(true);
            thread.start();
        }

        static byte[] success(byte[] frame) {
            return Ch9329Frames.frame(0, (frame[3] & 0xFF) | 0x80, new byte[] {0});
        }

        private void serve(Function<byte[], byte[]> answer) {
            try {
                InputStream in = peer.getInputStream();
                OutputStream out = peer.getOutputStream();
                while (true) {
                    byte[] head = in.readNBytes(5);
                    if (head.length < 5) {
                        return;
                    }
                    byte[] rest = in.readNBytes((head[4] & 0xFF) + 1);
                    byte[] frame = new byte[head.length + rest.length];
                    System.arraycopy(head, 0, frame, 0, 5);
                    System.arraycopy(rest, 0, frame, 5, rest.length);
                    frames.add(HexFormat.of().formatHex(frame));
                    byte[] reply = answer.apply(frame);
                    if (reply != null) {
                        out.write(reply);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // socket closed at the end of the test
            }
        }

        List<String> frames() {
            return List.copyOf(frames);
        }

        @Override
        public void close() throws IOException {
            peer.close();
            client.close();
            server.close();
        }
    }
}
