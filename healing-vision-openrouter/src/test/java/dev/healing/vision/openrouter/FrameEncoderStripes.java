package dev.healing.vision.openrouter;

import dev.healing.api.Image;

/** Synthetic screens for tests. */
final class FrameEncoderStripes {
    private FrameEncoderStripes() {
    }

    /** A 1920x1080 screen with some structure, so crops and encodings are not trivial. */
    static Image screen() {
        int w = 1920;
        int h = 1080;
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = (x / 40 + y / 40) % 2 == 0 ? 0xEEEEEE : 0xDDDDEE;
            }
        }
        return Image.wrap(w, h, px);
    }
}
