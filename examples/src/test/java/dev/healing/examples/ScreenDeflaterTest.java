package dev.healing.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.Adler32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * The screenshot deflater: whatever the picture, zlib inflates its output to the exact PNG
 * scanlines, with the right Adler-32, whole or in parts.
 */
final class ScreenDeflaterTest {
    @Test
    void deflate_picturesOfEveryKind_inflateToTheirScanlines() {
        for (Picture p : pictures()) {
            ScreenDeflater.Deflated d = ScreenDeflater.deflate(p.rgb, p.width, 0, p.height(), true);
            byte[] expected = scanlines(p, 0, p.height());
            assertArrayEquals(expected, inflate(d.bytes, d.length, expected.length), p.name);
            assertEquals(adler(expected), d.adler, p.name);
            assertEquals(expected.length, d.rawLength, p.name);
        }
    }

    @Test
    void deflate_inParts_joinsToOneStream() {
        for (Picture p : pictures()) {
            int h = p.height();
            if (h < 3) {
                continue;
            }
            int[] cuts = {0, h / 3, h / 3 + 1, h};
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            for (int i = 0; i + 1 < cuts.length; i++) {
                ScreenDeflater.Deflated d = ScreenDeflater.deflate(p.rgb, p.width, cuts[i], cuts[i + 1], i + 2 == cuts.length);
                assertEquals(adler(scanlines(p, cuts[i], cuts[i + 1])), d.adler, p.name + " part " + i);
                joined.write(d.bytes, 0, d.length);
            }
            byte[] expected = scanlines(p, 0, h);
            byte[] stream = joined.toByteArray();
            assertArrayEquals(expected, inflate(stream, stream.length, expected.length), p.name);
        }
    }

    @Test
    void deflate_flatScreen_shrinksToAFewBytesPerRow() {
        int w = 1920;
        int h = 200;
        int[] rgb = new int[w * h];
        Arrays.fill(rgb, 0xF0F0F0);
        for (int x = 100; x < 400; x++) {
            rgb[50 * w + x] = 0x2B5797; // a rule across a white page
        }
        ScreenDeflater.Deflated d = ScreenDeflater.deflate(rgb, w, 0, h, true);
        assertTrue(d.length < 20 * h, d.length + " bytes for " + d.rawLength);
    }

