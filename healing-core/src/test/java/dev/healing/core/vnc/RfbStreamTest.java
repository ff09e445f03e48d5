package dev.healing.core.vnc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Image;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The handshake and every decoder against scripted server byte streams. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
final class RfbStreamTest {
    static final String ADDRESS = "fake.example:5999";

    static Settings settings(VncClient.Builder b) {
        return b.host("fake.example").port(5999).maxPixels(1 << 16).quietPeriod(Duration.ZERO).settings();
    }

    static RfbSession negotiate(byte[] server, ByteArrayOutputStream client, VncClient.Builder b) {
        return RfbSession.negotiate(settings(b), null, new ByteArrayInputStream(server), client);
    }

    /** Negotiates, then applies server messages until the stream ends; returns the framebuffer. */
    static Image play(byte[] server) throws IOException {
        RfbSession s = negotiate(server, new ByteArrayOutputStream(), VncClient.builder());
        try {
            while (true) {
                s.readMessage();
            }
        } catch (EOFException end) {
            return s.snapshot();
        }
    }

    static VncException playFailure(byte[] server) {
        try {
            RfbSession s = negotiate(server, new ByteArrayOutputStream(), VncClient.builder());
            while (true) {
                s.readMessage();
            }
        } catch (IOException e) {
            return RfbSession.translate(ADDRESS, VncException.Phase.UPDATE, e);
        } catch (VncException e) {
            return e;
        }
    }

    @Test
    void handshake_rfb33None_sendsVersionSharedFlagFormatAndEncodings() {
        byte[] server = new ServerScript().text("RFB 003.003\n").s32(1).serverInit(4, 3).toByteArray();
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        RfbSession s = negotiate(server, client, VncClient.builder());
        byte[] sent = client.toByteArray();
        assertEquals("RFB 003.003\n", new String(sent, 0, 12, StandardCharsets.US_ASCII));
        assertEquals(1, sent[12], "shared flag");
        assertEquals(0, sent[13], "SetPixelFormat");
        assertArrayEquals(PixelFormat.PREFERRED.encode(), Arrays.copyOfRange(sent, 17, 33));
        assertEquals(2, sent[33], "SetEncodings");
        assertEquals("fake desktop", s.desktopName());
        assertEquals(4, s.bounds().width());
    }

    @Test
    void handshake_rfb35_isAnsweredAs33() {
        byte[] server = new ServerScript().text("RFB 003.005\n").s32(1).serverInit(4, 3).toByteArray();
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        negotiate(server, client, VncClient.builder());
        assertEquals("RFB 003.003\n", new String(client.toByteArray(), 0, 12, StandardCharsets.US_ASCII));
    }

    @Test
    void handshake_rfb37None_hasNoSecurityResult() {
        byte[] server = new ServerScript().text("RFB 003.007\n").u8(2).u8(2).u8(1).serverInit(5, 5).toByteArray();
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        negotiate(server, client, VncClient.builder());
        byte[] sent = client.toByteArray();
        assertEquals("RFB 003.007\n", new String(sent, 0, 12, StandardCharsets.US_ASCII));
        assertEquals(1, sent[12], "chose None: no password set");
    }

    @Test
    void handshake_newerVersions_areAnsweredAs38() {
        for (String v : new String[] {"RFB 004.001\n", "RFB 003.889\n"}) {
            byte[] server = new ServerScript().text(v).u8(1).u8(1).s32(0).serverInit(4, 3).toByteArray();
            ByteArrayOutputStream client = new ByteArrayOutputStream();
            negotiate(server, client, VncClient.builder());
            assertEquals("RFB 003.008\n", new String(client.toByteArray(), 0, 12, StandardCharsets.US_ASCII), v);
        }
    }

    @Test
    void handshake_rfb33RefusalWithReason_isReported() {
        byte[] server = new ServerScript().text("RFB 003.003\n").s32(0).reason("Too many security failures").toByteArray();
        VncException e = assertThrows(VncException.class,
                () -> negotiate(server, new ByteArrayOutputStream(), VncClient.builder()));
        assertEquals("VNC " + ADDRESS + " handshake: the server refused the connection: Too many security failures",
                e.getMessage());
        assertFalse(e instanceof VncProtocolException);
    }

