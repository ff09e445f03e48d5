package dev.healing.core;

import dev.healing.api.Image;
import dev.healing.api.Point;
import java.util.Random;

/** Synthetic screens for healer tests: a textured background with a distinctive button. */
final class Fixtures {
    static final int W = 640;
    static final int H = 400;

    private Fixtures() {
    }

    /** A screen whose button (a 60x30 patterned block) is centred on {@code button}. */
    static Image screenWithButton(Point button) {
        int[] px = new int[W * H];
        Random r = new Random(7);
        for (int i = 0; i < px.length; i++) {
            int g = 200 + r.nextInt(20);
            px[i] = g << 16 | g << 8 | g;
        }
        for (int y = -15; y < 15; y++) {
            for (int x = -30; x < 30; x++) {
                int sx = button.x() + x;
                int sy = button.y() + y;
                if (sx >= 0 && sy >= 0 && sx < W && sy < H) {
                    boolean stripe = ((x + 30) / 6 + (y + 15) / 5) % 2 == 0;
                    px[sy * W + sx] = stripe ? 0x1E5AA8 : (x * x + y * y < 80 ? 0xFFFFFF : 0x3C78D8);
                }
            }
        }
        return Image.wrap(W, H, px);
    }
}
