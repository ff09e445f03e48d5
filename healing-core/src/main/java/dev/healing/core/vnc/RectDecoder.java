package dev.healing.core.vnc;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.Arrays;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Internal: decodes the pixel rectangles of framebuffer updates into a {@code 0xRRGGBB} int
 * framebuffer. Keeps the connection's zlib streams. Every length and coordinate the server sends
 * is checked against the framebuffer before anything is read or allocated, so malformed data ends
 * in a {@link ProtocolViolation}. Not thread-safe: the reader thread owns it.
 */
final class RectDecoder {
    static final int RAW = 0;
    static final int COPY_RECT = 1;
    static final int RRE = 2;
    static final int HEXTILE = 5;
    static final int ZLIB = 6;
    static final int TIGHT = 7;
    static final int ZRLE = 16;
    /**
     * Largest Tight JPEG rectangle decoded, in pixels (16 MB decoded); servers split JPEG updates
     * into rectangles of at most 65,536 pixels (TigerVNC, TightVNC).
     */
    static final int MAX_JPEG_PIXELS = 4 << 20;
    /** Largest Raw rectangle decoded through the scratch array, in pixels (1 MB of ints). */
    static final int MAX_RAW_SCRATCH_PIXELS = 1 << 18;


    private final PixelFormat pf;
    private final boolean jpegAllowed;
    // The zlib streams, each made at its first rectangle (80 KB of buffers and an inflater each):
    // a connection that sees no ZRLE, Zlib or Tight, such as a one-shot capture, needs none.
    private ZlibReader zrle;
    private ZlibReader zlib;
    private final ZlibReader[] tight = new ZlibReader[4];
    private final int[] palette = new int[256];
    /** Rectangles decoded per encoding number 0..16 (diagnostics and tests). */
    private final long[] rectCounts = new long[17];
    private byte[] scratch = new byte[4096];
    private int[] gradientPrev = new int[0];
    private int[] gradientCur = new int[0];
    /** Raw rectangles narrower than the screen are decoded here first (grows up to {@link #MAX_RAW_SCRATCH_PIXELS}). */
    private int[] rawScratch = new int[0];
    /** The byte buffer that {@link #views} look at, and its int views by alignment (see {@link #intView}). */
    private byte[] viewsOf;
    private IntBuffer[] views;

    int[] fb;
    /** Whether {@link #fb} was lent out ({@link #lend()}) and must be copied before it is written. */
    private boolean lent;
    int width;
    int height;

    /** The framebuffer itself is allocated by {@link #allocate()}. */
    RectDecoder(PixelFormat pf, boolean jpegAllowed, int width, int height) {
        this.pf = pf;
        this.jpegAllowed = jpegAllowed;
        this.width = width;
        this.height = height;
    }

    /**
     * Allocates the black framebuffer of the size given at construction, unless that was done.
     * The reader thread calls it before it waits for the first message: allocating and zeroing a
     * 1080p framebuffer takes a cold process milliseconds, spent there while the server prepares
     * its first update instead of in {@code connect()}.
     */
    void allocate() {
        if (fb == null) {
            fb = new int[width * height];
        }
    }

    /**
     * @return the framebuffer itself, lent out (to a whole-screen capture, as an {@link
     *         dev.healing.api.Image}'s pixels): the next rectangle decoded first copies it, so the
     *         lent array never changes. A capture then costs no copy of the screen on the caller's
     *         path (8 MB at 1080p), and none at all when no update follows, as in a one-shot screenshot.
     */
    int[] lend() {
        allocate();
        lent = true;
        return fb;
    }

    /**
     * Replaces the framebuffer with a black one of the new size (the caller checked the size
     * against {@link HeapBudget}). The old one is let go first, so that two large framebuffers
     * are never held at once.
     */
    void resize(int newWidth, int newHeight) {
        this.fb = new int[0];
        this.lent = false;
        this.width = 0;
        this.height = 0;
        this.fb = new int[newWidth * newHeight];
        this.width = newWidth;
        this.height = newHeight;
    }

    void close() {
        for (ZlibReader z : new ZlibReader[] {zrle, zlib, tight[0], tight[1], tight[2], tight[3]}) {
            if (z != null) {
                z.close();
            }
        }
    }

    private ZlibReader tightStream(int i) {
        if (tight[i] == null) {
            tight[i] = new ZlibReader("Tight stream " + i);
        }
        return tight[i];
    }