    @Test
    void handshake_rfb38NoSecurityTypes_reportsReason() {
        byte[] server = new ServerScript().text("RFB 003.008\n").u8(0).reason("go away").toByteArray();
        VncException e = assertThrows(VncException.class,
                () -> negotiate(server, new ByteArrayOutputStream(), VncClient.builder()));
        assertTrue(e.getMessage().endsWith("refused the connection: go away"), e.getMessage());
    }

    @Test
    void handshake_rfb38AuthFailure_carriesReason_rfb37AndRfb33DoNot() {
        byte[] challenge = new byte[16];
        byte[] s38 = new ServerScript().text("RFB 003.008\n").u8(1).u8(2).bytes(challenge).s32(1)
                .reason("Authentication failure").toByteArray();
        VncException e38 = assertThrows(VncException.class,
                () -> negotiate(s38, new ByteArrayOutputStream(), VncClient.builder().password("x")));
        assertEquals(VncException.Phase.AUTH, e38.phase());
        assertTrue(e38.getMessage().endsWith("Authentication failure"), e38.getMessage());
        byte[] s37 = new ServerScript().text("RFB 003.007\n").u8(1).u8(2).bytes(challenge).s32(1).toByteArray();
        VncException e37 = assertThrows(VncException.class,
                () -> negotiate(s37, new ByteArrayOutputStream(), VncClient.builder().password("x")));
        assertTrue(e37.getMessage().contains("authentication failed"), e37.getMessage());
        byte[] s33 = new ServerScript().text("RFB 003.003\n").s32(2).bytes(challenge).s32(1).toByteArray();
        VncException e33 = assertThrows(VncException.class,
                () -> negotiate(s33, new ByteArrayOutputStream(), VncClient.builder().password("x")));
        assertEquals(VncException.Phase.AUTH, e33.phase());
    }

    @Test
    void handshake_vncAuth_sendsDesOfChallengeWithBitReversedKey() {
        byte[] challenge = new byte[16];
        for (int i = 0; i < 16; i++) {
            challenge[i] = (byte) (i * 17);
        }
        byte[] server = new ServerScript().text("RFB 003.008\n").u8(1).u8(2).bytes(challenge).s32(0)
                .serverInit(2, 2).toByteArray();
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        negotiate(server, client, VncClient.builder().password("password"));
        byte[] response = Arrays.copyOfRange(client.toByteArray(), 13, 29);
        // Independent check: DES with the key whose bytes have their bits mirrored.
        assertArrayEquals(VncAuth.response("password", challenge), response);
        assertFalse(Arrays.equals(challenge, response));
        assertArrayEquals(VncAuth.response("password", challenge), VncAuth.response("passwordLONGER", challenge),
                "only 8 characters count");
    }

    @Test
    void handshake_notRfb_isAProtocolError() {
        byte[] server = "HTTP/1.1 400 Bad Request\r\n".getBytes(StandardCharsets.US_ASCII);
        VncException e = assertThrows(VncProtocolException.class,
                () -> negotiate(server, new ByteArrayOutputStream(), VncClient.builder()));
        assertTrue(e.getMessage().contains("not an RFB server"), e.getMessage());
    }

    @Test
    void handshake_onlyUnknownSecurityTypes_namesThem() {
        byte[] server = new ServerScript().text("RFB 003.008\n").u8(2).u8(16).u8(30).toByteArray();
        VncException e = assertThrows(VncException.class,
                () -> negotiate(server, new ByteArrayOutputStream(), VncClient.builder()));
        assertTrue(e.getMessage().contains("[16, 30]"), e.getMessage());
    }

