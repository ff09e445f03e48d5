package dev.healing.vision.openrouter;

import dev.healing.api.Image;

/** Draws the ring that shows a model which point a verification asks about. */
final class Marker {
    static final int RADIUS = 14;
    static final int THICKNESS = 3;
    static final int RED = 0xFF0000;

    private Marker() {
    }

    /** @return a copy of {@code image} with a red ring centred on (cx, cy) */
    static Image ring(Image image, int cx, int cy) {
        int w = image.width();
        int h = image.height();
        int[] px = image.pixels().clone();
        int outer = RADIUS * RADIUS;
        int inner = (RADIUS - THICKNESS) * (RADIUS - THICKNESS);
        for (int y = Math.max(0, cy - RADIUS); y <= Math.min(h - 1, cy + RADIUS); y++) {
            for (int x = Math.max(0, cx - RADIUS); x <= Math.min(w - 1, cx + RADIUS); x++) {
                int d = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                if (d <= outer && d >= inner) {
                    px[y * w + x] = RED;
                }
            }
        }
        return Image.wrap(w, h, px);
    }
}
