package dev.healing.core.runner;

import dev.healing.api.Image;
import dev.healing.api.Point;
import java.util.Random;

/** Synthetic screens for the runner tests: a textured background and one distinctive button. */
final class Screens {
    static final int W = 640;
    static final int H = 400;

    private Screens() {
    }

    /** The screen around the button: a header bar, a side panel and a few lines of "text". */
    static Image withoutButton() {
        return Image.wrap(W, H, background());
    }

    private static int[] background() {
        int[] px = new int[W * H];
        Random r = new Random(7);
        for (int i = 0; i < px.length; i++) {
            int g = 225 + r.nextInt(8);
            px[i] = g << 16 | g << 8 | g;
        }
        fill(px, 0, 0, W, 40, 0x2D3E50);
        fill(px, 0, 40, 120, H, 0x9AA5B1);
        for (int line = 0; line < 8; line++) {
            for (int word = 0; word < 5; word++) {
                int x = 140 + word * 95 + (line * 37 % 30);
                fill(px, x, 330 + line * 8, x + 60 + (line * 13 + word * 7) % 25, 333 + line * 8, 0x404040);
            }
        }
        for (int i = 0; i < 6; i++) {
            fill(px, 10, 60 + i * 50, 110, 90 + i * 50, i % 2 == 0 ? 0xF2F4F7 : 0x6B7785);
        }
        return px;
    }

    private static void fill(int[] px, int x0, int y0, int x1, int y1, int rgb) {
        for (int y = y0; y < Math.min(y1, H); y++) {
            for (int x = x0; x < Math.min(x1, W); x++) {
                px[y * W + x] = rgb;
            }
        }
    }

    /** A screen whose 60x30 patterned button is centred on {@code button}. */
    static Image withButton(Point button) {
        return withButtons(button);
    }

    /** A screen with one patterned button centred on each point. */
    static Image withButtons(Point... buttons) {
        int[] px = background();
        for (Point button : buttons) {
            drawButton(px, button);
        }
        return Image.wrap(W, H, px);
    }

    /** The same screen in a dark theme: every colour inverted. */
    static Image dark(Image light) {
        int[] px = light.pixels().clone();
        for (int i = 0; i < px.length; i++) {
            px[i] = ~px[i] & 0xFFFFFF;
        }
        return Image.wrap(light.width(), light.height(), px);
    }

    private static void drawButton(int[] px, Point button) {
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
    }
}