    /** @return how many rectangles of {@code encoding} (0..16) were decoded */
    long rectCount(int encoding) {
        return rectCounts[encoding];
    }

    /** @return whether {@link #decode} knows {@code encoding} */
    static boolean decodes(int encoding) {
        switch (encoding) {
            case RAW:
            case COPY_RECT:
            case RRE:
            case HEXTILE:
            case ZLIB:
            case TIGHT:
            case ZRLE:
                return true;
            default:
                return false;
        }
    }

    /** Decodes one pixel rectangle whose header has been read; the rectangle is inside the framebuffer. */
    void decode(ByteSource in, int encoding, int x, int y, int w, int h) throws IOException {
        if (lent) {
            fb = fb.clone();
            lent = false;
        }
        if (encoding >= 0 && encoding < rectCounts.length) {
            rectCounts[encoding]++;
        }
        switch (encoding) {
            case RAW:
                raw(in, x, y, w, h);
                break;
            case COPY_RECT:
                copyRect(in, x, y, w, h);
                break;
            case RRE:
                rre(in, x, y, w, h);
                break;
            case HEXTILE:
                hextile(in, x, y, w, h);
                break;
            case ZLIB:
                if (zlib == null) {
                    zlib = new ZlibReader("Zlib");
                }
                zlib.feed(in, in.s32(), compressedLimit((long) w * h * pf.bytesPerPixel));
                raw(zlib, x, y, w, h);
                zlib.drain();
                break;
            case TIGHT:
                tight(in, x, y, w, h);
                break;
            case ZRLE:
                zrle(in, x, y, w, h);
                break;
            default:
                throw new ProtocolViolation("unknown encoding " + encoding + " (not requested)");
        }
    }

    /** zlib output never shrinks below ~1/1000 of extra per block; anything above this bound is garbage. */
    private static long compressedLimit(long rawBytes) {
        return rawBytes + rawBytes / 64 + 1024;
    }

    private void fill(int x, int y, int w, int h, int rgb) {
        int[] out = fb;
        int stride = width;
        if (w <= 16) {
            for (int row = y; row < y + h; row++) {
                int start = row * stride + x;
                for (int i = 0; i < w; i++) {
                    out[start + i] = rgb;
                }
            }
            return;
        }
        for (int row = y; row < y + h; row++) {
            int start = row * stride + x;
            Arrays.fill(out, start, start + w, rgb);
        }
    }

    private int pixel(ByteSource in) throws IOException {
        if (pf.direct && !pf.bigEndian) {
            in.require(4);
            byte[] b = in.buf;
            int p = in.pos;
            int rgb = (b[p + 2] & 0xFF) << 16 | (b[p + 1] & 0xFF) << 8 | b[p] & 0xFF;
            in.pos += 4;
            return rgb;
        }
        int bpp = pf.bytesPerPixel;
        in.require(bpp);
        int rgb = pf.rgbAt(in.buf, in.pos);
        in.pos += bpp;
        return rgb;
    }

    private void raw(ByteSource in, int x, int y, int w, int h) throws IOException {
        if (x == 0 && w == width) {
            // whole rows lie end to end in the framebuffer: one run, converted as it arrives
            rawRun(in, fb, y * width, w * h);
            return;
        }
        int area = w * h;
        if (area <= MAX_RAW_SCRATCH_PIXELS) {
            // Servers split a frame into many narrow rectangles (TigerVNC: ~260 for a 1080p page,
            // thousands of rows of a few to a few hundred pixels): the rectangle is converted as
            // one run into a scratch array, and its rows copied into place.
            if (rawScratch.length < area) {
                rawScratch = new int[Math.max(area, Math.min(MAX_RAW_SCRATCH_PIXELS, 2 * rawScratch.length))];
            }
            int[] rect = rawScratch;
            rawRun(in, rect, 0, area);
            for (int row = 0; row < h; row++) {
                System.arraycopy(rect, row * w, fb, (y + row) * width + x, w);
            }
            return;
        }
        for (int row = y; row < y + h; row++) {
            rawRun(in, fb, row * width + x, w);
        }
    }

