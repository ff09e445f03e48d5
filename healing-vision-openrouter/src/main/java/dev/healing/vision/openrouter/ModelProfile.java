package dev.healing.vision.openrouter;

import java.util.Locale;

/**
 * How a vision-language model family reads images and writes coordinates. Parsing coordinates in
 * the wrong space is the first cause of wrong clicks, so every answer is mapped back to screen
 * pixels through the profile of the model that gave it.
 *
 * <p>Each profile says in which space the model answers ({@link #coordinateSpace()}) and how the
 * client sizes the screenshot before sending it, so that the server keeps the image exactly as
 * sent and the mapping back is exact: Qwen2.5-VL and UI-TARS-1.5 get sides that are multiples of
 * 28 within {@value #QWEN_PIXEL_BUDGET} pixels (1316x728 for a 1920x1080 screen), which the
 * server's own resize then keeps; Claude gets at most 1568 pixels on the long edge and at most
 * {@value #CLAUDE_PIXEL_BUDGET} pixels (1456x819 for 1920x1080). Profiles are immutable.
 */
public enum ModelProfile {
    /** Qwen2.5-VL: absolute pixels of the image after the server's resize to multiples of 28. */
    QWEN2_5_VL(CoordinateSpace.IMAGE_PIXELS, 28, ModelProfile.QWEN_PIXEL_BUDGET, 0, true, true),
    /** UI-TARS-1.5: like Qwen2.5-VL, absolute pixels of the resized image; one image per request. */
    UI_TARS_1_5(CoordinateSpace.IMAGE_PIXELS, 28, ModelProfile.QWEN_PIXEL_BUDGET, 0, false, true),
    /** Qwen2-VL: {@code [x1, y1, x2, y2]} on a 0..1000 scale of the image. */
    QWEN2_VL(CoordinateSpace.NORMALIZED_1000, 1, ModelProfile.QWEN_PIXEL_BUDGET, 0, true, true),
    /** UI-TARS 1.0: 0..1000 scale; one image per request. */
    UI_TARS_1_0(CoordinateSpace.NORMALIZED_1000, 1, ModelProfile.QWEN_PIXEL_BUDGET, 0, false, true),
    /** Qwen3-VL: 0..1000 scale of the image. */
    QWEN3_VL(CoordinateSpace.NORMALIZED_1000, 1, ModelProfile.QWEN_PIXEL_BUDGET, 0, true, true),
    /** Gemini: boxes {@code [ymin, xmin, ymax, xmax]} and points {@code [y, x]}, 0..1000. */
    GEMINI(CoordinateSpace.NORMALIZED_1000_YX, 1, ModelProfile.QWEN_PIXEL_BUDGET, 0, true, true),
    /** Claude: absolute pixels of the image it saw; the client sends it already within Claude's limits. */
    CLAUDE(CoordinateSpace.IMAGE_PIXELS, 1, ModelProfile.CLAUDE_PIXEL_BUDGET, 1568, true, true),
    /**
     * Any other model, for example on a local OpenAI-compatible server: absolute pixels of the
     * image as sent, which is the screenshot unscaled; no structured-output request.
     */
    GENERIC(CoordinateSpace.IMAGE_PIXELS, 1, Integer.MAX_VALUE, 0, true, false);

    /** Pixel budget of the Qwen profiles: 1280 patches of 28x28. */
    public static final int QWEN_PIXEL_BUDGET = 1280 * 28 * 28;
    /** Pixel budget of Claude (about 1.15 megapixels, 1092x1092). */
    public static final int CLAUDE_PIXEL_BUDGET = 1092 * 1092;

    /** The space a model writes its coordinates in. */
    public enum CoordinateSpace {
        /** Absolute pixels of the image the model saw, x then y, origin top-left. */
        IMAGE_PIXELS,
        /** 0..1000 of the image's width and height, x then y. */
        NORMALIZED_1000,
        /** 0..1000 of the image's height and width, y then x (Gemini). */
        NORMALIZED_1000_YX
    }

    private final CoordinateSpace space;
    private final int sizeMultiple;
    private final int maxPixels;
    private final int maxLongEdge;
    private final boolean extraImages;
    private final boolean structuredOutput;

    ModelProfile(CoordinateSpace space, int sizeMultiple, int maxPixels, int maxLongEdge, boolean extraImages,
                 boolean structuredOutput) {
        this.space = space;
        this.sizeMultiple = sizeMultiple;
        this.maxPixels = maxPixels;
        this.maxLongEdge = maxLongEdge;
        this.extraImages = extraImages;
        this.structuredOutput = structuredOutput;
    }

    /**
     * Picks the profile from an OpenRouter or Hugging Face model id, e.g.
     * {@code qwen/qwen2.5-vl-72b-instruct} gives {@link #QWEN2_5_VL}. Unknown ids give {@link #GENERIC}.
     */
    public static ModelProfile forModel(String modelId) {
        // Compare without separators: "qwen2.5-vl" (OpenRouter), "Qwen2.5-VL" (Hugging Face), "qwen2.5vl" (Ollama).
        String id = modelId == null ? "" : modelId.toLowerCase(Locale.ROOT).replaceAll("[-_ ]", "");
        if (id.contains("uitars")) {
            return id.contains("uitars1.5") || id.contains("uitars15") ? UI_TARS_1_5 : UI_TARS_1_0;
        }
        if (id.contains("qwen3vl")) {
            return QWEN3_VL;
        }
        if (id.contains("qwen2.5vl") || id.contains("qwen25vl")) {
            return QWEN2_5_VL;
        }
        if (id.contains("qwen2vl")) {
            return QWEN2_VL;
        }
        if (id.contains("gemini")) {
            return GEMINI;
        }
        if (id.contains("claude")) {
            return CLAUDE;
        }
        return GENERIC;
    }

    /** @return the space this model writes coordinates in */
    public CoordinateSpace coordinateSpace() {
        return space;
    }

    /** @return the multiple both sides of a sent image are rounded to (28 for Qwen-style resizing, else 1) */
    public int sizeMultiple() {
        return sizeMultiple;
    }

    /** @return the largest image area in pixels sent to this model; larger screens are scaled down */
    public int maxPixels() {
        return maxPixels;
    }

    /** @return the longest side in pixels sent to this model, or 0 when only the area is bounded */
    public int maxLongEdge() {
        return maxLongEdge;
    }

    /** @return whether the model is sent the baseline and failed crops as extra images by default */
    public boolean extraImages() {
        return extraImages;
    }

    /** @return whether {@code response_format} with a JSON schema is requested by default */
    public boolean structuredOutput() {
        return structuredOutput;
    }
}
