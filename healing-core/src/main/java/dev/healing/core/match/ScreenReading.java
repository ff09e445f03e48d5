package dev.healing.core.match;

import dev.healing.api.Image;
import dev.healing.api.Rect;

/**
 * Prepares a region of a screen for OCR: grey, every part turned dark-text-on-light (light text on
 * dark bars and coloured buttons is inverted where the neighbourhood is dark), and upscaled so
 * small UI fonts reach the size Tesseract reads well. Allocates the output image, two grey
 * planes and a histogram per 8x8 cell; nothing per pixel.
 */
final class ScreenReading {
    /** Side, in source pixels, of the cells whose neighbourhood decides the ground. */
    static final int CELL = 8;
    private static final int BINS = 16;
    /** Grey under which a prepared pixel counts as ink. */
    static final int INK = 128;
    /** Shortest straight run of ink, in source pixels, taken for a drawn line rather than text. */
    static final int LINE_RUN = 28;
    /** Share, in tenths, of a cell's pixels in one grey bin that makes the cell uniform ground. */
    static final int UNIFORM_TENTHS = 6;
    /** Twice the gain applied to a pixel's distance from its tile's ground. */
    static final int CONTRAST_GAIN = 3;

    private ScreenReading() {
    }

    /** A prepared region: grey bytes, its size, and how it maps back to screen pixels. */
    record Prepared(byte[] grey, int width, int height, Rect region, int factor) {
    }

    /**
     * Erases straight runs of ink at least {@value #LINE_RUN} pixels long, across or down: the
     * edges of boxes and buttons, rules and underlines. Text strokes are shorter, and Tesseract
     * takes words inside a drawn frame for a picture.
     */
    static void eraseLines(int[] plane, int w, int h) {
        boolean[] line = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            int start = 0;
            for (int x = 0; x <= w; x++) {
                if (x == w || plane[y * w + x] >= INK) {
                    if (x - start >= LINE_RUN) {
                        for (int i = start; i < x; i++) {
                            line[y * w + i] = true;
                        }
                    }
                    start = x + 1;
                }
            }
        }
        for (int x = 0; x < w; x++) {
            int start = 0;
            for (int y = 0; y <= h; y++) {
                if (y == h || plane[y * w + x] >= INK) {
                    if (y - start >= LINE_RUN) {
                        for (int i = start; i < y; i++) {
                            line[i * w + x] = true;
                        }
                    }
                    start = y + 1;
                }
            }
        }
        for (int i = 0; i < line.length; i++) {
            if (line[i]) {
                plane[i] = 255;
            }
        }
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
        // Each pixel's ground is the most common grey of the window of 3x3 cells around its cell:
        // text is the minority of a window's pixels, so the mode is its ground even on a small
        // button, and a window centred on the text sees mostly the text's own background.
        int cellsX = (w + CELL - 1) / CELL;
        int cellsY = (h + CELL - 1) / CELL;
        int[] histograms = new int[cellsX * cellsY * BINS];
        for (int y = 0; y < h; y++) {
            int rowCell = (y / CELL) * cellsX;
            for (int x = 0; x < w; x++) {
                histograms[(rowCell + x / CELL) * BINS + (grey[y * w + x] >> 4)]++;
            }
        }
        int[] ground = new int[cellsX * cellsY];
        int[] window = new int[BINS];
        for (int cy = 0; cy < cellsY; cy++) {
            for (int cx = 0; cx < cellsX; cx++) {
                java.util.Arrays.fill(window, 0);
                for (int ny = Math.max(0, cy - 1); ny <= Math.min(cellsY - 1, cy + 1); ny++) {
                    for (int nx = Math.max(0, cx - 1); nx <= Math.min(cellsX - 1, cx + 1); nx++) {
                        int base = (ny * cellsX + nx) * BINS;
                        for (int i = 0; i < BINS; i++) {
                            window[i] += histograms[base + i];
                        }
                    }
                }
                int own = (cy * cellsX + cx) * BINS;
                int ownMode = 0;
                int ownTotal = 0;
                int mode = 0;
                for (int i = 0; i < BINS; i++) {
                    ownTotal += histograms[own + i];
                    ownMode = histograms[own + i] > histograms[own + ownMode] ? i : ownMode;
                    mode = window[i] > window[mode] ? i : mode;
                }
                // A cell mostly of one grey is ground itself (a button's body beside the page):
                // keeping its own ground spares its edges from turning into ink.
                boolean uniform = histograms[own + ownMode] * 10 >= ownTotal * UNIFORM_TENTHS;
                ground[cy * cellsX + cx] = (uniform ? ownMode : mode) * 16 + 8;
            }
        }
        int[] fixed = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // Distance from the ground, whichever way: dark text on light and light on dark alike.
                int d = Math.abs(grey[y * w + x] - ground[(y / CELL) * cellsX + x / CELL]);
                fixed[y * w + x] = Math.max(0, 255 - d * CONTRAST_GAIN / 2);
            }
        }
        eraseLines(fixed, w, h);
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