    /** Reads {@code count} Raw pixels into {@code out} from index {@code idx} on. */
    private void rawRun(ByteSource in, int[] out, int idx, int count) throws IOException {
        int bpp = pf.bytesPerPixel;
        int remaining = count;
        while (remaining > 0) {
            // a full buffer at a time where the run is that long: a fast reader otherwise gets the
            // frame in thousands of small reads, each converted with its own overhead
            long left = (long) remaining * bpp;
            if (in.buffered() < left && in.buffered() < ByteSource.BUFFER_SIZE) {
                in.require((int) Math.min(left, ByteSource.BUFFER_SIZE));
            }
            int n = Math.min(remaining, in.buffered() / bpp);
            convert(in.buf, in.pos, out, idx, n);
            in.pos += n * bpp;
            idx += n;
            remaining -= n;
        }
    }

    private void convert(byte[] b, int off, int[] out, int idx, int n) {
        if (pf.direct) {
            // A bulk copy, then a mask: as fast as a VarHandle loop when compiled, and ten times
            // faster in a cold JVM, where a one-shot screenshot decodes its only frame.
            intView(b, off).get(off >> 2, out, idx, n);
            for (int i = idx, end = idx + n; i < end; i++) {
                out[i] &= 0xFFFFFF;
            }
            return;
        }
        int bpp = pf.bytesPerPixel;
        for (int i = 0; i < n; i++) {
            out[idx + i] = pf.rgbAt(b, off + i * bpp);
        }
    }

    /**
     * @return an int view of {@code b} in the pixel format's byte order whose index {@code off >> 2}
     *         is byte {@code off}; made once per buffer and alignment, since a cold JVM pays
     *         microseconds for each new buffer object and a frame arrives in hundreds of pieces
     */
    private IntBuffer intView(byte[] b, int off) {
        if (viewsOf != b) {
            viewsOf = b;
            views = new IntBuffer[4];
        }
        int align = off & 3;
        IntBuffer v = views[align];
        if (v == null) {
            v = ByteBuffer.wrap(b, align, b.length - align).slice()
                    .order(pf.bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN).asIntBuffer();
            views[align] = v;
        }
        return v;
    }

    private void copyRect(ByteSource in, int x, int y, int w, int h) throws IOException {
        int sx = in.u16();
        int sy = in.u16();
        if (sx + w > width || sy + h > height) {
            throw new ProtocolViolation("CopyRect source " + sx + "," + sy + " " + w + "x" + h
                    + " is outside the " + width + "x" + height + " framebuffer");
        }
        if (sy < y) {
            for (int row = h - 1; row >= 0; row--) {
                System.arraycopy(fb, (sy + row) * width + sx, fb, (y + row) * width + x, w);
            }
        } else {
            for (int row = 0; row < h; row++) {
                System.arraycopy(fb, (sy + row) * width + sx, fb, (y + row) * width + x, w);
            }
        }
    }

    private void rre(ByteSource in, int x, int y, int w, int h) throws IOException {
        long count = in.s32() & 0xFFFFFFFFL;
        fill(x, y, w, h, pixel(in));
        for (long i = 0; i < count; i++) {
            int rgb = pixel(in);
            int sx = in.u16();
            int sy = in.u16();
            int sw = in.u16();
            int sh = in.u16();
            if (sx + sw > w || sy + sh > h) {
                throw new ProtocolViolation("RRE sub-rectangle " + sx + "," + sy + " " + sw + "x" + sh
                        + " is outside its " + w + "x" + h + " rectangle");
            }
            fill(x + sx, y + sy, sw, sh, rgb);
        }
    }

    private void hextile(ByteSource in, int x, int y, int w, int h) throws IOException {
        int bg = 0;
        int fg = 0;
        for (int ty = y; ty < y + h; ty += 16) {
            int th = Math.min(16, y + h - ty);
            for (int tx = x; tx < x + w; tx += 16) {
                int tw = Math.min(16, x + w - tx);
                int mask = in.u8();
                if (mask > 31) {
                    throw new ProtocolViolation("Hextile sub-encoding " + mask + " has unknown bits");
                }
                if ((mask & 1) != 0) {
                    raw(in, tx, ty, tw, th);
                    continue;
                }
                if ((mask & 2) != 0) {
                    bg = pixel(in);
                }
                fill(tx, ty, tw, th, bg);
                if ((mask & 4) != 0) {
                    fg = pixel(in);
                }
                if ((mask & 8) != 0) {
                    int count = in.u8();
                    boolean coloured = (mask & 16) != 0;
                    for (int i = 0; i < count; i++) {
                        int rgb = coloured ? pixel(in) : fg;
                        int xy = in.u8();
                        int wh = in.u8();
                        int sx = xy >> 4;
                        int sy = xy & 15;
                        int sw = (wh >> 4) + 1;
                        int sh = (wh & 15) + 1;
                        if (sx + sw > tw || sy + sh > th) {
                            throw new ProtocolViolation("Hextile sub-rectangle " + sx + "," + sy + " " + sw + "x" + sh
                                    + " is outside its " + tw + "x" + th + " tile");
                        }
                        fill(tx + sx, ty + sy, sw, sh, rgb);
                    }
                }
            }
        }
    }

