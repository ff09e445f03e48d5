package dev.healing.core.vnc;

import java.util.Random;

/** Test fixture: a deterministic picture that exercises every sub-encoding (solid, few colours, gradients, noise). */
final class Fixture {
    private Fixture() {
    }

    /** @return {@code 0xRRGGBB} pixels of a {@code w x h} picture */
    static int[] pixels(int w, int h) {
        int[] p = new int[w * h];
        Random random = new Random(42);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v;
                int band = y * 6 / h;
                if (band == 0) {
                    v = x * 255 / w << 16 | y * 255 / h << 8 | (x + y) & 0xFF;
                } else if (band == 1) {
                    v = (x / 7 + y / 5) % 2 == 0 ? 0x202020 : 0xF0F0E0;
                } else if (band == 2) {
                    int[] pal = {0x1E90FF, 0xFFFFFF, 0x000000, 0xFF4500, 0x32CD32, 0xFFD700, 0x8A2BE2};
                    v = pal[(x / 3 * 7 + y / 4 * 3) % pal.length];
                } else if (band == 3) {
                    v = random.nextInt(0x1000000);
                } else if (band == 4) {
                    v = x < w / 2 ? 0x336699 : (x % 40 < 20 && y % 20 < 10 ? 0xCC0000 : 0xEEEEEE);
                } else {
                    v = (x * 3 & 0xFF) << 16 | (y * 5 & 0xFF) << 8 | x * y & 0xFF;
                }
                p[y * w + x] = v;
            }
        }
        return p;
    }
}
