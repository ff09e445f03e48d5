package dev.healing.core.vnc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

/** Test helper: writes what an RFB server would send, byte by byte, including zlib streams. */
final class ServerScript {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Deflater zrle = new Deflater();
    private final Deflater zlib = new Deflater();
    private final Deflater tight0 = new Deflater();

    ServerScript u8(int v) {
        out.write(v);
        return this;
    }

    ServerScript u16(int v) {
        return u8(v >> 8).u8(v);
    }

    ServerScript s32(int v) {
        return u16(v >>> 16).u16(v & 0xFFFF);
    }

    ServerScript bytes(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    ServerScript text(String s) {
        return bytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    ServerScript reason(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return s32(b.length).bytes(b);
    }

    /** Version 3.8, security None, SecurityResult OK, ServerInit {@code w x h} 32-bit LE. */
    ServerScript handshake38(int w, int h) {
        return text("RFB 003.008\n").u8(1).u8(1).s32(0).serverInit(w, h);
    }

    ServerScript serverInit(int w, int h) {
        return serverInit(w, h, "fake desktop");
    }

    ServerScript serverInit(int w, int h, String name) {
        return u16(w).u16(h).bytes(PixelFormat.PREFERRED.encode()).reason(name);
    }

    /** FramebufferUpdate header with {@code n} rectangles. */
    ServerScript update(int n) {
        return u8(0).u8(0).u16(n);
    }

    ServerScript rect(int x, int y, int w, int h, int encoding) {
        return u16(x).u16(y).u16(w).u16(h).s32(encoding);
    }

    /** One PIXEL in the preferred format (little-endian 0x00RRGGBB). */
    ServerScript pixel(int rgb) {
        return u8(rgb).u8(rgb >> 8).u8(rgb >> 16).u8(0);
    }

    ServerScript rawPixels(int[] rgb) {
        for (int p : rgb) {
            pixel(p);
        }
        return this;
    }

    static byte[] cpixels(int... rgb) {
        byte[] b = new byte[rgb.length * 3];
        for (int i = 0; i < rgb.length; i++) {
            b[3 * i] = (byte) rgb[i];
            b[3 * i + 1] = (byte) (rgb[i] >> 8);
            b[3 * i + 2] = (byte) (rgb[i] >> 16);
        }
        return b;
    }

    /** ZRLE payload (already tile-encoded, uncompressed) compressed through the connection's stream. */
    ServerScript zrleData(byte[] plain) {
        byte[] z = deflate(zrle, plain);
        return s32(z.length).bytes(z);
    }

    ServerScript zlibData(byte[] plain) {
        byte[] z = deflate(zlib, plain);
        return s32(z.length).bytes(z);
    }

    /** Tight basic data on stream 0: raw if under 12 bytes, else compact length + zlib. */
    ServerScript tightData(byte[] plain) {
        if (plain.length < 12) {
            return bytes(plain);
        }
        byte[] z = deflate(tight0, plain);
        return compact(z.length).bytes(z);
    }

    ServerScript compact(int len) {
        if (len < 0x80) {
            return u8(len);
        }
        if (len < 0x4000) {
            return u8(len & 0x7F | 0x80).u8(len >> 7);
        }
        return u8(len & 0x7F | 0x80).u8(len >> 7 & 0x7F | 0x80).u8(len >> 14);
    }

    static byte[] deflate(Deflater d, byte[] plain) {
        d.setInput(plain);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (true) {
            int n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            o.write(buf, 0, n);
            if (n < buf.length && d.needsInput()) {
                break;
            }
        }
        return o.toByteArray();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