    @Test
    void decode_everyEncoding_paintsTheExpectedPixels() throws IOException {
        int w = 20;
        int h = 10;
        int[] expected = new int[w * h];
        ServerScript s = new ServerScript().handshake38(w, h);
        s.update(0xFFFF);
        // Raw: whole screen, a gradient
        int[] raw = new int[w * h];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = i * 0x010203 & 0xFFFFFF;
        }
        s.rect(0, 0, w, h, 0).rawPixels(raw);
        System.arraycopy(raw, 0, expected, 0, raw.length);
        // RRE at (0,0) 4x4: background red, sub-rect blue at (1,1) 2x2
        s.rect(0, 0, 4, 4, 2).s32(1).pixel(0xFF0000).pixel(0x0000FF).u16(1).u16(1).u16(2).u16(2);
        fill(expected, w, 0, 0, 4, 4, 0xFF0000);
        fill(expected, w, 1, 1, 2, 2, 0x0000FF);
        // Hextile at (4,0) 4x4: bg green, fg white, one sub-rect (0,0) 1x4; then coloured sub-rect
        s.rect(4, 0, 4, 4, 5).u8(2 | 4 | 8).pixel(0x00FF00).pixel(0xFFFFFF).u8(1).u8(0x00).u8(0x03);
        fill(expected, w, 4, 0, 4, 4, 0x00FF00);
        fill(expected, w, 4, 0, 1, 4, 0xFFFFFF);
        // CopyRect (8,0) 4x4 from (0,0)
        s.rect(8, 0, 4, 4, 1).u16(0).u16(0);
        for (int y = 0; y < 4; y++) {
            System.arraycopy(expected, y * w, expected, y * w + 8, 4);
        }
        // ZRLE at (12,0) 8x4: tile with palette RLE: 2 colours, run of 20 of colour 0, then 12 of colour 1
        ByteArrayOutputStream zr = new ByteArrayOutputStream();
        zr.write(130);
        zr.writeBytes(ServerScript.cpixels(0x123456, 0x654321));
        zr.write(0x80);
        zr.write(19);
        zr.write(0x81);
        zr.write(11);
        s.rect(12, 0, 8, 4, 16).zrleData(zr.toByteArray());
        for (int i = 0; i < 32; i++) {
            expected[(i / 8) * w + 12 + i % 8] = i < 20 ? 0x123456 : 0x654321;
        }
        // Zlib raw at (0,4) 3x2
        ByteArrayOutputStream zl = new ByteArrayOutputStream();
        int[] zpix = {0x010101, 0x020202, 0x030303, 0x040404, 0x050505, 0x060606};
        for (int p : zpix) {
            zl.writeBytes(new byte[] {(byte) p, (byte) (p >> 8), (byte) (p >> 16), 0});
        }
        s.rect(0, 4, 3, 2, 6).zlibData(zl.toByteArray());
        for (int i = 0; i < 6; i++) {
            expected[(4 + i / 3) * w + i % 3] = zpix[i];
        }
        // Tight fill at (3,4) 5x2
        s.rect(3, 4, 5, 2, 7).u8(0x80).bytes(new byte[] {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF});
        fill(expected, w, 3, 4, 5, 2, 0xABCDEF);
        // Tight 2-colour palette at (8,4) 10x2 with explicit filter 1 on stream 0: rows of 2 bytes, compressed since >= 12? no: 4 bytes raw
        s.rect(8, 4, 10, 2, 7).u8(0x40).u8(1).u8(1).bytes(new byte[] {0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF})
                .tightData(new byte[] {(byte) 0xAA, (byte) 0x80, 0x0F, 0x00});
        for (int i = 0; i < 10; i++) {
            expected[4 * w + 8 + i] = i % 2 == 0 ? 0xFFFFFF : 0;
            expected[5 * w + 8 + i] = i >= 4 && i < 8 ? 0xFFFFFF : 0;
        }
        // Tight gradient on stream 0 at (0,6) 4x4: deltas make every pixel (10*x, 20*y, 5)
        ByteArrayOutputStream grad = new ByteArrayOutputStream();
        int[][] vals = new int[4][4];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                vals[y][x] = 10 * x << 16 | 20 * y << 8 | 5;
            }
        }
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                for (int c = 16; c >= 0; c -= 8) {
                    int left = x > 0 ? vals[y][x - 1] >> c & 0xFF : 0;
                    int up = y > 0 ? vals[y - 1][x] >> c & 0xFF : 0;
                    int upLeft = x > 0 && y > 0 ? vals[y - 1][x - 1] >> c & 0xFF : 0;
                    int pred = Math.max(0, Math.min(255, left + up - upLeft));
                    grad.write((vals[y][x] >> c & 0xFF) - pred & 0xFF);
                }
                expected[(6 + y) * w + x] = vals[y][x];
            }
        }
        s.rect(0, 6, 4, 4, 7).u8(0x40).u8(2).tightData(grad.toByteArray());
        // LastRect ends the update announced with 0xFFFF rectangles
        s.rect(0, 0, 0, 0, -224);
        Image img = play(s.toByteArray());
        Images.assertSame(expected, img, "decoded");
    }

    private static void fill(int[] p, int w, int x, int y, int fw, int fh, int rgb) {
        for (int r = y; r < y + fh; r++) {
            Arrays.fill(p, r * w + x, r * w + x + fw, rgb);
        }
    }

    @Test
    void decode_pseudoEncodings_cursorIsSkippedAndDesktopSizeResizes() throws IOException {
        ServerScript s = new ServerScript().handshake38(4, 4);
        s.update(3);
        s.rect(0, 0, 2, 2, -239).rawPixels(new int[] {1, 2, 3, 4}).u8(0xC0).u8(0xC0);
        s.rect(0, 0, 6, 5, -223);
        s.rect(5, 4, 1, 1, 0).pixel(0x00FF00);
        Image img = play(s.toByteArray());
        assertEquals(6, img.width());
        assertEquals(5, img.height());
        assertEquals(0x00FF00, img.rgb(5, 4));
    }

    @Test
    void decode_rawRectOfTheOldSizeAfterAShrink_isSkipped() throws IOException {
        // wayvnc 0.5 answers a request sent before it shrank the screen at the old size, unclipped
        ServerScript s = new ServerScript().handshake38(8, 8);
        s.update(3);
        s.rect(0, 0, 4, 4, -223);
        s.rect(0, 0, 8, 8, 0).rawPixels(new int[64]);
        s.rect(3, 3, 1, 1, 0).pixel(0x00FF00);
        Image img = play(s.toByteArray());
        assertEquals(4, img.width());
        assertEquals(4, img.height());
        assertEquals(0x00FF00, img.rgb(3, 3));
    }

    @Test
    void link_largeCompressedUpdateArrivingFast_putsRawFirst() throws IOException {
        // Hextile with raw tiles: a compressed encoding, 360 KB arriving at memory speed
        int w = 320;
        int h = 288;
        ServerScript script = new ServerScript().handshake38(w, h);
        script.update(1).rect(0, 0, w, h, RectDecoder.HEXTILE);
        for (int tile = 0; tile < (w / 16) * (h / 16); tile++) {
            script.bytes(new byte[] {1}).rawPixels(new int[256]);
        }
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        RfbSession s = RfbSession.negotiate(VncClient.builder().host("fake.example").port(5999).settings(), null,
                new java.io.ByteArrayInputStream(script.toByteArray()), client);
        assertFalse(s.rawFirst(), "no socket, no address: compressed first");
        assertEquals(VncEncoding.ZRLE, s.link().encoding());
        assertEquals(-1, s.link().bytesPerSecond(), "nothing measured yet");
        int sent = client.size();
        s.readMessage();
        VncLink link = s.link();
        assertEquals(VncEncoding.RAW, link.encoding(), link.toString());
        assertTrue(link.lowerBound(), "measured on compressed data");
        assertTrue(link.bytesPerSecond() > RfbSession.FAST_LINK_BYTES_PER_SECOND, link.toString());
        assertEquals(2, client.toByteArray()[sent], "a SetEncodings message followed");
    }

    @Test
    void raw_narrowRectangle_landsInPlaceWithoutThePaddingByte() throws IOException {
        ServerScript script = new ServerScript().handshake38(8, 8);
        script.update(1).rect(2, 3, 3, 2, RectDecoder.RAW);
        for (int i = 1; i <= 6; i++) {
            script.u8(i).u8(0x10).u8(0x20).u8(0xFF); // blue, green, red, a padding byte that is not 0
        }
        Image img = play(script.toByteArray());
        assertEquals(0x201001, img.rgb(2, 3));
        assertEquals(0x201003, img.rgb(4, 3));
        assertEquals(0x201004, img.rgb(2, 4));
        assertEquals(0x201006, img.rgb(4, 4));
        assertEquals(0, img.rgb(1, 3), "left of the rectangle");
        assertEquals(0, img.rgb(5, 4), "right of the rectangle");
        assertEquals(0, img.rgb(2, 5), "below the rectangle");
    }

    @Test
    void extendedDesktopSize_offeredOnlyOnceTheFirstPixelsArrived() throws IOException {
        // offered at once, TigerVNC answers the first request with that pseudo-rectangle alone
        ServerScript script = new ServerScript().handshake38(8, 8);
        script.update(1).rect(0, 0, 8, 8, RectDecoder.RAW).rawPixels(new int[64]);
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        RfbSession s = negotiate(script.toByteArray(), client, VncClient.builder());
        byte[] setup = client.toByteArray();
        byte[] extendedDesktopSize = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFE, (byte) 0xCC}; // -308
        assertEquals(-1, indexOf(setup, extendedDesktopSize, 0), "not in the first SetEncodings");
        s.readMessage();
        byte[] after = client.toByteArray();
        assertEquals(2, after[setup.length], "a SetEncodings message followed the first frame");
        assertTrue(indexOf(after, extendedDesktopSize, setup.length) > setup.length, "with ExtendedDesktopSize");
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        for (int i = from; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void malformed_rectOutsideFramebuffer_isAProtocolError() {
        byte[] server = new ServerScript().handshake38(8, 8).update(1).rect(4, 4, 5, 1, 0).toByteArray();
        VncException e = playFailure(server);
        assertInstanceOf(VncProtocolException.class, e);
        assertTrue(e.getMessage().contains("outside the 8x8 framebuffer"), e.getMessage());
    }

    @Test
    void malformed_unknownEncodingMessageTypeAndAbsurdLengths_areProtocolErrors() {
        assertTrue(playFailure(new ServerScript().handshake38(8, 8).update(1).rect(0, 0, 1, 1, 99).toByteArray())
                .getMessage().contains("unknown encoding 99"));
        assertTrue(playFailure(new ServerScript().handshake38(8, 8).u8(77).toByteArray())
                .getMessage().contains("unknown server message type 77"));
        VncException zlen = playFailure(new ServerScript().handshake38(8, 8).update(1).rect(0, 0, 8, 8, 16)
                .s32(Integer.MAX_VALUE).toByteArray());
        assertInstanceOf(VncProtocolException.class, zlen);
        assertTrue(zlen.getMessage().contains("out of range"), zlen.getMessage());
        VncException size = playFailure(new ServerScript().handshake38(8, 8).update(1).rect(0, 0, 65535, 65535, -223)
                .toByteArray());
        assertTrue(size.getMessage().contains("65535x65535 is out of range"), size.getMessage());
    }

    @Test
    void malformed_truncatedZlibData_isAProtocolErrorNotAHang() {
        byte[] plain = new byte[8 * 8 * 3 + 1];
        // one raw ZRLE tile needs 192 bytes of CPIXELs; send only half of them, compressed
        byte[] z = ServerScript.deflate(new java.util.zip.Deflater(), Arrays.copyOf(plain, 97));
        byte[] server = new ServerScript().handshake38(8, 8).update(1).rect(0, 0, 8, 8, 16).s32(z.length).bytes(z)
                .toByteArray();
        VncException e = playFailure(server);
        assertInstanceOf(VncProtocolException.class, e);
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().startsWith("VNC " + ADDRESS + " update:"), e.getMessage());
    }

    @Test
    void tightJpeg_headerDeclaringMoreThanTheRectangle_isRefusedBeforeDecoding() throws IOException {
        java.awt.image.BufferedImage small = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(small, "jpeg", jpeg);
        byte[] j = jpeg.toByteArray();
        int sof = -1;
        for (int i = 2; i < j.length - 1 && sof < 0; i++) {
            if ((j[i] & 0xFF) == 0xFF && (j[i + 1] & 0xFF) == 0xC0) {
                sof = i;
            }
        }
        assertTrue(sof > 0, "baseline JPEG has a SOF0 marker");
        // SOF0: marker, length (2), precision (1), height (2), width (2)
        j[sof + 5] = (byte) (20000 >> 8);
        j[sof + 6] = (byte) 20000;
        j[sof + 7] = (byte) (20000 >> 8);
        j[sof + 8] = (byte) 20000;
        byte[] server = new ServerScript().handshake38(16, 16).update(1).rect(0, 0, 8, 8, 7).u8(0x90)
                .compact(j.length).bytes(j).toByteArray();
        RfbSession s = negotiate(server, new ByteArrayOutputStream(), VncClient.builder().tightJpegQuality(5));
        IOException e = assertThrows(IOException.class, s::readMessage);
        assertInstanceOf(ProtocolViolation.class, e);
        assertEquals("Tight JPEG declares 20000x20000 for a 8x8 rectangle", e.getMessage());
    }
}
