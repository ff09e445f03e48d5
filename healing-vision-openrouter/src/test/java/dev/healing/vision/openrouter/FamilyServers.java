package dev.healing.vision.openrouter;

import java.util.Locale;
import java.util.function.BiFunction;

/**
 * The model families as their servers behave, written from the makers' documentation and
 * independently of the client's own sizing code: how each server resizes what it receives, in
 * which space and shape each model answers.
 */
final class FamilyServers {
    private FamilyServers() {
    }

    /** A coordinate space as a model writes it. */
    enum Space {
        PIXELS, N1000, N1000_YX, N1, PERCENT
    }

    /** One family's server: its model id, space, native writer and resize. */
    record Family(ModelProfile profile, String model, Space space, String format,
                  BiFunction<Integer, Integer, int[]> resize) {
        boolean givesBox() {
            return !format.equals("tars") && !format.equals("point_tag") && !format.equals("holo")
                    && !format.equals("gta1") && !format.equals("opencua") && !format.equals("molmo")
                    && !format.equals("kimi");
        }

        StandInModel standIn() {
            return new StandInModel((f, w, h, schema) -> write(this, f, w, h, schema), resize, givesBox(),
                    profile == ModelProfile.QWEN3_VL_THINKING);
        }
    }

    static final BiFunction<Integer, Integer, int[]> KEEP = (w, h) -> new int[] {w, h};

    /** Qwen2.5-VL's processor: sides multiples of 28, default max_pixels 12845056, min 3136. */
    static int[] qwen25(int w, int h) {
        return smart(w, h, 28, 3136, 12845056);
    }

    static int[] smart(int w, int h, int factor, long min, long max) {
        long hb = Math.max(factor, Math.round(Math.rint((double) h / factor)) * factor);
        long wb = Math.max(factor, Math.round(Math.rint((double) w / factor)) * factor);
        if (hb * wb > max) {
            double beta = Math.sqrt((double) h * w / max);
            hb = (long) Math.floor(h / beta / factor) * factor;
            wb = (long) Math.floor(w / beta / factor) * factor;
        } else if (hb * wb < min) {
            double beta = Math.sqrt((double) min / ((double) h * w));
            hb = (long) Math.ceil(h * beta / factor) * factor;
            wb = (long) Math.ceil(w * beta / factor) * factor;
        }
        return new int[] {(int) wb, (int) hb};
    }

    /** OpenAI high detail, tile models: fit in 2048x2048, then the shortest side 768. */
    static int[] openAiTiles(int w, int h) {
        double s = Math.min(1, 2048.0 / Math.max(w, h));
        double ww = w * s;
        double hh = h * s;
        if (Math.min(ww, hh) > 768) {
            double t = 768 / Math.min(ww, hh);
            ww *= t;
            hh *= t;
        }
        return new int[] {(int) Math.floor(ww + 1e-6), (int) Math.floor(hh + 1e-6)};
    }

    /** OpenAI patch models: at most 1536 patches of 32 px. */
    static int[] openAiPatches(int w, int h) {
        if (Math.ceil(w / 32.0) * Math.ceil(h / 32.0) <= 1536) {
            return new int[] {w, h};
        }
        double shrink = Math.sqrt(32 * 32 * 1536.0 / (w * (double) h));
        double adj = shrink * Math.min(Math.floor(w * shrink / 32) / (w * shrink / 32),
                Math.floor(h * shrink / 32) / (h * shrink / 32));
        return new int[] {(int) Math.floor(w * adj + 1e-6), (int) Math.floor(h * adj + 1e-6)};
    }

    /** Anthropic: long edge at most 1568 and about 1600 tokens (w*h/750). */
    static int[] claude(int w, int h) {
        double s = Math.min(1, Math.min(1568.0 / Math.max(w, h), Math.sqrt(1600 * 750.0 / (w * (double) h))));
        return new int[] {(int) Math.floor(w * s + 1e-6), (int) Math.floor(h * s + 1e-6)};
    }

