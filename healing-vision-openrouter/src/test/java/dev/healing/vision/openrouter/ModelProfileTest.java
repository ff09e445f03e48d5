package dev.healing.vision.openrouter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.healing.vision.openrouter.internal.SentSize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

final class ModelProfileTest {
    @ParameterizedTest
    @CsvSource({
        "qwen/qwen2.5-vl-72b-instruct, QWEN2_5_VL",
        "qwen/qwen2.5-vl-32b-instruct:free, QWEN2_5_VL",
        "Qwen/Qwen2.5-VL-7B-Instruct, QWEN2_5_VL",
        "qwen/qwen-2-vl-72b-instruct, QWEN2_VL",
        "Qwen/Qwen2-VL-7B-Instruct, QWEN2_VL",
        "qwen/qwen3-vl-235b-a22b-instruct, QWEN3_VL",
        "bytedance/ui-tars-1.5-7b, UI_TARS_1_5",
        "ByteDance-Seed/UI-TARS-1.5-7B, UI_TARS_1_5",
        "bytedance-research/UI-TARS-72B-DPO, UI_TARS_1_0",
        "google/gemini-2.5-flash, GEMINI",
        "anthropic/claude-sonnet-4, CLAUDE",
        "qwen2.5vl:7b, QWEN2_5_VL",
        "qwen3-vl:8b, QWEN3_VL",
        "llava:13b, GENERIC",
        "openai/gpt-4o, GENERIC"
    })
    void forModel_knownIds_pickTheirConvention(String id, ModelProfile expected) {
        assertEquals(expected, ModelProfile.forModel(id));
    }

    @Test
    void sentSize_qwen25On1080p_is1316x728() {
        assertEquals(new SentSize(1316, 728), SentSize.forProfile(ModelProfile.QWEN2_5_VL, 1920, 1080, 1));
        assertEquals(new SentSize(1316, 728), SentSize.forProfile(ModelProfile.UI_TARS_1_5, 1920, 1080, 1));
    }

    @Test
    void sentSize_qwen25_isKeptByTheServersOwnSmartResize() {
        SentSize once = SentSize.forProfile(ModelProfile.QWEN2_5_VL, 1920, 1080, 1);
        // The server resizes what it receives with the same rule and a budget at least as large.
        SentSize again = SentSize.forProfile(ModelProfile.QWEN2_5_VL, once.width(), once.height(), 1);
        assertEquals(once, again);
        assertEquals(0, once.width() % 28);
        assertEquals(0, once.height() % 28);
    }

    @Test
    void sentSize_qwen25SmallCrop_roundsToMultiplesOf28() {
        assertEquals(new SentSize(448, 336), SentSize.forProfile(ModelProfile.QWEN2_5_VL, 448, 336, 1));
        assertEquals(new SentSize(112, 112), SentSize.forProfile(ModelProfile.QWEN2_5_VL, 100, 100, 1));
    }

    @Test
    void sentSize_claudeOn1080p_fitsLongEdgeAndPixelBudget() {
        SentSize s = SentSize.forProfile(ModelProfile.CLAUDE, 1920, 1080, 1);
        assertEquals(new SentSize(1456, 819), s);
        SentSize tall = SentSize.forProfile(ModelProfile.CLAUDE, 1000, 4000, 1);
        assertEquals(new SentSize(392, 1568), tall);
    }

    @Test
    void sentSize_generic_sendsTheScreenUnscaled() {
        assertEquals(new SentSize(1920, 1080), SentSize.forProfile(ModelProfile.GENERIC, 1920, 1080, 1));
    }

    @Test
    void sentSize_budgetDivisor_shrinksForImageTooLarge() {
        SentSize s = SentSize.forProfile(ModelProfile.QWEN2_5_VL, 1920, 1080, 4);
        assertEquals(true, s.area() <= ModelProfile.QWEN_PIXEL_BUDGET / 4, s.toString());
        assertEquals(0, s.width() % 28);
    }

    @ParameterizedTest
    @EnumSource(ModelProfile.class)
    void sentSize_everyProfile_neverUpscalesAScreen(ModelProfile profile) {
        SentSize s = SentSize.forProfile(profile, 1920, 1080, 1);
        assertEquals(true, s.width() <= 1932 && s.height() <= 1092, s.toString());
        // aspect ratio kept within rounding
        assertEquals(1920.0 / 1080, (double) s.width() / s.height(), 0.05);
    }
}