    private void zrle(ByteSource in, int x, int y, int w, int h) throws IOException {
        int length = in.s32();
        long rawBytes = (long) w * h * (pf.cpixelBytes + 1);
        if (zrle == null) {
            zrle = new ZlibReader("ZRLE");
        }
        zrle.feed(in, length, compressedLimit(rawBytes + ((long) (w + 63) / 64) * ((h + 63) / 64) * (1 + 16 * 4)));
        ZlibReader z = zrle;
        int cp = pf.cpixelBytes;
        for (int ty = y; ty < y + h; ty += 64) {
            int th = Math.min(64, y + h - ty);
            for (int tx = x; tx < x + w; tx += 64) {
                int tw = Math.min(64, x + w - tx);
                int sub = z.u8();
                if (sub == 0) {
                    for (int row = ty; row < ty + th; row++) {
                        int idx = row * width + tx;
                        z.require(tw * cp);
                        byte[] b = z.buf;
                        int off = z.pos;
                        if (cp == 3 && !pf.bigEndian && !pf.cpixelHigh && pf.direct) {
                            for (int i = 0; i < tw; i++, off += 3) {
                                fb[idx + i] = (b[off + 2] & 0xFF) << 16 | (b[off + 1] & 0xFF) << 8 | b[off] & 0xFF;
                            }
                        } else {
                            for (int i = 0; i < tw; i++, off += cp) {
                                fb[idx + i] = pf.cpixelRgbAt(b, off);
                            }
                        }
                        z.pos = off;
                    }
                } else if (sub == 1) {
                    z.require(cp);
                    int rgb = pf.cpixelRgbAt(z.buf, z.pos);
                    z.pos += cp;
                    fill(tx, ty, tw, th, rgb);
                } else if (sub <= 16) {
                    readPalette(z, sub, cp);
                    int bits = sub == 2 ? 1 : sub <= 4 ? 2 : 4;
                    int rowBytes = (tw * bits + 7) / 8;
                    int pmask = (1 << bits) - 1;
                    for (int row = ty; row < ty + th; row++) {
                        z.require(rowBytes);
                        int base = z.pos;
                        int idx = row * width + tx;
                        for (int i = 0; i < tw; i++) {
                            int bit = i * bits;
                            int index = (z.buf[base + (bit >> 3)] & 0xFF) >> (8 - bits - (bit & 7)) & pmask;
                            if (index >= sub) {
                                throw new ProtocolViolation("ZRLE palette index " + index + " >= palette size " + sub);
                            }
                            fb[idx + i] = palette[index];
                        }
                        z.pos += rowBytes;
                    }
                } else if (sub == 128) {
                    int total = tw * th;
                    int done = 0;
                    while (done < total) {
                        z.require(cp);
                        int rgb = pf.cpixelRgbAt(z.buf, z.pos);
                        z.pos += cp;
                        int run = runLength(z, total - done);
                        fillRun(tx, ty, tw, done, run, rgb);
                        done += run;
                    }
                } else if (sub >= 130) {
                    int size = sub - 128;
                    readPalette(z, size, cp);
                    int total = tw * th;
                    int done = 0;
                    while (done < total) {
                        int index = z.u8();
                        int run = 1;
                        if ((index & 128) != 0) {
                            index &= 127;
                            run = runLength(z, total - done);
                        }
                        if (index >= size) {
                            throw new ProtocolViolation("ZRLE palette index " + index + " >= palette size " + size);
                        }
                        fillRun(tx, ty, tw, done, run, palette[index]);
                        done += run;
                    }
                } else {
                    throw new ProtocolViolation("ZRLE sub-encoding " + sub + " is not defined");
                }
            }
        }
        z.drain();
    }