    /** Long edge at most {@code edge}, shape kept (LM Studio: 1024; Claude Opus 4.7: 2576). */
    static BiFunction<Integer, Integer, int[]> longEdge(int edge) {
        return (w, h) -> {
            double s = Math.min(1, edge / (double) Math.max(w, h));
            return new int[] {(int) Math.round(w * s), (int) Math.round(h * s)};
        };
    }

    /** Every family of issue 18 with the profile the client picks from its model id. */
    static Family[] all() {
        return new Family[] {
            new Family(ModelProfile.QWEN2_5_VL, "qwen/qwen2.5-vl-72b-instruct", Space.PIXELS, "qwen", FamilyServers::qwen25),
            new Family(ModelProfile.QWEN2_5_VL, "qwen/qwen-vl-max", Space.PIXELS, "qwen", FamilyServers::qwen25),
            new Family(ModelProfile.UI_TARS_1_5, "bytedance/ui-tars-1.5-7b", Space.PIXELS, "tars", FamilyServers::qwen25),
            new Family(ModelProfile.QWEN2_VL, "qwen/qwen-2-vl-72b-instruct", Space.N1000, "qwen2_tokens", KEEP),
            new Family(ModelProfile.UI_TARS_1_0, "bytedance-research/ui-tars-72b-dpo", Space.N1000, "tars", KEEP),
            new Family(ModelProfile.UI_TARS_2, "bytedance/ui-tars-2", Space.N1000, "point_tag", KEEP),
            new Family(ModelProfile.QWEN3_VL, "qwen/qwen3-vl-235b-a22b-instruct", Space.N1000, "qwen", KEEP),
            new Family(ModelProfile.QWEN3_VL_THINKING, "qwen/qwen3-vl-30b-a3b-thinking", Space.N1000, "qwen", KEEP),
            new Family(ModelProfile.QWEN3_5, "qwen/qwen3.5-397b-a17b", Space.N1000, "qwen", KEEP),
            new Family(ModelProfile.GEMINI, "google/gemini-2.5-flash", Space.N1000_YX, "gemini", KEEP),
            new Family(ModelProfile.GEMINI_3, "google/gemini-3-pro-preview", Space.N1000_YX, "gemini", KEEP),
            new Family(ModelProfile.CLAUDE, "anthropic/claude-sonnet-4.5", Space.PIXELS, "json", FamilyServers::claude),
            new Family(ModelProfile.CLAUDE_HIGH_RES, "anthropic/claude-opus-4.7", Space.PIXELS, "json", longEdge(2576)),
            new Family(ModelProfile.GPT_4O, "openai/gpt-4o", Space.PIXELS, "json", FamilyServers::openAiTiles),
            new Family(ModelProfile.GPT_5, "openai/gpt-5", Space.PIXELS, "json", FamilyServers::openAiPatches),
            new Family(ModelProfile.GPT_5_4, "openai/gpt-5.4", Space.PIXELS, "json", KEEP),
            new Family(ModelProfile.GLM_V, "z-ai/glm-4.5v", Space.N1000, "glm", KEEP),
            new Family(ModelProfile.DOUBAO_SEED, "bytedance/doubao-seed-1.6", Space.N1000, "bbox_tag", KEEP),
            new Family(ModelProfile.KIMI, "moonshotai/kimi-vl-a3b-thinking", Space.N1, "kimi", KEEP),
            new Family(ModelProfile.INTERNVL, "OpenGVLab/InternVL3-78B", Space.N1000, "internvl", KEEP),
            new Family(ModelProfile.HOLO_1_5, "Hcompany/Holo1.5-7B", Space.PIXELS, "holo", FamilyServers::qwen25),
            new Family(ModelProfile.GTA1, "Salesforce/GTA1-7B", Space.PIXELS, "gta1", FamilyServers::qwen25),
            new Family(ModelProfile.OPENCUA, "xlangai/OpenCUA-32B", Space.PIXELS, "opencua", FamilyServers::qwen25),
            new Family(ModelProfile.MOLMO, "allenai/molmo-7b-d", Space.PERCENT, "molmo", KEEP),
            new Family(ModelProfile.GENERIC, "local/unknown-vlm", Space.PIXELS, "json", KEEP),
        };
    }

