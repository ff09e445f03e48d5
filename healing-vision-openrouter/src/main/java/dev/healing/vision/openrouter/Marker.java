package dev.healing.vision.openrouter;

import dev.healing.api.Image;

/**
 * Draws what a model is shown: the ring of a verification, the numbered marks of local
 * candidates, the disc of a calibration image, and the reference inset for servers that take one
 * image per request. Stateless; every method returns a new image.
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

    /** 3x5 bitmaps of R, E, F for the inset's label. */
    private static final int[][] REF = {{6, 5, 6, 5, 5}, {7, 4, 6, 4, 7}, {7, 4, 6, 4, 4}};
    /** Width of the inset's frame in pixels. */
    static final int FRAME = 3;
    /** Height of the inset's label bar in pixels (5 font rows plus a margin). */
    static final int LABEL_H = 7 * FONT_SCALE;

    /**
     * A screenshot with a reference picture drawn into it.
     *
     * @param image the composite, same size as the screenshot
     * @param inset where the reference, its frame and its label sit, in the image's pixels
     */
    record Inset(Image image, dev.healing.api.Rect inset) {
    }

    /**
     * Pastes {@code reference} at its own size into the corner of {@code image} farthest from
     * {@code avoid}, inside a red frame under a red bar labelled "REF", for servers that take
     * one image per request.
     *
     * @return the composite, or null when the inset would cover more than a third of either side
     */
    static Inset withReference(Image image, Image reference, dev.healing.api.Point avoid) {
        int w = image.width();
        int h = image.height();
        int iw = reference.width() + 2 * FRAME;
        int ih = reference.height() + 2 * FRAME + LABEL_H;
        if (3 * iw > w || 3 * ih > h) {
            return null;
        }
        boolean right = avoid == null || avoid.x() < w / 2;
        boolean bottom = avoid == null || avoid.y() < h / 2;
        int x0 = right ? w - iw : 0;
        int y0 = bottom ? h - ih : 0;
        int[] px = image.pixels().clone();
        fill(px, w, h, x0, y0, iw, ih, RED);
        int[] ref = reference.pixels();
        for (int y = 0; y < reference.height(); y++) {
            System.arraycopy(ref, y * reference.width(), px, (y0 + LABEL_H + FRAME + y) * w + x0 + FRAME,
                    reference.width());
        }
        for (int c = 0; c < REF.length; c++) {
            glyph(px, w, h, REF[c], x0 + FONT_SCALE + c * 4 * FONT_SCALE, y0 + FONT_SCALE);
        }
        return new Inset(Image.wrap(w, h, px), dev.healing.api.Rect.of(x0, y0, iw, ih));
    }

    private static void glyph(int[] px, int w, int h, int[] rows, int x0, int y0) {
        for (int r = 0; r < 5; r++) {
            for (int b = 0; b < 3; b++) {
                if ((rows[r] >> (2 - b) & 1) != 0) {
                    fill(px, w, h, x0 + b * FONT_SCALE, y0 + r * FONT_SCALE, FONT_SCALE, FONT_SCALE, 0xFFFFFF);
                }
            }
        }
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
