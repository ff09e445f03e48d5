package dev.healing.core.vnc;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Thousands of random and mutated server streams: each must end in a clean {@link VncException}
 * (or decode), never another exception, a hang or an OutOfMemoryError.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class VncFuzzTest {
    private static final int ITERATIONS = 4000;

    /** A valid session: handshake and updates in every encoding, plus other server messages. */
    static byte[] validSession() {
        int w = 40;
        int h = 20;
        ServerScript s = new ServerScript().handshake38(w, h);
        int[] pixels = new int[w * h];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i * 7919 & 0xFFFFFF;
        }
        s.update(1).rect(0, 0, w, h, 0).rawPixels(pixels);
        s.update(3).rect(0, 0, 8, 8, 2).s32(2).pixel(1).pixel(2).u16(0).u16(0).u16(3).u16(3).pixel(3).u16(4).u16(4)
                .u16(4).u16(4);
        s.rect(8, 0, 32, 20, 5);
        for (int t = 0; t < 4; t++) {
            s.u8(2 | 4 | 8 | 16).pixel(0x111111 * t).pixel(0x222222).u8(2).pixel(0x333333).u8(0x11).u8(0x22)
                    .pixel(0x444444).u8(0x00).u8(0xF3);
        }
        s.rect(0, 8, 8, 8, 1).u16(10).u16(10);
        ByteArrayOutputStream zr = new ByteArrayOutputStream();
        zr.write(0);
        for (int i = 0; i < 64; i++) {
            zr.writeBytes(ServerScript.cpixels(i * 1000));
        }
        s.update(2).rect(0, 0, 8, 8, 16).zrleData(zr.toByteArray());
        ByteArrayOutputStream zr2 = new ByteArrayOutputStream();
        zr2.write(3);
        zr2.writeBytes(ServerScript.cpixels(1, 2, 3));
        for (int i = 0; i < 8; i++) {
            zr2.write(0b00011000);
            zr2.write(0b10010000);
        }
        s.rect(8, 0, 8, 8, 16).zrleData(zr2.toByteArray());
        byte[] zl = new byte[16 * 4];
        Arrays.fill(zl, (byte) 0x5A);
        s.update(1).rect(10, 10, 4, 4, 6).zlibData(zl);
        byte[] basic = new byte[6 * 3 * 3];
        new Random(1).nextBytes(basic);
        s.update(3).rect(0, 0, 6, 3, 7).u8(0x00).tightData(basic);
        s.rect(6, 0, 6, 3, 7).u8(0x40).u8(1).u8(3).bytes(ServerScript.cpixels(1, 2, 3, 4))
                .tightData(new byte[] {0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1});
        s.rect(12, 0, 4, 4, 7).u8(0x80).bytes(new byte[] {1, 2, 3});
        s.update(0xFFFF).rect(0, 0, 2, 2, -239).rawPixels(new int[4]).u8(0).u8(0).rect(0, 0, 40, 20, -308).u8(1)
                .bytes(new byte[3 + 16]).rect(0, 0, 0, 0, -224);
        s.u8(2).u8(3).bytes(new byte[3]).reason("clipboard").u8(1).u8(0).u16(0).u16(1).bytes(new byte[6]);
        s.update(1).rect(0, 0, 30, 10, -223);
        return s.toByteArray();
    }

    static void run(byte[] server) {
        Settings settings = RfbStreamTest.settings(VncClient.builder());
        RfbSession session;
        try {
            session = RfbSession.negotiate(settings, null, new ByteArrayInputStream(server), OutputStream.nullOutputStream());
        } catch (VncException expected) {
            return;
        }
        try {
            for (int i = 0; i < 10_000; i++) {
                session.readMessage();
            }
            fail("ten thousand messages from " + server.length + " bytes");
        } catch (IOException e) {
            VncException v = RfbSession.translate("fuzz:1", VncException.Phase.UPDATE, e);
            assertTrue(v.getMessage().startsWith("VNC fuzz:1 update: "), v.getMessage());
        }
    }

    @Test
    void validSession_decodesToTheEnd() throws IOException {
        dev.healing.api.Image img = RfbStreamTest.play(validSession());
        // the last message resized the screen: every message before it was understood
        org.junit.jupiter.api.Assertions.assertEquals(30, img.width());
        org.junit.jupiter.api.Assertions.assertEquals(10, img.height());
    }

    @Test
    void mutatedSessions_endInCleanVncExceptions() {
        byte[] valid = validSession();
        int handshakeLength = new ServerScript().handshake38(40, 20).toByteArray().length;
        Random random = new Random(20261122);
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] b = valid.clone();
            switch (i % 4) {
                case 0 -> {
                    for (int k = 0; k <= random.nextInt(4); k++) {
                        int at = handshakeLength + random.nextInt(b.length - handshakeLength);
                        b[at] = (byte) random.nextInt(256);
                    }
                }
                case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length));
                case 2 -> {
                    int at = random.nextInt(b.length);
                    int len = 1 + random.nextInt(8);
                    byte[] junk = new byte[len];
                    random.nextBytes(junk);
                    byte[] c = new byte[b.length + len];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(junk, 0, c, at, len);
                    System.arraycopy(b, at, c, at + len, b.length - at);
                    b = c;
                }
                default -> {
                    int at = random.nextInt(b.length);
                    b[at] = (byte) random.nextInt(256);
                    if (random.nextBoolean()) {
                        b[random.nextInt(b.length)] = (byte) 0xFF;
                    }
                }
            }
            try {
                run(b);
            } catch (RuntimeException | Error e) {
                if (e instanceof VncException) {
                    continue;
                }
                throw new AssertionError("iteration " + i + " failed with " + e, e);
            }
        }
    }

    @Test
    void randomStreams_afterAValidHandshake_endInCleanVncExceptions() {
        byte[] handshake = new ServerScript().handshake38(40, 20).toByteArray();
        Random random = new Random(7);
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] tail = new byte[random.nextInt(300)];
            random.nextBytes(tail);
            if (tail.length > 0 && random.nextBoolean()) {
                tail[0] = 0; // a FramebufferUpdate, the interesting path
            }
            byte[] b = Arrays.copyOf(handshake, handshake.length + tail.length);
            System.arraycopy(tail, 0, b, handshake.length, tail.length);
            try {
                run(b);
            } catch (VncException expected) {
                // clean
            }
        }
    }

    @Test
    void randomStreams_fromTheFirstByte_endInCleanVncExceptions() {
        Random random = new Random(11);
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] b = new byte[random.nextInt(200)];
            random.nextBytes(b);
            if (random.nextBoolean() && b.length >= 12) {
                System.arraycopy("RFB 003.008\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, b, 0, 12);
            }
            try {
                run(b);
            } catch (VncException expected) {
                // clean
            }
        }
    }
}
