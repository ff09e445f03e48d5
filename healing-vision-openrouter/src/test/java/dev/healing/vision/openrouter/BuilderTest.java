package dev.healing.vision.openrouter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

final class BuilderTest {
    @Test
    void build_withoutModel_saysWhatToSet() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> OpenRouterVisionLocator.builder().calibration(Calibration.OFF).apiKey("k-12345").build());
        assertTrue(e.getMessage().contains("model is not set"), e.getMessage());
    }

    @Test
    void setters_rejectBadValuesNamingThem() {
        OpenRouterVisionLocator.Builder b = OpenRouterVisionLocator.builder().calibration(Calibration.OFF);
        assertMessage(() -> b.baseUrl("not a url"), "not a url");
        assertMessage(() -> b.minConfidence(1.5), "1.5");
        assertMessage(() -> b.minConfidence(Double.NaN), "NaN");
        assertMessage(() -> b.connectTimeout(Duration.ZERO), "PT0S");
        assertMessage(() -> b.readTimeout(Duration.ofSeconds(-1)), "PT-1S");
        assertMessage(() -> b.jpegQuality(0f), "0.0");
        assertMessage(() -> b.maxResponseBytes(10), "10");
        assertMessage(() -> b.maxTokens(5), "5");
        assertMessage(() -> b.model(" "), "model must not be blank");
        assertMessage(() -> b.apiKey(""), "apiKey must not be blank");
    }

    @Test
    void retryPolicy_rejectsBadValues() {
        assertMessage(() -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO), "got 0");
        assertMessage(() -> new RetryPolicy(3, Duration.ZERO, Duration.ZERO, Duration.ZERO), "PT0S");
        assertMessage(() -> new RetryPolicy(3, Duration.ofSeconds(9), Duration.ofSeconds(5), Duration.ofSeconds(1)),
                "shorter than initialBackoff");
    }

    @Test
    void retryPolicy_backoffDoublesUpToTheCap() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofMinutes(5), Duration.ofMillis(500), Duration.ofSeconds(3));
        assertEquals(Duration.ofMillis(500), p.backoffAfter(1));
        assertEquals(Duration.ofMillis(1000), p.backoffAfter(2));
        assertEquals(Duration.ofMillis(2000), p.backoffAfter(3));
        assertEquals(Duration.ofSeconds(3), p.backoffAfter(4));
        assertEquals(Duration.ofSeconds(3), p.backoffAfter(60));
    }

    @Test
    void build_profileFollowsTheModelUnlessOverridden() {
        assertEquals(ModelProfile.GEMINI, OpenRouterVisionLocator.builder().calibration(Calibration.OFF).model("google/gemini-2.5-pro")
                .apiKey("k-12345").build().profile());
        assertEquals(ModelProfile.CLAUDE, OpenRouterVisionLocator.builder().calibration(Calibration.OFF).model("google/gemini-2.5-pro")
                .profile(ModelProfile.CLAUDE).apiKey("k-12345").build().profile());
    }

    @Test
    void create_staticFactory_buildsForALocalServerWithoutKey() {
        OpenRouterVisionLocator l = OpenRouterVisionLocator.create("http://127.0.0.1:11434/v1",
                "qwen2.5vl:7b", null);
        assertEquals(ModelProfile.QWEN2_5_VL, l.profile());
        assertTrue(l.toString().contains("http://127.0.0.1:11434/v1/chat/completions"), l.toString());
        assertEquals("vision", l.name());
        assertTrue(l.paid());
    }

    private static void assertMessage(Runnable r, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
