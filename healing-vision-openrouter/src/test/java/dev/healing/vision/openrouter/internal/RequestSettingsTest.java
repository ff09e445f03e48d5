package dev.healing.vision.openrouter.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.healing.vision.openrouter.ModelProfile;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each family's request settings and prompt, as sent. */
final class RequestSettingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode body(ModelProfile p, boolean openRouter) throws Exception {
        RequestFactory f = new RequestFactory(JSON, "m", p, p.structuredOutput(), openRouter, openRouter, 1024);
        SentSize sent = SentSize.forProfile(p, 1920, 1080, 1);
        return JSON.readTree(f.locate("data:image/jpeg;base64,AA==", Convention.assumed(p).frame(sent), false,
                "the Save button", null, List.of()));
    }

    private static String text(JsonNode body) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : body.path("messages").get(1).path("content")) {
            sb.append(part.path("text").asText(""));
        }
        return sb.toString();
    }

    @Test
    void temperature_perFamily() throws Exception {
        assertEquals(1.0, body(ModelProfile.GEMINI_3, true).path("temperature").asDouble());
        assertEquals(0.6, body(ModelProfile.QWEN3_VL_THINKING, true).path("temperature").asDouble());
        assertEquals(0.0, body(ModelProfile.QWEN2_5_VL, true).path("temperature").asDouble());
        assertFalse(body(ModelProfile.KIMI, true).has("temperature"), "Kimi refuses a custom temperature");
        assertFalse(body(ModelProfile.GPT_5, true).has("temperature"), "OpenAI reasoning models take none");
        assertFalse(body(ModelProfile.CLAUDE_HIGH_RES, true).has("temperature"));
    }

    @Test
    void reasoning_switchOnOpenRouterOnly_withRoomInMaxTokens() throws Exception {
        JsonNode glm = body(ModelProfile.GLM_V, true);
        assertFalse(glm.path("reasoning").path("enabled").asBoolean(true));
        JsonNode thinking = body(ModelProfile.QWEN3_VL_THINKING, true);
        assertTrue(thinking.path("reasoning").path("enabled").asBoolean());
        assertTrue(thinking.path("max_tokens").asInt() >= ModelProfile.REASONING_MAX_TOKENS);
        assertEquals("low", body(ModelProfile.GPT_5, true).path("reasoning").path("effort").asText());
        assertFalse(body(ModelProfile.GLM_V, false).has("reasoning"), "a local server is not sent OpenRouter's field");
    }

    @Test
    void detail_whereTheFamilyHasIt() throws Exception {
        JsonNode image = body(ModelProfile.GPT_5_4, true).path("messages").get(1).path("content").get(0);
        assertEquals("original", image.path("image_url").path("detail").asText());
        JsonNode qwen = body(ModelProfile.QWEN2_5_VL, true).path("messages").get(1).path("content").get(0);
        assertFalse(qwen.path("image_url").has("detail"));
    }

    @ParameterizedTest
    @EnumSource(ModelProfile.class)
    void prompt_normalisedModelsAreNeverToldPixelSizes(ModelProfile p) throws Exception {
        String text = text(body(p, true));
        boolean pixels = p.coordinateSpace() == ModelProfile.CoordinateSpace.IMAGE_PIXELS;
        assertEquals(pixels, text.contains(" pixels"), p + ": " + text);
    }

    @Test
    void prompt_nativeShapeOnly() throws Exception {
        assertTrue(text(body(ModelProfile.GLM_V, true)).contains("<|begin_of_box|>"));
        assertTrue(text(body(ModelProfile.DOUBAO_SEED, true)).contains("<bbox>x1 y1 x2 y2</bbox>"));
        assertTrue(text(body(ModelProfile.OPENCUA, true)).contains("pyautogui.click"));
        assertFalse(text(body(ModelProfile.OPENCUA, true)).contains("\"found\""), "no JSON asked of OpenCUA");
        assertTrue(text(body(ModelProfile.KIMI, true)).contains("0 to 1 scale"));
    }

    @Test
    void sampled_sendsSeedAndTemperature_alsoWithoutTheSchema() throws Exception {
        ModelProfile p = ModelProfile.QWEN2_5_VL;
        RequestFactory f = new RequestFactory(JSON, "m", p, true, true, true, 1024).sampled(77, 0.7);
        Convention.Frame frame = Convention.assumed(p).frame(SentSize.forProfile(p, 1920, 1080, 1));
        for (RequestFactory r : List.of(f, f.plain())) {
            JsonNode body = JSON.readTree(r.locate("data:image/jpeg;base64,AA==", frame, false, "Save", null,
                    List.of()));
            assertEquals(77, body.path("seed").asLong());
            assertEquals(0.7, body.path("temperature").asDouble());
        }
        assertFalse(body(p, true).has("seed"), "only a repeated sample carries a seed");
    }
}
