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
        "openai/gpt-4o, GPT_4O",
        "openai/gpt-4.1, GPT_4O",
        "openai/gpt-4.1-mini, GPT_5",
        "openai/gpt-5, GPT_5",
        "openai/gpt-5.2, GPT_5",
        "openai/gpt-5.4, GPT_5_4",
        "openai/o4-mini, GPT_5",
        "qwen/qwen3-vl-30b-a3b-thinking, QWEN3_VL_THINKING",
        "qwen/qwen3.5-397b-a17b, QWEN3_5",
        "qwen/qwen3.6-plus, QWEN3_5",
        "qwen/qwen-vl-max, QWEN2_5_VL",
        "qwen/qwen-vl-plus, QWEN2_5_VL",
        "google/gemini-3-pro-preview, GEMINI_3",
        "google/gemini-2.0-flash-001, GEMINI",
        "anthropic/claude-opus-4.6, CLAUDE",
        "anthropic/claude-opus-4.7, CLAUDE_HIGH_RES",
        "claude-opus-4-7, CLAUDE_HIGH_RES",
        "anthropic/claude-3.5-sonnet, CLAUDE",
        "z-ai/glm-4.5v, GLM_V",
        "zai-org/GLM-4.1V-9B-Thinking, GLM_V",
        "z-ai/glm-4.6v, GLM_V",
        "bytedance/doubao-seed-1.6, DOUBAO_SEED",
        "moonshotai/kimi-vl-a3b-thinking, KIMI",
        "OpenGVLab/InternVL3-78B, INTERNVL",
        "Hcompany/Holo1.5-7B, HOLO_1_5",
        "Salesforce/GTA1-7B, GTA1",
        "xlangai/OpenCUA-32B, OPENCUA",
        "allenai/molmo-7b-d, MOLMO",
        "ByteDance-Seed/UI-TARS-2, UI_TARS_2",
        "my-finetune-v3, GENERIC"
    })
    void forModel_knownIds_pickTheirConvention(String id, ModelProfile expected) {
        assertEquals(expected, ModelProfile.forModel(id));
    }

    @ParameterizedTest
    @EnumSource(ModelProfile.class)
    void named_everyProfileByItsNameInAnySpelling_isFound(ModelProfile p) {
        assertEquals(p, ModelProfile.named(p.name()));
        assertEquals(p, ModelProfile.named(p.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
    }

    @Test
    void named_unknown_listsTheKnownNames() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ModelProfile.named("qwen9"));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("QWEN2_5_VL"), e.getMessage());
    }

    @Test
    void sentSize_openAiOn1080p_followsTheTileAndPatchRules() {
        // GPT-4o: fit in 2048, short side 768; GPT-5: at most 1536 patches of 32 with whole patches across.
        assertEquals(new SentSize(1365, 768), SentSize.forProfile(ModelProfile.GPT_4O, 1920, 1080, 1));
        SentSize patches = SentSize.forProfile(ModelProfile.GPT_5, 1920, 1080, 1);
        assertEquals(new SentSize(1649, 928), patches);
        org.junit.jupiter.api.Assertions.assertTrue(Math.ceil(patches.width() / 32.0)
                * Math.ceil(patches.height() / 32.0) <= 1536);
        assertEquals(new SentSize(1920, 1080), SentSize.forProfile(ModelProfile.GPT_5_4, 1920, 1080, 1));
        assertEquals(new SentSize(1920, 1080), SentSize.forProfile(ModelProfile.CLAUDE_HIGH_RES, 1920, 1080, 1));
        assertEquals(new SentSize(1920, 1088), SentSize.forProfile(ModelProfile.QWEN3_5, 1920, 1080, 1));
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

    @ParameterizedTest
    @CsvSource({"GTA1, true, 0.7", "QWEN2_5_VL, true, 0.7", "QWEN3_VL_THINKING, true, 0.6", "GEMINI_3, true, 1.0",
        "GPT_4O, true, 0.7", "GENERIC, true, 0.7", "CLAUDE, false, 0.7", "GLM_V, false, 0.7",
        "DOUBAO_SEED, false, 0.7", "KIMI, false, 0.7", "GPT_5, false, 0.7", "CLAUDE_HIGH_RES, false, 0.7"})
    void acceptsSeed_perFamilysApi(ModelProfile profile, boolean seeded, double temperature) {
        assertEquals(seeded, profile.acceptsSeed(), profile.name());
        assertEquals(temperature, profile.sampleTemperature(), 1e-9, profile.name());
    }
}
