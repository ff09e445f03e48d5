package dev.healing.examples;

import dev.healing.api.Image;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * Writes a lossless 8-bit RGB PNG fast, for a one-shot screenshot ({@code vnc-capture}): no row
 * filter, the screen-made deflate of {@link ScreenDeflater}, and a large picture deflated in
 * horizontal stripes on several threads (each stripe is its own IDAT chunk; together they form one
 * zlib stream, as pigz does). No lambdas or {@code String.format}: see {@link VncCaptureCommand}.
 */
final class FastPng {
    /** Pictures of at least this many pixels are split into stripes. */
    static final int STRIPE_MIN_PIXELS = 1 << 19;
    private static final int MAX_STRIPES = 4;
    private static final int ADLER_BASE = 65521;

    private FastPng() {
    }

    /**
     * Writes {@code image} to {@code file}, replacing it.
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    static void write(Image image, Path file) {
        int stripes = (long) image.width() * image.height() < STRIPE_MIN_PIXELS ? 1
                : Math.max(1, Math.min(Math.min(MAX_STRIPES, Runtime.getRuntime().availableProcessors()),
                        image.height() / 16));
        write(image, file, stripes);
    }

    /** Like {@link #write(Image, Path)} with {@code stripes} stripes (1 or more, at most the height). */
    static void write(Image image, Path file, int stripes) {
        int h = image.height();
        if (stripes < 1 || stripes > h) {
            throw new IllegalArgumentException("stripes must be 1.." + h + ", got " + stripes);
        }
        Stripe[] parts = new Stripe[stripes];
        for (int i = 0; i < stripes; i++) {
            parts[i] = new Stripe(image, h * i / stripes, h * (i + 1) / stripes, i == stripes - 1);
        }
        Thread[] helpers = new Thread[stripes - 1];
        for (int i = 1; i < stripes; i++) {
            helpers[i - 1] = new Thread(parts[i], "png-stripe-" + i);
            helpers[i - 1].setDaemon(true);
            helpers[i - 1].start();
        }
        parts[0].run();
        for (Thread t : helpers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing " + file, e);
            }
        }
        for (Stripe s : parts) {
            if (s.failure != null) {
                throw new IllegalStateException("cannot compress " + file + ": " + s.failure, s.failure);
            }
        }
        int adler = parts[0].deflated.adler;
        for (int i = 1; i < stripes; i++) {
            adler = combineAdler(adler, parts[i].deflated.adler, parts[i].deflated.rawLength);
        }
        // java.io's stream: its classes are loaded at JVM start, NIO's file channel ones are not (~1.5 ms)
        try (OutputStream out = new FileOutputStream(file.toFile())) {
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
            byte[] header = new byte[13];
            putInt(header, 0, image.width());
            putInt(header, 4, h);
            header[8] = 8; // bits per channel
            header[9] = 2; // RGB
            chunk(out, "IHDR", header, header.length);
            for (int i = 0; i < stripes; i++) {
                int length = parts[i].deflated.length;
                byte[] body = parts[i].deflated.bytes;
                if (i == 0 || i == stripes - 1) {
                    // the zlib header before the first stripe, the Adler-32 of all rows after the last
                    int pre = i == 0 ? 2 : 0;
                    int post = i == stripes - 1 ? 4 : 0;
                    byte[] framed = new byte[pre + length + post];
                    if (pre > 0) {
                        framed[0] = 0x78; // deflate, 32 KB window
                        framed[1] = 0x01; // fastest; (0x7801 % 31 == 0)
                    }
                    System.arraycopy(body, 0, framed, pre, length);
                    if (post > 0) {
                        putInt(framed, pre + length, adler);
                    }
                    body = framed;
                    length = framed.length;
                }
                chunk(out, "IDAT", body, length);
            }
            chunk(out, "IEND", new byte[0], 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write image " + file, e);
        }
    }

    /** Rows {@code [y0, y1)} as unfiltered PNG scanlines, deflated by {@link ScreenDeflater}. */
    private static final class Stripe implements Runnable {
        private final Image image;
        private final int y0;
        private final int y1;
        private final boolean last;
        ScreenDeflater.Deflated deflated;
        RuntimeException failure;

        Stripe(Image image, int y0, int y1, boolean last) {
            this.image = image;
            this.y0 = y0;
            this.y1 = y1;
            this.last = last;
        }

        @Override
        public void run() {
            try {
                deflated = ScreenDeflater.deflate(image.pixels(), image.width(), y0, y1, last);
            } catch (RuntimeException e) {
                failure = e;
            }
        }
    }

    /** Has the JIT compile what writing a screenshot runs per row ({@link ScreenDeflater#warmUp()}). */
    static void warmUp() {
        ScreenDeflater.warmUp();
    }

    /** @return the Adler-32 of two byte runs joined, from their own sums and the second's length */
    static int combineAdler(int adler1, int adler2, long length2) {
        long rem = length2 % ADLER_BASE;
        long a1 = adler1 & 0xFFFF;
        long b1 = adler1 >>> 16 & 0xFFFF;
        long a2 = adler2 & 0xFFFF;
        long b2 = adler2 >>> 16 & 0xFFFF;
        long a = (a1 + a2 + ADLER_BASE - 1) % ADLER_BASE;
        long b = (rem * a1 + b1 + b2 + ADLER_BASE - rem) % ADLER_BASE;
        return (int) (b << 16 | a);
    }

    private static void chunk(OutputStream out, String type, byte[] body, int length) throws IOException {
        byte[] head = new byte[8];
        putInt(head, 0, length);
        for (int i = 0; i < 4; i++) {
            head[4 + i] = (byte) type.charAt(i);
        }
        CRC32 crc = new CRC32();
        crc.update(head, 4, 4);
        crc.update(body, 0, length);
        byte[] tail = new byte[4];
        putInt(tail, 0, (int) crc.getValue());
        out.write(head);
        out.write(body, 0, length);
        out.write(tail);
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