    private void readPalette(ZlibReader z, int size, int cp) throws IOException {
        z.require(size * cp);
        for (int i = 0; i < size; i++) {
            palette[i] = pf.cpixelRgbAt(z.buf, z.pos);
            z.pos += cp;
        }
    }

    private static int runLength(ByteSource z, int remaining) throws IOException {
        int run = 1;
        int b;
        do {
            b = z.u8();
            run += b;
            if (run > remaining) {
                throw new ProtocolViolation("ZRLE run of " + run + " pixels overflows its tile (" + remaining + " left)");
            }
        } while (b == 255);
        return run;
    }

    /** Fills {@code run} pixels of a {@code tw}-wide tile starting at tile pixel index {@code start}. */
    private void fillRun(int tx, int ty, int tw, int start, int run, int rgb) {
        int row = start / tw;
        int col = start % tw;
        while (run > 0) {
            int n = Math.min(run, tw - col);
            int idx = (ty + row) * width + tx + col;
            Arrays.fill(fb, idx, idx + n, rgb);
            run -= n;
            col = 0;
            row++;
        }
    }

    private static int compactLength(ByteSource in) throws IOException {
        int b = in.u8();
        int len = b & 0x7F;
        if ((b & 0x80) != 0) {
            b = in.u8();
            len |= (b & 0x7F) << 7;
            if ((b & 0x80) != 0) {
                len |= in.u8() << 14;
            }
        }
        return len;
    }

    private void tight(ByteSource in, int x, int y, int w, int h) throws IOException {
        int control = in.u8();
        for (int i = 0; i < 4; i++) {
            if ((control & 1 << i) != 0 && tight[i] != null) {
                tight[i].reset(); // a stream not made yet is new anyway
            }
        }
        int type = control >> 4;
        int tp = pf.tpixelBytes;
        if (type == 8) {
            in.require(tp);
            int rgb = pf.toRgb(pf.tpixelAt(in.buf, in.pos));
            in.pos += tp;
            fill(x, y, w, h, rgb);
            return;
        }
        if (type == 9) {
            tightJpeg(in, x, y, w, h);
            return;
        }
        if (type > 9) {
            throw new ProtocolViolation("Tight compression type " + type + " is not supported (not requested)");
        }
        int filter = (type & 4) != 0 ? in.u8() : 0;
        ZlibReader stream = tightStream(type & 3);
        long total;
        int paletteSize = 0;
        if (filter == 0 || filter == 2) {
            total = (long) w * h * tp;
        } else if (filter == 1) {
            paletteSize = in.u8() + 1;
            in.require(paletteSize * tp);
            for (int i = 0; i < paletteSize; i++) {
                palette[i] = pf.toRgb(pf.tpixelAt(in.buf, in.pos));
                in.pos += tp;
            }
            total = paletteSize == 2 ? (long) (w + 7) / 8 * h : (long) w * h;
        } else {
            throw new ProtocolViolation("Tight filter " + filter + " is not defined");
        }
        ByteSource src;
        if (total < 12) {
            src = in;
        } else {
            stream.feed(in, compactLength(in), compressedLimit(total));
            src = stream;
        }
        if (filter == 1) {
            tightPalette(src, x, y, w, h, paletteSize);
        } else if (filter == 2) {
            tightGradient(src, x, y, w, h, tp);
        } else {
            for (int row = y; row < y + h; row++) {
                int idx = row * width + x;
                for (int i = 0; i < w; i++) {
                    src.require(tp);
                    fb[idx + i] = pf.toRgb(pf.tpixelAt(src.buf, src.pos));
                    src.pos += tp;
                }
            }
        }
        if (src == stream) {
            stream.drain();
        }
    }

    private void tightPalette(ByteSource src, int x, int y, int w, int h, int size) throws IOException {
        if (size == 2) {
            int rowBytes = (w + 7) / 8;
            for (int row = y; row < y + h; row++) {
                src.require(rowBytes);
                int base = src.pos;
                int idx = row * width + x;
                for (int i = 0; i < w; i++) {
                    fb[idx + i] = palette[(src.buf[base + (i >> 3)] >> (7 - (i & 7))) & 1];
                }
                src.pos += rowBytes;
            }
            return;
        }
        for (int row = y; row < y + h; row++) {
            int idx = row * width + x;
            for (int i = 0; i < w; i++) {
                int index = src.u8();
                if (index >= size) {
                    throw new ProtocolViolation("Tight palette index " + index + " >= palette size " + size);
                }
                fb[idx + i] = palette[index];
            }
        }
    }

