package dev.healing.vision.openrouter.internal;

import dev.healing.vision.openrouter.ModelProfile;

/**
 * The size in pixels of an image as sent to (and kept by) a model.
 *
 * @param width  at least 1
 * @param height at least 1
 */
public record SentSize(int width, int height) {
    /** Rejects empty sizes. */
    public SentSize {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("size must be at least 1x1, got " + width + "x" + height);
        }
    }

    /**
     * The size to send a {@code width x height} image to a model with {@code profile}, so that
     * the server keeps it unchanged. {@code budgetDivisor} shrinks the pixel budget (1 normally,
     * 4 after an {@code image_too_large} answer).
     *
     * <p>With a size multiple of 28 this is Qwen's "smart resize": both sides rounded to multiples
     * of 28 (halves to even, as Python rounds), scaled down (rounding down) when the area exceeds the budget, scaled up (rounding up)
     * below 56x56 pixels of area; images already conforming are kept. Otherwise the image is
     * scaled down, never up, to fit the area budget and the long-edge cap.
     */
    public static SentSize forProfile(ModelProfile profile, int width, int height, int budgetDivisor) {
        long budget = Math.max(3136L, (long) profile.maxPixels() / Math.max(1, budgetDivisor));
        int divisor = Math.max(1, budgetDivisor);
        return switch (profile.resize()) {
            case QWEN_28, QWEN_32 -> {
                int f = profile.sizeMultiple();
                yield smartResize(width, height, f, Math.min(3136L, 4L * f * f), budget);
            }
            case OPENAI_TILES -> openAiTiles(width, height, divisor);
            case OPENAI_PATCHES -> openAiPatches(width, height, 1536 / divisor);
            case NONE -> divisor == 1 ? new SentSize(width, height) : fit(width, height, (long) width * height
                    / divisor, 0);
            default -> fit(width, height, budget, profile.maxLongEdge());
        };
    }

    /** Scaled down, never up, to fit the area budget and the long-edge cap (0: none). */
    static SentSize fit(int width, int height, long budget, int maxLongEdge) {
        double scale = 1.0;
        long area = (long) width * height;
        if (area > budget) {
            scale = Math.sqrt((double) budget / area);
        }
        int longEdge = Math.max(width, height);
        if (maxLongEdge > 0 && longEdge * scale > maxLongEdge) {
            scale = (double) maxLongEdge / longEdge;
        }
        return scaled(width, height, scale);
    }

    private static SentSize scaled(int width, int height, double scale) {
        if (scale >= 1.0) {
            return new SentSize(width, height);
        }
        int w = Math.max(1, (int) Math.floor(width * scale + 1e-6));
        int h = Math.max(1, (int) Math.floor(height * scale + 1e-6));
        return new SentSize(w, h);
    }

    /** OpenAI's tile rule: fit within 2048x2048, then the short side at most 768 (halved per divisor step). */
    static SentSize openAiTiles(int width, int height, int divisor) {
        double scale = Math.min(1.0, 2048.0 / Math.max(width, height));
        double shortSide = Math.min(width, height) * scale;
        double limit = 768.0 / Math.sqrt(divisor);
        if (shortSide > limit) {
            scale *= limit / shortSide;
        }
        return scaled(width, height, scale);
    }

    /** OpenAI's patch rule: at most {@code maxPatches} patches of 32x32, a whole number of patches across. */
    static SentSize openAiPatches(int width, int height, int maxPatches) {
        long patches = (long) Math.ceil(width / 32.0) * (long) Math.ceil(height / 32.0);
        if (patches <= maxPatches) {
            return new SentSize(width, height);
        }
        double shrink = Math.sqrt(32.0 * 32.0 * maxPatches / ((double) width * height));
        double wp = width * shrink / 32.0;
        double hp = height * shrink / 32.0;
        shrink *= Math.min(Math.floor(wp) / wp, Math.floor(hp) / hp);
        return scaled(width, height, shrink);
    }

    static SentSize smartResize(int width, int height, int factor, long minPixels, long maxPixels) {
        long hBar = Math.max(factor, (long) Math.rint((double) height / factor) * factor);
        long wBar = Math.max(factor, (long) Math.rint((double) width / factor) * factor);
        if (hBar * wBar > maxPixels) {
            double beta = Math.sqrt((double) height * width / maxPixels);
            hBar = Math.max(factor, (long) Math.floor(height / beta / factor) * factor);
            wBar = Math.max(factor, (long) Math.floor(width / beta / factor) * factor);
        } else if (hBar * wBar < minPixels) {
            double beta = Math.sqrt((double) minPixels / ((double) height * width));
            hBar = (long) Math.ceil(height * beta / factor) * factor;
            wBar = (long) Math.ceil(width * beta / factor) * factor;
        }
        return new SentSize((int) wBar, (int) hBar);
    }

    /** @return width times height */
    public long area() {
        return (long) width * height;
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
