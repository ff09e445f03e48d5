package dev.healing.vision.openrouter;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a vision-language model family reads images and writes coordinates. Parsing coordinates in
 * the wrong space is the first cause of wrong clicks, so every answer is mapped back to screen
 * pixels through the profile of the model that gave it (or through what calibration found, see
 * {@link OpenRouterVisionLocator.Builder#calibration}).
 *
 * <p>Each profile says in which space the model answers ({@link #coordinateSpace()}), how the
 * client sizes the screenshot before sending it so that the server keeps it exactly as sent
 * ({@link #resize()}), which answer shape the prompt asks for ({@link #answerFormat()}), and the
 * request settings the family wants (temperature, reasoning switch, room in {@code max_tokens},
 * image {@code detail}). Examples for a 1920x1080 screen: Qwen2.5-VL 1316x728 (multiples of 28
 * within {@value #QWEN_PIXEL_BUDGET} pixels), GPT-4o 1365x768 (fit in 2048, short side 768),
 * GPT-5 1649x928 (at most 1536 patches of 32), Claude up to 4.6 1456x819. Profiles are immutable.
 */
public enum ModelProfile {
    /** Qwen2.5-VL and {@code qwen-vl-max}/{@code qwen-vl-plus}: pixels of the image resized to multiples of 28. */
    QWEN2_5_VL(CoordinateSpace.IMAGE_PIXELS, Resize.QWEN_28, AnswerFormat.QWEN_JSON, true, true, 0.0,
            Reasoning.DEFAULT, null),
    /** UI-TARS-1.5: pixels of the resized image, {@code click(start_box='(x,y)')}; one image per request. */
    UI_TARS_1_5(CoordinateSpace.IMAGE_PIXELS, Resize.QWEN_28, AnswerFormat.TARS_ACTION, false, false, 0.0,
            Reasoning.DEFAULT, null),
    /** Qwen2-VL: {@code <|box_start|>(x1,y1),(x2,y2)<|box_end|>} or JSON on a 0..1000 scale. */
    QWEN2_VL(CoordinateSpace.NORMALIZED_1000, Resize.QWEN_28, AnswerFormat.JSON, true, true, 0.0,
            Reasoning.DEFAULT, null),
    /** UI-TARS 1.0: 0..1000 scale, {@code click(start_box='(x,y)')}; one image per request. */
    UI_TARS_1_0(CoordinateSpace.NORMALIZED_1000, Resize.QWEN_28, AnswerFormat.TARS_ACTION, false, false, 0.0,
            Reasoning.DEFAULT, null),
    /** UI-TARS-2: {@code <point>x y</point>} on a 0..1000 scale. */
    UI_TARS_2(CoordinateSpace.NORMALIZED_1000, Resize.QWEN_32, AnswerFormat.POINT_TAG, false, false, 0.0,
            Reasoning.DEFAULT, null),
    /** Qwen3-VL instruct: JSON on a 0..1000 scale. */
    QWEN3_VL(CoordinateSpace.NORMALIZED_1000, Resize.QWEN_32, AnswerFormat.QWEN_JSON, true, true, 0.0,
            Reasoning.DEFAULT, null),
    /** Qwen3-VL thinking: 0..1000, temperature 0.6 as the makers advise, room for the reasoning. */
    QWEN3_VL_THINKING(CoordinateSpace.NORMALIZED_1000, Resize.QWEN_32, AnswerFormat.QWEN_JSON, true, false, 0.6,
            Reasoning.ON, null),
    /** Qwen3.5, 3.6, 3.7: 0..1000, patch factor 32; thinking switched off for a plain answer. */
    QWEN3_5(CoordinateSpace.NORMALIZED_1000, Resize.QWEN_32, AnswerFormat.QWEN_JSON, true, false, 0.0,
            Reasoning.OFF, null),
    /** Gemini up to 2.5: boxes {@code [ymin, xmin, ymax, xmax]} and points {@code [y, x]}, 0..1000. */
    GEMINI(CoordinateSpace.NORMALIZED_1000_YX, Resize.FIT_QWEN_BUDGET, AnswerFormat.GEMINI_JSON, true, true, 0.0,
            Reasoning.DEFAULT, null),
    /** Gemini 3: as Gemini, at temperature 1.0 (lower makes it loop), low reasoning effort. */
    GEMINI_3(CoordinateSpace.NORMALIZED_1000_YX, Resize.FIT_QWEN_BUDGET, AnswerFormat.GEMINI_JSON, true, true, 1.0,
            Reasoning.LOW, null),
    /** Claude up to 4.6: pixels of the image it saw; sent within 1568 px long edge and 1.15 megapixels. */
    CLAUDE(CoordinateSpace.IMAGE_PIXELS, Resize.CLAUDE, AnswerFormat.JSON, true, true, 0.0, Reasoning.DEFAULT, null),
    /**
     * Claude Opus 4.7 and later: pixels, up to 2576 px on the long edge and 3.75 megapixels; these
     * models take no sampling parameters, so no temperature is sent.
     */
    CLAUDE_HIGH_RES(CoordinateSpace.IMAGE_PIXELS, Resize.CLAUDE_2576, AnswerFormat.JSON, true, true, Double.NaN,
            Reasoning.DEFAULT, null),
    /** GPT-4o, GPT-4.1, GPT-4.5: pixels of the image fit in 2048x2048 with the short side 768 (tiles), detail high. */
    GPT_4O(CoordinateSpace.IMAGE_PIXELS, Resize.OPENAI_TILES, AnswerFormat.JSON, true, true, 0.0,
            Reasoning.DEFAULT, "high"),
    /** GPT-5 to 5.3, GPT-4.1 mini/nano, o4-mini: pixels after the 1536-patch resize; reasoning models take no temperature. */
    GPT_5(CoordinateSpace.IMAGE_PIXELS, Resize.OPENAI_PATCHES, AnswerFormat.JSON, true, true, Double.NaN,
            Reasoning.LOW, "high"),
    /** GPT-5.4 and later: pixels of the original image, sent with {@code detail: "original"}. */
    GPT_5_4(CoordinateSpace.IMAGE_PIXELS, Resize.NONE, AnswerFormat.JSON, true, true, Double.NaN, Reasoning.LOW,
            "original"),
    /** GLM-4.1V, 4.5V, 4.6V, 5V: {@code <|begin_of_box|>[[x1,y1,x2,y2]]<|end_of_box|>} on 0..1000; thinking off. */
    GLM_V(CoordinateSpace.NORMALIZED_1000, Resize.QWEN_28, AnswerFormat.GLM_BOX, true, false, 0.0, Reasoning.OFF,
            null),
    /** Doubao-Seed: {@code <bbox>x1 y1 x2 y2</bbox>} on 0..1000. */
    DOUBAO_SEED(CoordinateSpace.NORMALIZED_1000, Resize.FIT_QWEN_BUDGET, AnswerFormat.BBOX_TAG, true, false, 0.0,
            Reasoning.OFF, null),
    /** Kimi: points on a 0..1 scale; refuses a custom temperature, so none is sent. */
    KIMI(CoordinateSpace.NORMALIZED_1, Resize.FIT_QWEN_BUDGET, AnswerFormat.JSON, true, false, Double.NaN,
            Reasoning.DEFAULT, null),
    /** InternVL: {@code [[x1,y1,x2,y2]]} on 0..1000. */
    INTERNVL(CoordinateSpace.NORMALIZED_1000, Resize.FIT_QWEN_BUDGET, AnswerFormat.INTERNVL_BOX, false, false, 0.0,
            Reasoning.DEFAULT, null),
    /** Holo1.5: {@code click_absolute(x=.., y=..)} in pixels of the image resized to multiples of 28. */
    HOLO_1_5(CoordinateSpace.IMAGE_PIXELS, Resize.QWEN_28, AnswerFormat.CLICK_ABSOLUTE, false, false, 0.0,
            Reasoning.DEFAULT, null),
    /** GTA1 and similar grounders: a bare {@code (x, y)} in pixels of the image resized to multiples of 28. */
    GTA1(CoordinateSpace.IMAGE_PIXELS, Resize.QWEN_28, AnswerFormat.BARE_POINT, false, false, 0.0,
            Reasoning.DEFAULT, null),
    /** OpenCUA: {@code pyautogui.click(x=.., y=..)} in pixels of the image resized to multiples of 28. */
    OPENCUA(CoordinateSpace.IMAGE_PIXELS, Resize.QWEN_28, AnswerFormat.PYAUTOGUI, false, false, 0.0,
            Reasoning.DEFAULT, null),
    /** Molmo: {@code <point x="61.5" y="40.2">} in percent of the image. */
    MOLMO(CoordinateSpace.NORMALIZED_100, Resize.FIT_QWEN_BUDGET, AnswerFormat.MOLMO_POINT, false, false, 0.0,
            Reasoning.DEFAULT, null),
    /**
     * Any other model: absolute pixels of the image as sent, the screenshot unscaled; no
     * structured-output request. By default such a model is calibrated before its first question.
     */
    GENERIC(CoordinateSpace.IMAGE_PIXELS, Resize.NONE, AnswerFormat.JSON, true, false, 0.0, Reasoning.DEFAULT, null);

    /** Pixel budget of the Qwen2.5-VL-style profiles: 1280 patches of 28x28. */
    public static final int QWEN_PIXEL_BUDGET = 1280 * 28 * 28;
    /** Pixel budget of the Qwen3-style profiles: 2048 patches of 32x32 (a 1920x1080 screen fits unscaled). */
    public static final int QWEN3_PIXEL_BUDGET = 2048 * 32 * 32;
    /** Pixel budget of Claude up to 4.6 (about 1.15 megapixels, 1092x1092). */
    public static final int CLAUDE_PIXEL_BUDGET = 1092 * 1092;
    /** Pixel budget of Claude Opus 4.7 and later (3.75 megapixels). */
    public static final int CLAUDE_HIGH_RES_PIXEL_BUDGET = 3_750_000;
    /** Temperature of a repeated sample for a family asked at 0 otherwise. */
    public static final double SAMPLE_TEMPERATURE = 0.7;
    /** Room in {@code max_tokens} for a model that reasons before it answers. */
    public static final int REASONING_MAX_TOKENS = 4096;

    /** The space a model writes its coordinates in. */
    public enum CoordinateSpace {
        /** Absolute pixels of the image the model saw, x then y, origin top-left. */
        IMAGE_PIXELS(0),
        /** 0..1000 of the image's width and height, x then y. */
        NORMALIZED_1000(1000),
        /** 0..1000 of the image's height and width, y then x (Gemini). */
        NORMALIZED_1000_YX(1000),
        /** 0..1 of the image's width and height, x then y (Kimi). */
        NORMALIZED_1(1),
        /** 0..100 (percent) of the image's width and height, x then y (Molmo). */
        NORMALIZED_100(100);

        private final double extent;

        CoordinateSpace(double extent) {
            this.extent = extent;
        }

        /** @return the value of the right and bottom edges, or 0 for pixels (the image's own size) */
        public double extent() {
            return extent;
        }

        /** @return whether the model writes y before x */
        public boolean yFirst() {
            return this == NORMALIZED_1000_YX;
        }
    }

    /** How the client sizes a screenshot for a family so that its server keeps the image unchanged. */
    public enum Resize {
        /** Sent as captured. */
        NONE,
        /** Qwen2.5-VL "smart resize": sides multiples of 28 within {@value #QWEN_PIXEL_BUDGET} pixels. */
        QWEN_28,
        /** Qwen3-style: sides multiples of 32 within {@value #QWEN3_PIXEL_BUDGET} pixels. */
        QWEN_32,
        /** Scaled down (never up) to {@value #QWEN_PIXEL_BUDGET} pixels; the model answers normalised. */
        FIT_QWEN_BUDGET,
        /** Claude up to 4.6: at most 1568 px long edge and {@value #CLAUDE_PIXEL_BUDGET} pixels. */
        CLAUDE,
        /** Claude Opus 4.7 and later: at most 2576 px long edge and {@value #CLAUDE_HIGH_RES_PIXEL_BUDGET} pixels. */
        CLAUDE_2576,
        /** OpenAI tiles: fit in 2048x2048, then the short side at most 768. */
        OPENAI_TILES,
        /** OpenAI patches: at most 1536 patches of 32x32, whole patches across. */
        OPENAI_PATCHES
    }

    /** The answer shape a family writes natively; the prompt asks for this shape only. */
    public enum AnswerFormat {
        /** {@code {"found", "bbox", "point", "confidence", "reasoning"}}. */
        JSON,
        /** Qwen's {@code [{"bbox_2d": [...], "point_2d": [...], "label": ...}]}. */
        QWEN_JSON,
        /** Gemini's {@code {"box_2d": [ymin, xmin, ymax, xmax], "point": [y, x]}}. */
        GEMINI_JSON,
        /** UI-TARS's {@code click(start_box='(x,y)')}. */
        TARS_ACTION,
        /** {@code <point>x y</point>}. */
        POINT_TAG,
        /** GLM's {@code <|begin_of_box|>[[x1,y1,x2,y2]]<|end_of_box|>}. */
        GLM_BOX,
        /** Doubao-Seed's {@code <bbox>x1 y1 x2 y2</bbox>}. */
        BBOX_TAG,
        /** InternVL's {@code <box>[[x1,y1,x2,y2]]</box>}. */
        INTERNVL_BOX,
        /** Holo's {@code click_absolute(x=.., y=..)}. */
        CLICK_ABSOLUTE,
        /** A bare {@code (x, y)}. */
        BARE_POINT,
        /** OpenCUA's {@code pyautogui.click(x=.., y=..)}. */
        PYAUTOGUI,
        /** Molmo's {@code <point x=".." y="..">}. */
        MOLMO_POINT
    }

    /** Whether to ask for reasoning before the answer (OpenRouter's {@code reasoning} parameter). */
    public enum Reasoning {
        /** Nothing sent: the provider's default. */
        DEFAULT,
        /** Switched off. */
        OFF,
        /** Low effort. */
        LOW,
        /** On, with {@value ModelProfile#REASONING_MAX_TOKENS} tokens of room. */
        ON
    }

    private final CoordinateSpace space;
    private final Resize resize;
    private final AnswerFormat format;
    private final boolean extraImages;
    private final boolean structuredOutput;
    private final double temperature;
    private final Reasoning reasoning;
    private final String detail;

    ModelProfile(CoordinateSpace space, Resize resize, AnswerFormat format, boolean extraImages,
                 boolean structuredOutput, double temperature, Reasoning reasoning, String detail) {
        this.space = space;
        this.resize = resize;
        this.format = format;
        this.extraImages = extraImages;
        this.structuredOutput = structuredOutput;
        this.temperature = temperature;
        this.reasoning = reasoning;
        this.detail = detail;
    }

    /**
     * Picks the profile from an OpenRouter, Hugging Face or local model id, e.g.
     * {@code qwen/qwen2.5-vl-72b-instruct} gives {@link #QWEN2_5_VL}. Unknown ids give {@link #GENERIC}.
     */
    public static ModelProfile forModel(String modelId) {
        // Compare without separators: "qwen2.5-vl" (OpenRouter), "Qwen2.5-VL" (Hugging Face), "qwen2.5vl" (Ollama).
        String id = modelId == null ? "" : modelId.toLowerCase(Locale.ROOT).replaceAll("[-_ ]", "");
        if (id.contains("uitars")) {
            if (id.contains("uitars2")) {
                return UI_TARS_2;
            }
            return id.contains("uitars1.5") || id.contains("uitars15") ? UI_TARS_1_5 : UI_TARS_1_0;
        }
        if (id.contains("holo")) {
            return HOLO_1_5;
        }
        if (id.contains("gta1")) {
            return GTA1;
        }
        if (id.contains("opencua")) {
            return OPENCUA;
        }
        if (id.contains("qwen3vl")) {
            return id.contains("thinking") ? QWEN3_VL_THINKING : QWEN3_VL;
        }
        if (id.matches(".*qwen3\\.[5-9].*")) {
            return QWEN3_5;
        }
        if (id.contains("qwen2.5vl") || id.contains("qwen25vl") || id.contains("qwenvlmax")
                || id.contains("qwenvlplus")) {
            return QWEN2_5_VL;
        }
        if (id.contains("qwen2vl")) {
            return QWEN2_VL;
        }
        if (id.contains("gemini")) {
            return id.matches(".*gemini([3-9]|[1-9][0-9]).*") ? GEMINI_3 : GEMINI;
        }
        if (id.contains("claude")) {
            return claudeHighRes(id) ? CLAUDE_HIGH_RES : CLAUDE;
        }
        if (id.matches(".*glm[0-9.]*v.*")) {
            return GLM_V;
        }
        if (id.contains("doubao") || id.contains("seed1.") || id.contains("seedvl")) {
            return DOUBAO_SEED;
        }
        if (id.contains("kimi")) {
            return KIMI;
        }
        if (id.contains("internvl")) {
            return INTERNVL;
        }
        if (id.contains("molmo")) {
            return MOLMO;
        }
        Optional<ModelProfile> gpt = gpt(id);
        return gpt.orElse(GENERIC);
    }

    private static boolean claudeHighRes(String id) {
        // "claude-opus-4.7", "claude-opus-4-7" (separators dropped: "opus47"), and any 5.x or later.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("opus\\.?([0-9])\\.?([0-9])?").matcher(id);
        if (m.find()) {
            int major = Integer.parseInt(m.group(1));
            int minor = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
            return major > 4 || (major == 4 && minor >= 7);
        }
        return id.matches(".*claude[a-z]*\\.?([5-9]).*");
    }

    private static Optional<ModelProfile> gpt(String id) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("gpt([0-9]+)(?:\\.([0-9]+))?([a-z]*)").matcher(id);
        if (m.find()) {
            int major = Integer.parseInt(m.group(1));
            int minor = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
            String rest = m.group(3);
            if (major == 4) {
                if (minor == 1 && (rest.startsWith("mini") || rest.startsWith("nano"))) {
                    return Optional.of(GPT_5);
                }
                return Optional.of(GPT_4O);
            }
            if (major >= 5) {
                return Optional.of(major > 5 || minor >= 4 ? GPT_5_4 : GPT_5);
            }
        }
        if (id.matches(".*\\bo[34].*") || id.matches("(.*/)?o[34](mini)?.*")) {
            return Optional.of(GPT_5);
        }
        return Optional.empty();
    }

    /**
     * The profile named {@code name}, for tools that let a user force one
     * ({@code --vision-profile qwen2.5-vl}); case, dots, dashes and underscores are ignored.
     *
     * @throws IllegalArgumentException naming the known profiles when {@code name} is none of them
     */
    public static ModelProfile named(String name) {
        String key = name == null ? "" : name.toUpperCase(Locale.ROOT).replaceAll("[-_. ]", "");
        for (ModelProfile p : values()) {
            if (p.name().replace("_", "").equals(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown vision profile \"" + name + "\"; known: " + names());
    }

    /** @return the names {@link #named} accepts, comma-separated, e.g. {@code QWEN2_5_VL, UI_TARS_1_5, ...} */
    public static String names() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }

    /** @return the space this model writes coordinates in */
    public CoordinateSpace coordinateSpace() {
        return space;
    }

    /** @return how the client sizes images for this family */
    public Resize resize() {
        return resize;
    }

    /** @return the multiple both sides of a sent image are rounded to (28 or 32 for Qwen-style resizing, else 1) */
    public int sizeMultiple() {
        return switch (resize) {
            case QWEN_28 -> 28;
            case QWEN_32 -> 32;
            default -> 1;
        };
    }

    /** @return the largest image area in pixels sent to this model; larger screens are scaled down */
    public int maxPixels() {
        return switch (resize) {
            case QWEN_28, FIT_QWEN_BUDGET -> QWEN_PIXEL_BUDGET;
            case QWEN_32 -> QWEN3_PIXEL_BUDGET;
            case CLAUDE -> CLAUDE_PIXEL_BUDGET;
            case CLAUDE_2576 -> CLAUDE_HIGH_RES_PIXEL_BUDGET;
            case OPENAI_TILES -> 2048 * 768 * 2;
            case OPENAI_PATCHES -> 1536 * 32 * 32;
            case NONE -> Integer.MAX_VALUE;
        };
    }

    /** @return the longest side in pixels sent to this model, or 0 when only the area is bounded */
    public int maxLongEdge() {
        return switch (resize) {
            case CLAUDE -> 1568;
            case CLAUDE_2576 -> 2576;
            case OPENAI_TILES -> 2048;
            default -> 0;
        };
    }

    /** @return the answer shape the prompt asks for */
    public AnswerFormat answerFormat() {
        return format;
    }

    /** @return whether the model is sent the baseline and failed crops as extra images by default */
    public boolean extraImages() {
        return extraImages;
    }

    /** @return whether {@code response_format} with a JSON schema is requested by default */
    public boolean structuredOutput() {
        return structuredOutput;
    }

    /** @return the temperature sent, or NaN when none is sent (the model refuses or ignores one) */
    public double temperature() {
        return temperature;
    }

    /**
     * @return whether the family's API takes a {@code seed} along with a temperature above 0, so
     *     that a repeated sample with another seed is a second opinion: not Claude (no {@code seed}
     *     in Anthropic's API), GLM and Doubao (none documented), Kimi and the OpenAI reasoning
     *     models (no custom temperature)
     */
    public boolean acceptsSeed() {
        return !Double.isNaN(temperature) && switch (this) {
            case CLAUDE, GLM_V, DOUBAO_SEED -> false;
            default -> true;
        };
    }

    /**
     * @return the temperature of a repeated sample: the family's own when above 0 (Qwen3-VL
     *     thinking 0.6, Gemini 3 1.0), otherwise {@value #SAMPLE_TEMPERATURE}
     */
    public double sampleTemperature() {
        return temperature > 0 ? temperature : SAMPLE_TEMPERATURE;
    }

    /** @return the reasoning setting sent */
    public Reasoning reasoning() {
        return reasoning;
    }

    /** @return {@code max_tokens} at least this large, leaving room for reasoning */
    public int minMaxTokens() {
        return reasoning == Reasoning.ON || reasoning == Reasoning.LOW || temperature == 1.0
                ? REASONING_MAX_TOKENS : 0;
    }

    /** @return the image {@code detail} sent ({@code "high"}, {@code "original"}), or {@code null} for none */
    public String detail() {
        return detail;
    }
}
