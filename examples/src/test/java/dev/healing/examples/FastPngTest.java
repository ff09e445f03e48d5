package dev.healing.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.healing.api.Image;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.Adler32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The screenshot PNG writer: stripes deflated apart still make one valid PNG, read back exactly by ImageIO. */
final class FastPngTest {
    @Test
    void write_inOneToFiveStripes_isReadBackPixelForPixel(@TempDir Path dir) {
        Image img = desktopLike(203, 97);
        for (int stripes = 1; stripes <= 5; stripes++) {
            Path png = dir.resolve("s" + stripes + ".png");
            FastPng.write(img, png, stripes);
            Image back = Image.read(png);
            assertEquals(203, back.width());
            assertEquals(97, back.height());
            assertArrayEquals(img.pixels(), back.pixels(), stripes + " stripe(s)");
        }
    }

    @Test
    void write_largePicture_usesStripesAndStaysExact(@TempDir Path dir) {
        Image img = desktopLike(1024, 600);
        Path png = dir.resolve("large.png");
        FastPng.write(img, png);
        assertArrayEquals(img.pixels(), Image.read(png).pixels());
    }

    @Test
    void write_moreStripesThanRows_isRefused(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FastPng.write(desktopLike(4, 3), dir.resolve("x.png"), 4));
        assertEquals("stripes must be 1..3, got 4", e.getMessage());
    }

    @Test
    void combineAdler_equalsTheSumOfTheJoinedBytes() {
        Random random = new Random(7);
        for (int len1 : new int[] {0, 1, 5551, 65521, 100_000}) {
            for (int len2 : new int[] {0, 1, 65520, 65522, 200_003}) {
                byte[] a = new byte[len1];
                byte[] b = new byte[len2];
                random.nextBytes(a);
                random.nextBytes(b);
                Adler32 whole = new Adler32();
                whole.update(a);
                whole.update(b);
                Adler32 first = new Adler32();
                first.update(a);
                Adler32 second = new Adler32();
                second.update(b);
                assertEquals((int) whole.getValue(),
                        FastPng.combineAdler((int) first.getValue(), (int) second.getValue(), len2), len1 + "+" + len2);
            }
        }
    }

    /** Flat areas, a gradient and noise: what a desktop mixes. */
    private static Image desktopLike(int w, int h) {
        Random random = new Random(3);
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p;
                if (y < h / 3) {
                    p = 0x2B5797;
                } else if (x < w / 2) {
                    p = (x * 255 / w) << 16 | (y * 255 / h) << 8 | 0x40;
                } else {
                    p = random.nextInt() & 0xFFFFFF;
                }
                px[y * w + x] = p;
            }
        }
        return Image.wrap(w, h, px);
    }
}
