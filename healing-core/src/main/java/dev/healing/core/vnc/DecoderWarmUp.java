package dev.healing.core.vnc;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * Internal: decodes a small made-up Hextile rectangle (every kind of tile) and a Raw one often
 * enough for the JIT to compile the decoding methods. A new process's first frame is decoded as it
 * arrives; without this, its first thousands of tiles go through the interpreter. Called by
 * {@link VncClient#preload()}.
 */
final class DecoderWarmUp {
    private static final int WIDTH = 64;
    private static final int HEIGHT = 32;
    /** Past C1's thresholds for the per-rectangle methods (100 calls with 2,000 loop turns, or 200 calls). */
    private static final int PASSES = 120;

    private DecoderWarmUp() {
    }

    static void run() {
        byte[] hextile = hextile();
        byte[] raw = new byte[WIDTH * 2 * 4];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (i * 7);
        }
        RectDecoder decoder = new RectDecoder(PixelFormat.PREFERRED, false, WIDTH, HEIGHT);
        decoder.allocate();
        Replay in = new Replay();
        try {
            for (int pass = 0; pass < PASSES; pass++) {
                in.load(hextile);
                decoder.decode(in, RectDecoder.HEXTILE, 0, 0, WIDTH, HEIGHT);
                in.load(raw);
                decoder.decode(in, RectDecoder.RAW, 0, pass % (HEIGHT - 1), WIDTH, 2);
            }
        } catch (IOException e) {
            throw new IllegalStateException("the warm-up's own data did not decode", e);
        }
    }

    /** Eight tiles: background only, with plain and coloured sub-rectangles, and Raw. */
    private static byte[] hextile() {
        ByteArrayOutputStream b = new ByteArrayOutputStream(2048);
        for (int tile = 0; tile < (WIDTH / 16) * (HEIGHT / 16); tile++) {
            switch (tile % 4) {
                case 0:
                    b.write(2); // background
                    pixel(b, 0xF0F0F0);
                    break;
                case 1:
                    b.write(2 | 4 | 8); // sub-rectangles in the foreground
                    pixel(b, 0xFFFFFF);
                    pixel(b, 0x202020);
                    b.write(4);
                    for (int s = 0; s < 4; s++) {
                        b.write(s << 4 | s * 2);
                        b.write(0x30 | s);
                    }
                    break;
                case 2:
                    b.write(8 | 16); // coloured sub-rectangles on the last background
                    b.write(3);
                    for (int s = 0; s < 3; s++) {
                        pixel(b, 0x3366CC + s);
                        b.write(s * 5 << 4 | s);
                        b.write(0x11 * (s + 1));
                    }
                    break;
                default:
                    b.write(1); // Raw
                    for (int p = 0; p < 16 * 16; p++) {
                        pixel(b, p * 0x010203);
                    }
                    break;
            }
        }
        return b.toByteArray();
    }

    /** Writes a little-endian 32-bit pixel, as {@link PixelFormat#PREFERRED} has them. */
    private static void pixel(ByteArrayOutputStream b, int rgb) {
        b.write(rgb);
        b.write(rgb >> 8);
        b.write(rgb >> 16);
        b.write(0);
    }

    /** A source that holds one rectangle's bytes, loaded again for every pass. */
    private static final class Replay extends ByteSource {
        void load(byte[] bytes) {
            System.arraycopy(bytes, 0, buf, 0, bytes.length);
            pos = 0;
            lim = bytes.length;
        }

        @Override
        protected int fill(byte[] dst, int off, int len) throws IOException {
            throw new EOFException("the warm-up rectangle ended early");
        }
    }
}
