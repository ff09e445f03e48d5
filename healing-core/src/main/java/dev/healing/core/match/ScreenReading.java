package dev.healing.core.match;

import dev.healing.api.Image;
import dev.healing.api.Rect;

/**
 * Prepares a region of a screen for OCR: grey, every part turned dark-text-on-light (light text on
 * dark bars and coloured buttons is inverted where the neighbourhood is dark), and upscaled so
 * small UI fonts reach the size Tesseract reads well. Allocates the output image and two
 * grey planes; nothing per pixel.
 */
final class ScreenReading {
    /** Side, in source pixels, of the tiles whose ground decides the polarity. */
    static final int TILE = 16;
    /** Twice the gain applied to a pixel's distance from its tile's ground. */
    static final int CONTRAST_GAIN = 3;

    private ScreenReading() {
    }

    /** A prepared region: grey bytes, its size, and how it maps back to screen pixels. */
    record Prepared(byte[] grey, int width, int height, Rect region, int factor) {
    }

    static Prepared prepare(Image screen, Rect region, int factor) {
        int w = region.width();
        int h = region.height();
        int[] px = screen.pixels();
        int stride = screen.width();
        int[] grey = new int[w * h];
        for (int y = 0; y < h; y++) {
            int row = (region.y() + y) * stride + region.x();
            for (int x = 0; x < w; x++) {
                int p = px[row + x];
                grey[y * w + x] = (((p >> 16) & 0xff) * 77 + ((p >> 8) & 0xff) * 150 + (p & 0xff) * 29) >> 8;
            }
        }
        // Polarity per tile, from the tile's most common grey: text is the minority of a tile's
        // pixels, so the mode is its ground even on a small button.
        int tilesX = (w + TILE - 1) / TILE;
        int tilesY = (h + TILE - 1) / TILE;
        int[] ground = new int[tilesX * tilesY];
        int[] histogram = new int[16];
        for (int ty = 0; ty < tilesY; ty++) {
            for (int tx = 0; tx < tilesX; tx++) {
                java.util.Arrays.fill(histogram, 0);
                for (int y = ty * TILE; y < Math.min(h, ty * TILE + TILE); y++) {
                    for (int x = tx * TILE; x < Math.min(w, tx * TILE + TILE); x++) {
                        histogram[grey[y * w + x] >> 4]++;
                    }
                }
                int mode = 0;
                for (int i = 1; i < 16; i++) {
                    if (histogram[i] > histogram[mode]) {
                        mode = i;
                    }
                }
                ground[ty * tilesX + tx] = mode * 16 + 8;
            }
        }
        int[] fixed = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = grey[y * w + x];
                // Distance from the ground, whichever way: dark text on light and light on dark alike.
                int d = Math.abs(v - ground[(y / TILE) * tilesX + x / TILE]);
                fixed[y * w + x] = Math.max(0, 255 - d * CONTRAST_GAIN / 2);
            }
        }
        int ow = w * factor;
        int oh = h * factor;
        byte[] out = new byte[ow * oh];
        for (int oy = 0; oy < oh; oy++) {
            // bilinear, sampling at pixel centres
            double sy = (oy + 0.5) / factor - 0.5;
            int y0 = Math.max(0, (int) Math.floor(sy));
            int y1 = Math.min(h - 1, y0 + 1);
            double fy = Math.max(0, sy - y0);
            for (int ox = 0; ox < ow; ox++) {
                double sx = (ox + 0.5) / factor - 0.5;
                int x0 = Math.max(0, (int) Math.floor(sx));
                int x1 = Math.min(w - 1, x0 + 1);
                double fx = Math.max(0, sx - x0);
                double top = fixed[y0 * w + x0] * (1 - fx) + fixed[y0 * w + x1] * fx;
                double bottom = fixed[y1 * w + x0] * (1 - fx) + fixed[y1 * w + x1] * fx;
                out[oy * ow + ox] = (byte) Math.round(top * (1 - fy) + bottom * fy);
            }
        }
        return new Prepared(out, ow, oh, region, factor);
    }
}