    private void tightGradient(ByteSource src, int x, int y, int w, int h, int tp) throws IOException {
        int n = 3 * (w + 1);
        if (gradientPrev.length < n) {
            gradientPrev = new int[n];
            gradientCur = new int[n];
        }
        int[] prev = gradientPrev;
        int[] cur = gradientCur;
        Arrays.fill(prev, 0, n, 0);
        int[] max = {pf.redMax, pf.greenMax, pf.blueMax};
        int[] mask = {Integer.highestOneBit(pf.redMax) * 2 - 1, Integer.highestOneBit(pf.greenMax) * 2 - 1,
            Integer.highestOneBit(pf.blueMax) * 2 - 1};
        for (int row = y; row < y + h; row++) {
            cur[0] = 0;
            cur[1] = 0;
            cur[2] = 0;
            int idx = row * width + x;
            for (int i = 0; i < w; i++) {
                src.require(tp);
                int delta = pf.tpixelAt(src.buf, src.pos);
                src.pos += tp;
                int o = 3 * (i + 1);
                cur[o] = predict(cur[o - 3], prev[o], prev[o - 3], pf.red(delta), max[0], mask[0]);
                cur[o + 1] = predict(cur[o - 2], prev[o + 1], prev[o - 2], pf.green(delta), max[1], mask[1]);
                cur[o + 2] = predict(cur[o - 1], prev[o + 2], prev[o - 1], pf.blue(delta), max[2], mask[2]);
                fb[idx + i] = pf.toRgb(pf.compose(cur[o], cur[o + 1], cur[o + 2]));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
    }

    private static int predict(int left, int up, int upLeft, int delta, int max, int mask) {
        int predicted = left + up - upLeft;
        predicted = predicted < 0 ? 0 : Math.min(predicted, max);
        return (predicted + delta) & mask;
    }

    private void tightJpeg(ByteSource in, int x, int y, int w, int h) throws IOException {
        int length = compactLength(in);
        if (!jpegAllowed) {
            throw new ProtocolViolation("Tight JPEG rectangle received although JPEG was not requested");
        }
        if ((long) w * h > MAX_JPEG_PIXELS) {
            throw new ProtocolViolation("Tight JPEG rectangle " + w + "x" + h + " is larger than the "
                    + MAX_JPEG_PIXELS + " pixels this client decodes at once");
        }
        if (length > compressedLimit((long) w * h * 4)) {
            throw new ProtocolViolation("Tight JPEG length " + length + " is out of range for " + w + "x" + h);
        }
        if (scratch.length < length) {
            scratch = new byte[length];
        }
        in.readFully(scratch, 0, length);
        BufferedImage image = decodeJpeg(length, w, h);
        for (int row = 0; row < h; row++) {
            image.getRGB(0, row, w, 1, fb, (y + row) * width + x, w);
            for (int i = 0; i < w; i++) {
                fb[(y + row) * width + x + i] &= 0xFFFFFF;
            }
        }
    }

    /** Decodes the JPEG in {@code scratch} after checking, from its header alone, that it is {@code w x h}. */
    private BufferedImage decodeJpeg(int length, int w, int h) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
        if (!readers.hasNext()) {
            throw new ProtocolViolation("Tight JPEG received but this JRE has no JPEG reader");
        }
        ImageReader reader = readers.next();
        try (ImageInputStream stream = ImageIO.createImageInputStream(new ByteArrayInputStream(scratch, 0, length))) {
            reader.setInput(stream, true, true);
            int jw = reader.getWidth(0);
            int jh = reader.getHeight(0);
            if (jw != w || jh != h) {
                throw new ProtocolViolation("Tight JPEG declares " + jw + "x" + jh + " for a " + w + "x" + h
                        + " rectangle");
            }
            BufferedImage image = reader.read(0);
            if (image == null || image.getWidth() != w || image.getHeight() != h) {
                throw new ProtocolViolation("Tight JPEG data does not decode to a " + w + "x" + h + " image");
            }
            return image;
        } catch (ProtocolViolation e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ProtocolViolation("Tight JPEG data is corrupt: " + e.getMessage(), e);
        } finally {
            reader.dispose();
        }
    }
}
