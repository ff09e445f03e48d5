package dev.healing.core.vnc;

import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;

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
        Bytes b = new Bytes();
        for (int tile = 0; tile < (WIDTH / 16) * (HEIGHT / 16); tile++) {
            switch (tile % 4) {
                case 0:
                    b.u8(2).pixel(0xF0F0F0); // background
                    break;
                case 1:
                    b.u8(2 | 4 | 8).pixel(0xFFFFFF).pixel(0x202020).u8(4); // sub-rectangles in the foreground
                    for (int s = 0; s < 4; s++) {
                        b.u8(s << 4 | s * 2).u8(0x30 | s);
                    }
                    break;
                case 2:
                    b.u8(8 | 16).u8(3); // coloured sub-rectangles on the last background
                    for (int s = 0; s < 3; s++) {
                        b.pixel(0x3366CC + s).u8(s * 5 << 4 | s).u8(0x11 * (s + 1));
                    }
                    break;
                default:
                    b.u8(1); // Raw
                    for (int p = 0; p < 16 * 16; p++) {
                        b.pixel(p * 0x010203);
                    }
                    break;
            }
        }
        return b.toArray();
    }

    /** Little-endian 32-bit pixels, as {@link PixelFormat#PREFERRED} has them. */
    private static final class Bytes {
        private byte[] data = new byte[2048];
        private int length;

        Bytes u8(int v) {
            if (length == data.length) {
                data = Arrays.copyOf(data, 2 * length);
            }
            data[length++] = (byte) v;
            return this;
        }

        Bytes pixel(int rgb) {
            return u8(rgb).u8(rgb >> 8).u8(rgb >> 16).u8(0);
        }

        byte[] toArray() {
            return Arrays.copyOf(data, length);
        }
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
