package dev.healing.vision.openrouter.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Image;
import org.junit.jupiter.api.Test;

final class GreyCorrelationTest {
    private static final GreyCorrelation SCORER = new GreyCorrelation();

    private static Image gradient(int w, int h, int offset, double gain) {
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int g = (int) Math.min(255, offset + gain * ((x * 7 + y * 3) % 100));
                px[y * w + x] = g << 16 | g << 8 | g;
            }
        }
        return Image.wrap(w, h, px);
    }

    @Test
    void similarity_sameControlBrighterAndHigherContrast_isNearOne() {
        assertEquals(1.0, SCORER.similarity(gradient(40, 30, 10, 1.0), gradient(40, 30, 60, 1.5)), 0.02);
    }

    @Test
    void similarity_inverted_isZero() {
        Image a = gradient(40, 30, 0, 1.0);
        int[] inv = a.pixels().clone();
        for (int i = 0; i < inv.length; i++) {
            inv[i] = 0xFFFFFF - inv[i];
        }
        assertEquals(0.0, SCORER.similarity(a, Image.wrap(40, 30, inv)), 1e-9);
    }

    @Test
    void similarity_flatImages_equalWhenTheirGreyIsClose() {
        assertEquals(1.0, SCORER.similarity(Image.filled(10, 10, 0x808080), Image.filled(10, 10, 0x838383)), 1e-9);
        assertEquals(0.0, SCORER.similarity(Image.filled(10, 10, 0x808080), Image.filled(10, 10, 0x202020)), 1e-9);
        assertEquals(0.0, SCORER.similarity(Image.filled(40, 30, 0x808080), gradient(40, 30, 0, 1.0)), 1e-9);
    }

    @Test
    void similarity_differentSizes_isRejectedWithBothSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SCORER.similarity(Image.filled(10, 10, 0), Image.filled(10, 12, 0)));
        assertTrue(e.getMessage().contains("10x10") && e.getMessage().contains("10x12"), e.getMessage());
    }
}