    @Test
    void deflate_rowsOutsideThePicture_areRefused() {
        int[] rgb = new int[12];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScreenDeflater.deflate(rgb, 4, 1, 4, true));
        assertEquals("rows 1..4 of width 4 do not fit 12 pixels", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ScreenDeflater.deflate(rgb, 4, 2, 2, true));
        assertThrows(IllegalArgumentException.class, () -> ScreenDeflater.deflate(rgb, 0, 0, 1, true));
    }

    @Test
    void distanceCodes_matchDeflatesTable() {
        // RFC 1951, 3.2.5: code, extra bits, first distance
        int[][] table = {{0, 0, 1}, {3, 0, 4}, {4, 1, 5}, {5, 1, 7}, {10, 4, 33}, {24, 11, 4097}, {29, 13, 24577}};
        for (int[] row : table) {
            assertEquals(row[1], ScreenDeflater.distanceExtraBits(row[0]));
            assertEquals(row[2], ScreenDeflater.distanceBase(row[0]));
            assertEquals(row[0], ScreenDeflater.distanceCode(row[2]));
            assertEquals(row[0], ScreenDeflater.distanceCode(row[2] + (1 << row[1]) - 1), "last distance of " + row[0]);
        }
        assertEquals(29, ScreenDeflater.distanceCode(32768));
    }

    /** Pictures that reach every path: runs past one copy's 86 pixels, copies from above, widths too large for them, lone pixels. */
    private static List<Picture> pictures() {
        Random random = new Random(11);
        List<Picture> all = new ArrayList<>();
        all.add(new Picture("one pixel", 1, new int[] {0x123456}));
        all.add(new Picture("one column", 1, fill(new int[37], i -> i % 4 == 0 ? 0xFFFFFF : 0x000080)));
        all.add(new Picture("one row", 300, fill(new int[300], i -> i < 200 ? 0xEEEEEE : i)));
        all.add(new Picture("noise", 97, fill(new int[97 * 61], i -> random.nextInt() & 0xFFFFFF)));
        all.add(new Picture("flat", 256, fill(new int[256 * 40], i -> 0xFFFFFF)));
        all.add(new Picture("black", 50, new int[50 * 9]));
        for (int w : new int[] {85, 86, 87, 172, 173, 259}) {
            // runs of every length up to the width, and rows that repeat the one above in part
            int width = w;
            all.add(new Picture("runs " + w, w, fill(new int[w * 30], i -> {
                int x = i % width;
                int y = i / width;
                return x < y * 7 % width ? 0xFFFFFF : y % 3 == 0 ? x * 31 & 0xFF : 0x00FF00 + (y & 1);
            })));
        }
        // rows of 11,000 pixels are further apart than deflate reaches: no copies from above
        all.add(new Picture("wide", 11_000, fill(new int[11_000 * 4], i -> i % 11_000 < 5000 ? 0xABCDEF : i / 11_000 * 50)));
        // byte values with Fibonacci-like counts push the Huffman code past 15 bits unless limited
        all.add(new Picture("skewed", 1000, skewedBytes(random, 1000 * 40)));
        // more tokens than one chunk of the token store holds; rows longer than a chunk
        all.add(new Picture("noise in chunks", 400, fill(new int[400 * 400], i -> random.nextInt() & 0xFFFFFF)));
        all.add(new Picture("noise, long rows", 70_000, fill(new int[70_000 * 3], i -> i % 5 == 0 ? 0 : random.nextInt() & 0xFFFFFF)));
        all.add(desktop(random));
        return all;
    }

    private static Picture desktop(Random random) {
        int w = 640;
        int h = 360;
        int[] rgb = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = 0xFFFFFF;
                if (y < 30) {
                    p = 0x246080;
                } else if (y % 20 > 5 && y % 20 < 14 && x % 9 < 5 && x < 500) {
                    p = (x * 7 + y * 3) % 5 == 0 ? 0x202020 : 0x9090A0; // text-like strokes
                } else if (x > 560 && y > 200) {
                    p = random.nextInt() & 0xFFFFFF; // a photo
                }
                rgb[y * w + x] = p;
            }
        }
        return new Picture("desktop", w, rgb);
    }

    private static int[] skewedBytes(Random random, int pixels) {
        List<Integer> bytes = new ArrayList<>();
        long a = 1;
        long b = 1;
        for (int v = 0; v < 26 && bytes.size() < 3 * pixels; v++) {
            for (long k = 0; k < a && bytes.size() < 3 * pixels; k++) {
                bytes.add(v * 9);
            }
            long next = a + b;
            a = b;
            b = next;
        }
        while (bytes.size() < 3 * pixels) {
            bytes.add(255);
        }
        java.util.Collections.shuffle(bytes, random);
        int[] rgb = new int[pixels];
        for (int i = 0; i < pixels; i++) {
            rgb[i] = bytes.get(3 * i) << 16 | bytes.get(3 * i + 1) << 8 | bytes.get(3 * i + 2);
        }
        return rgb;
    }

    private static int[] fill(int[] rgb, java.util.function.IntUnaryOperator pixel) {
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = pixel.applyAsInt(i);
        }
        return rgb;
    }

    private static byte[] scanlines(Picture p, int y0, int y1) {
        int w = p.width;
        byte[] out = new byte[(y1 - y0) * (3 * w + 1)];
        int o = 0;
        for (int y = y0; y < y1; y++) {
            out[o++] = 0;
            for (int x = 0; x < w; x++) {
                int px = p.rgb[y * w + x];
                out[o++] = (byte) (px >> 16);
                out[o++] = (byte) (px >> 8);
                out[o++] = (byte) px;
            }
        }
        return out;
    }

    private static byte[] inflate(byte[] deflated, int length, int expectedLength) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(deflated, 0, length);
            byte[] out = new byte[expectedLength + 16];
            int n = 0;
            while (!inflater.finished() && n < out.length) {
                int got = inflater.inflate(out, n, out.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            assertTrue(inflater.finished(), "the stream ends with a final block");
            assertEquals(0, inflater.getRemaining(), "nothing after the final block");
            return Arrays.copyOf(out, n);
        } catch (DataFormatException e) {
            throw new AssertionError("not a valid deflate stream: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    private static int adler(byte[] bytes) {
        Adler32 sum = new Adler32();
        sum.update(bytes);
        return (int) sum.getValue();
    }

    private record Picture(String name, int width, int[] rgb) {
        int height() {
            return rgb.length / width;
        }
    }
}
