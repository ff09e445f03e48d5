package dev.healing.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

final class ImageTest {
    private static Image gradient(int w, int h) {
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = (x * 7 & 0xFF) << 16 | (y * 5 & 0xFF) << 8 | (x + y & 0xFF);
            }
        }
        return Image.wrap(w, h, px);
    }

    @Test
    void wrap_sharesTheArray_zeroCopy() {
        int[] px = new int[6];
        assertSame(px, Image.wrap(3, 2, px).pixels());
    }

    @Test
    void wrap_wrongLengthOrEmpty_rejectedWithSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Image.wrap(3, 2, new int[5]));
        assertTrue(e.getMessage().contains("3x2") && e.getMessage().contains("5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Image.wrap(0, 2, new int[0]));
    }

    @Test
    void copyOf_dropsAlpha() {
        Image img = Image.copyOf(1, 1, new int[] {0xFF123456});
        assertEquals(0x123456, img.rgb(0, 0));
    }

    @Test
    void png_roundTrip_isLossless() {
        Image img = gradient(37, 23);
        assertEquals(img, Image.fromPng(img.toPng()));
    }

    @Test
    void bufferedImage_roundTrip_anyType() {
        Image img = gradient(16, 9);
        assertEquals(img, Image.fromBufferedImage(img.toBufferedImage()));
        BufferedImage abgr = new BufferedImage(2, 1, BufferedImage.TYPE_4BYTE_ABGR);
        abgr.setRGB(1, 0, 0x80ABCDEF);
        assertEquals(0xABCDEF, Image.fromBufferedImage(abgr).rgb(1, 0));
    }

    @Test
    void fromPng_garbage_clearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Image.fromPng(new byte[] {1, 2, 3}));
        assertTrue(e.getMessage().contains("not a readable image"), e.getMessage());
    }

    @Test
    void crop_copiesRegion_andRejectsOutside() {
        Image img = gradient(20, 10);
        Image c = img.crop(Rect.of(5, 2, 4, 3));
        assertEquals(img.rgb(5, 2), c.rgb(0, 0));
        assertEquals(img.rgb(8, 4), c.rgb(3, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> img.crop(Rect.of(18, 0, 4, 4)));
        assertTrue(e.getMessage().contains("20x10"), e.getMessage());
    }

    @Test
    void cropAround_nearEdge_shiftsInward() {
        Image img = gradient(300, 200);
        Image c = img.cropAround(new Point(5, 195), 100, 100);
        assertEquals(img.crop(Rect.of(0, 100, 100, 100)), c);
        assertThrows(IllegalArgumentException.class, () -> img.cropAround(new Point(300, 10), 100, 100));
        assertThrows(IllegalArgumentException.class, () -> img.cropAround(new Point(10, 10), 400, 100));
    }

    @Test
    void appearanceHash_stableForEqualImages_differsForDifferentOnes() {
        Image a = gradient(100, 100);
        assertEquals(a.appearanceHash(), Image.wrap(100, 100, a.pixels().clone()).appearanceHash());
        assertEquals(16, a.appearanceHash().length());
        Image flipped = Image.wrap(100, 100, reversed(a.pixels()));
        assertNotEquals(a.appearanceHash(), flipped.appearanceHash());
    }

    private static int[] reversed(int[] px) {
        int[] out = new int[px.length];
        for (int i = 0; i < px.length; i++) {
            out[i] = px[px.length - 1 - i];
        }
        return out;
    }
}
