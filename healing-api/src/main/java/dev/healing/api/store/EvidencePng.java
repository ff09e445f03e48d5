package dev.healing.api.store;

import dev.healing.api.Image;
import dev.healing.api.StoreException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * PNG encoding of stored images, written for speed: 8-bit RGB, the Sub filter on every row and
 * the fastest deflate level (ImageIO takes milliseconds for a 100x100 crop, this a fraction of
 * one). Decoding handles what this class writes and any 8-bit RGB or RGBA non-interlaced PNG with
 * all five filters; anything else goes through {@link Image#fromPng}. Stateless and thread-safe.
 * Shared by the store implementations for evidence pictures and baseline crops.
 */
public final class EvidencePng {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int COLOR_RGB = 2;
    private static final int COLOR_RGBA = 6;
    private static final int FILTER_SUB = 1;

    // Creating a Deflater allocates its native state (about 256 KiB): more than the compression of
    // a crop costs, so each thread keeps one.
    private static final ThreadLocal<Deflater> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED));
    private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(Inflater::new);

    private EvidencePng() {
    }

    /**
     * @param image the picture to store
     * @return its PNG bytes (8-bit RGB)
     */
    public static byte[] encode(Image image) {
        int w = image.width();
        int h = image.height();
        int[] px = image.pixels();
        int stride = 1 + 3 * w;
        byte[] raw = new byte[stride * h];
        for (int y = 0; y < h; y++) {
            int o = y * stride;
            raw[o++] = FILTER_SUB;
            int prevR = 0;
            int prevG = 0;
            int prevB = 0;
            for (int i = y * w, end = i + w; i < end; i++) {
                int p = px[i];
                int r = p >>> 16 & 0xFF;
                int g = p >>> 8 & 0xFF;
                int b = p & 0xFF;
                raw[o++] = (byte) (r - prevR);
                raw[o++] = (byte) (g - prevG);
                raw[o++] = (byte) (b - prevB);
                prevR = r;
                prevG = g;
                prevB = b;
            }
        }
        Deflater deflater = DEFLATERS.get();
        byte[] zipped;
        try {
            deflater.setInput(raw);
            deflater.finish();
            ByteArrayOutputStream z = new ByteArrayOutputStream(Math.max(256, raw.length / 4));
            byte[] buf = new byte[Math.min(65536, Math.max(1024, raw.length))];
            while (!deflater.finished()) {
                z.write(buf, 0, deflater.deflate(buf));
            }
            zipped = z.toByteArray();
        } finally {
            deflater.reset();
        }
        ByteBuffer out = ByteBuffer.allocate(SIGNATURE.length + 25 + 12 + zipped.length + 12);
        out.put(SIGNATURE);
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) COLOR_RGB)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", zipped);
        chunk(out, "IEND", new byte[0]);
        return out.array();
    }

    private static void chunk(ByteBuffer out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.putInt(data.length).put(t).put(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.putInt((int) crc.getValue());
    }

    /**
     * @param png PNG bytes as stored
     * @return the picture
     * @throws StoreException if the bytes are not a readable PNG
     */
    public static Image decode(byte[] png) {
        try {
            Image fast = decodeFast(png);
            return fast != null ? fast : Image.fromPng(png);
        } catch (IllegalArgumentException | DataFormatException | java.nio.BufferUnderflowException e) {
            throw new StoreException("a stored image is not a readable PNG (" + png.length + " bytes): "
                    + e.getMessage(), e);
        }
    }

    /** @return the image, or {@code null} when the PNG uses features left to ImageIO */
    private static Image decodeFast(byte[] png) throws DataFormatException {
        if (png.length < SIGNATURE.length || !Arrays.equals(png, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
            throw new IllegalArgumentException("no PNG signature");
        }
        ByteBuffer in = ByteBuffer.wrap(png, SIGNATURE.length, png.length - SIGNATURE.length);
        int w = 0;
        int h = 0;
        int bpp = 0;
        ByteArrayOutputStream idat = null;
        while (in.remaining() >= 12) {
            int len = in.getInt();
            byte[] type = new byte[4];
            in.get(type);
            if (len < 0 || len > in.remaining() - 4) {
                throw new IllegalArgumentException("chunk length " + len + " runs past the end");
            }
            String t = new String(type, StandardCharsets.US_ASCII);
            if (t.equals("IHDR")) {
                w = in.getInt();
                h = in.getInt();
                int depth = in.get();
                int color = in.get();
                in.get();
                in.get();
                int interlace = in.get();
                if (depth != 8 || (color != COLOR_RGB && color != COLOR_RGBA) || interlace != 0) {
                    return null;
                }
                bpp = color == COLOR_RGB ? 3 : 4;
                in.position(in.position() + len - 13);
            } else if (t.equals("IDAT")) {
                if (idat == null) {
                    idat = new ByteArrayOutputStream(len);
                }
                idat.write(png, in.position(), len);
                in.position(in.position() + len);
            } else if (t.equals("IEND")) {
                break;
            } else {
                in.position(in.position() + len);
            }
            in.getInt(); // CRC: the blob came from our own transaction; SQLite checks the pages
        }
        if (bpp == 0 || idat == null || w <= 0 || h <= 0 || (long) w * h > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException("missing or bad IHDR/IDAT");
        }
        int stride = w * bpp;
        byte[] raw = new byte[(stride + 1) * h];
        Inflater inflater = INFLATERS.get();
        try {
            inflater.setInput(idat.toByteArray());
            int n = 0;
            while (n < raw.length) {
                int got = inflater.inflate(raw, n, raw.length - n);
                if (got == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != raw.length) {
                throw new IllegalArgumentException("image data is " + n + " bytes, expected " + raw.length);
            }
        } finally {
            inflater.reset();
        }
        int[] px = new int[w * h];
        byte[] prev = new byte[stride];
        byte[] cur = new byte[stride];
        for (int y = 0; y < h; y++) {
            int base = y * (stride + 1);
            int filter = raw[base];
            System.arraycopy(raw, base + 1, cur, 0, stride);
            unfilter(filter, cur, prev, bpp);
            for (int x = 0, i = 0; x < w; x++, i += bpp) {
                px[y * w + x] = (cur[i] & 0xFF) << 16 | (cur[i + 1] & 0xFF) << 8 | cur[i + 2] & 0xFF;
            }
            byte[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return Image.wrap(w, h, px);
    }

    private static void unfilter(int filter, byte[] cur, byte[] prev, int bpp) {
        switch (filter) {
            case 0 -> {
            }
            case 1 -> {
                for (int i = bpp; i < cur.length; i++) {
                    cur[i] += cur[i - bpp];
                }
            }
            case 2 -> {
                for (int i = 0; i < cur.length; i++) {
                    cur[i] += prev[i];
                }
            }
            case 3 -> {
                for (int i = 0; i < cur.length; i++) {
                    int left = i >= bpp ? cur[i - bpp] & 0xFF : 0;
                    cur[i] += (byte) ((left + (prev[i] & 0xFF)) >>> 1);
                }
            }
            case 4 -> {
                for (int i = 0; i < cur.length; i++) {
                    int a = i >= bpp ? cur[i - bpp] & 0xFF : 0;
                    int b = prev[i] & 0xFF;
                    int c = i >= bpp ? prev[i - bpp] & 0xFF : 0;
                    int p = a + b - c;
                    int pa = Math.abs(p - a);
                    int pb = Math.abs(p - b);
                    int pc = Math.abs(p - c);
                    cur[i] += (byte) (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
                }
            }
            default -> throw new IllegalArgumentException("unknown PNG filter " + filter);
        }
    }
}
