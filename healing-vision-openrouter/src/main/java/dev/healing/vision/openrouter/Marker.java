package dev.healing.vision.openrouter;

import dev.healing.api.Image;

/**
 * Draws what a model is shown: the ring of a verification, the numbered marks of local
 * candidates, and the disc of a calibration image. Stateless; every method returns a new image.
 */
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

    /** 3x5 bitmaps of the digits 0..9, one row per 3 bits, top row first. */
    private static final int[][] DIGITS = {
        {7, 5, 5, 5, 7}, {2, 6, 2, 2, 7}, {7, 1, 7, 4, 7}, {7, 1, 7, 1, 7}, {5, 5, 7, 1, 1},
        {7, 4, 7, 1, 7}, {7, 4, 7, 5, 7}, {7, 1, 1, 1, 1}, {7, 5, 7, 5, 7}, {7, 5, 7, 1, 7},
    };
    /** Size of one font pixel of a mark's number. */
    static final int FONT_SCALE = 3;

    /**
     * @return a copy of {@code image} with a red ring on each point and its number 1..n in a red
     *     tag beside it (white digits)
     */
    static Image numbered(Image image, java.util.List<dev.healing.api.Point> points) {
        Image out = image;
        for (dev.healing.api.Point p : points) {
            out = ring(out, p.x(), p.y());
        }
        int w = out.width();
        int h = out.height();
        int[] px = out.pixels().clone();
        for (int i = 0; i < points.size(); i++) {
            String label = Integer.toString(i + 1);
            int tagW = label.length() * 4 * FONT_SCALE + FONT_SCALE;
            int tagH = 7 * FONT_SCALE;
            int x0 = Math.max(0, Math.min(w - tagW, points.get(i).x() + RADIUS));
            int y0 = Math.max(0, Math.min(h - tagH, points.get(i).y() - RADIUS - tagH));
            fill(px, w, h, x0, y0, tagW, tagH, RED);
            for (int c = 0; c < label.length(); c++) {
                int[] rows = DIGITS[label.charAt(c) - '0'];
                for (int r = 0; r < 5; r++) {
                    for (int b = 0; b < 3; b++) {
                        if ((rows[r] >> (2 - b) & 1) != 0) {
                            fill(px, w, h, x0 + FONT_SCALE + (c * 4 + b) * FONT_SCALE, y0 + FONT_SCALE + r * FONT_SCALE,
                                    FONT_SCALE, FONT_SCALE, 0xFFFFFF);
                        }
                    }
                }
            }
        }
        return Image.wrap(w, h, px);
    }

    /** @return a light-grey {@code width x height} image with a solid red disc of {@code radius} at (cx, cy) */
    static Image disc(int width, int height, int cx, int cy, int radius) {
        int[] px = new int[width * height];
        java.util.Arrays.fill(px, 0xE8E8E8);
        long r2 = (long) radius * radius;
        for (int y = Math.max(0, cy - radius); y <= Math.min(height - 1, cy + radius); y++) {
            for (int x = Math.max(0, cx - radius); x <= Math.min(width - 1, cx + radius); x++) {
                if ((long) (x - cx) * (x - cx) + (long) (y - cy) * (y - cy) <= r2) {
                    px[y * width + x] = RED;
                }
            }
        }
        return Image.wrap(width, height, px);
    }

    private static void fill(int[] px, int w, int h, int x0, int y0, int fw, int fh, int rgb) {
        for (int y = Math.max(0, y0); y < Math.min(h, y0 + fh); y++) {
            for (int x = Math.max(0, x0); x < Math.min(w, x0 + fw); x++) {
                px[y * w + x] = rgb;
            }
        }
    }
}