    /** The answer a truthful model of {@code family} gives for a box at fractions {@code f} of an image seen at w x h. */
    static String write(Family family, double[] f, int w, int h, boolean schema) {
        double[] box = coords(family.space(), f, w, h);
        double[] pt = {(box[0] + box[2]) / 2, (box[1] + box[3]) / 2};
        boolean yx = family.space() == Space.N1000_YX;
        String b = yx ? list(box[1], box[0], box[3], box[2]) : list(box);
        String p = yx ? list(pt[1], pt[0]) : list(pt);
        if (schema || family.format().equals("json")) {
            return "{\"found\": true, \"bbox\": " + b + ", \"point\": " + p
                    + ", \"confidence\": 0.9, \"reasoning\": \"the described element\"}";
        }
        String x = n(pt[0]);
        String y = n(pt[1]);
        return switch (family.format()) {
            case "qwen" -> "```json\n[{\"bbox_2d\": " + b + ", \"point_2d\": " + p + ", \"label\": \"target\"}]\n```";
            case "gemini" -> "{\"box_2d\": " + b + ", \"point\": " + p + ", \"label\": \"target\"}";
            case "tars" -> "Thought: it is there.\nAction: click(start_box='(" + x + "," + y + ")')";
            case "point_tag" -> "<point>" + x + " " + y + "</point>";
            case "qwen2_tokens" -> "<|object_ref_start|>target<|object_ref_end|><|box_start|>(" + n(box[0]) + ","
                    + n(box[1]) + "),(" + n(box[2]) + "," + n(box[3]) + ")<|box_end|>";
            case "glm" -> "The element is here: <|begin_of_box|>[[" + n(box[0]) + "," + n(box[1]) + "," + n(box[2])
                    + "," + n(box[3]) + "]]<|end_of_box|>";
            case "bbox_tag" -> "<bbox>" + n(box[0]) + " " + n(box[1]) + " " + n(box[2]) + " " + n(box[3]) + "</bbox>";
            case "internvl" -> "<ref>target</ref><box>[[" + n(box[0]) + ", " + n(box[1]) + ", " + n(box[2]) + ", "
                    + n(box[3]) + "]]</box>";
            case "holo" -> "{\"action\": \"click_absolute\", \"x\": " + x + ", \"y\": " + y + "}";
            case "gta1" -> "(" + x + ", " + y + ")";
            case "opencua" -> "# Click the element\npyautogui.click(x=" + x + ", y=" + y + ")";
            case "molmo" -> "<point x=\"" + x + "\" y=\"" + y + "\" alt=\"target\">target</point>";
            case "kimi" -> "{\"point\": " + p + "}";
            default -> throw new IllegalStateException(family.format());
        };
    }

    static double[] coords(Space space, double[] f, int w, int h) {
        return switch (space) {
            case PIXELS -> new double[] {Math.round(f[0] * w), Math.round(f[1] * h), Math.round(f[2] * w),
                Math.round(f[3] * h)};
            case N1000, N1000_YX -> new double[] {Math.round(f[0] * 1000), Math.round(f[1] * 1000),
                Math.round(f[2] * 1000), Math.round(f[3] * 1000)};
            case N1 -> new double[] {r(f[0], 1000), r(f[1], 1000), r(f[2], 1000), r(f[3], 1000)};
            case PERCENT -> new double[] {r(f[0] * 100, 10), r(f[1] * 100, 10), r(f[2] * 100, 10), r(f[3] * 100, 10)};
        };
    }

    private static double r(double v, double per) {
        return Math.round(v * per) / per;
    }

    static String n(double v) {
        return Math.abs(v - Math.rint(v)) < 1e-9 ? Long.toString(Math.round(v))
                : String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "");
    }

    static String list(double... v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(n(v[i]));
        }
        return sb.append(']').toString();
    }
}
