package dev.healing.vision.openrouter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.healing.api.ElementCheck;
import dev.healing.api.Image;
import dev.healing.api.Point;
import java.io.IOException;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class VerifyElementTest {
    private MockWebServer server;
    private final Image screen = ZoomStageTest.screenWithRedButton();

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private OpenRouterVisionLocator locator() {
        return OpenRouterVisionLocator.builder().calibration(Calibration.OFF).baseUrl(server.url("/api/v1").toString())
                .model("qwen/qwen2.5-vl-72b-instruct").apiKey(FakeChat.KEY).providerRouting(true).build();
    }

    @Test
    void verifyElement_match_sendsAMarkedCropAndReadsTheVerdict() throws Exception {
        server.enqueue(FakeChat.answer("{\"matches\": true, \"confidence\": 0.88, \"reasoning\": \"red Save button\"}",
                900, 15, 0.001));
        ElementCheck check = locator().verifyElement(screen, new Point(1454, 818), "Click the red Save button");

        assertTrue(check.matches());
        assertEquals(0.88, check.confidence());
        assertEquals("red Save button", check.reasoning());
        assertEquals(915, check.cost().totalTokens());
        JsonNode body = FakeChat.body(server.takeRequest());
        Image sent = FakeChat.decode(FakeChat.imageUrls(body).get(0));
        assertEquals(448, sent.width());
        assertEquals(336, sent.height());
        assertTrue(FakeChat.text(body).contains("Click the red Save button"));
        assertEquals("element_check", body.path("response_format").path("json_schema").path("name").asText());
        // The ring is drawn 14 px from the point: left of the point in the centred crop.
        int ring = sent.rgb(224 - 13, 168);
        assertTrue((ring >>> 16 & 0xFF) > 200 && (ring >>> 8 & 0xFF) < 80, Integer.toHexString(ring));
    }

    @Test
    void verifyElement_noMatch_isReported() {
        server.enqueue(FakeChat.answer("{\"matches\": false, \"confidence\": 0.7, \"reasoning\": \"that is Cancel\"}"));
        ElementCheck check = locator().verifyElement(screen, new Point(100, 100), "Save");
        assertFalse(check.matches());
        assertEquals(0.7, check.confidence());
    }

    @Test
    void verifyElement_failures_answerNoMatchWithConfidenceZero() {
        server.enqueue(FakeChat.error(402, "out of credits"));
        ElementCheck paid = locator().verifyElement(screen, new Point(100, 100), "Save");
        assertFalse(paid.matches());
        assertEquals(0, paid.confidence());
        assertTrue(paid.reasoning().contains("HTTP 402"), paid.reasoning());

        server.enqueue(FakeChat.answer("{\"matches\": \"maybe\"}"));
        ElementCheck garbled = locator().verifyElement(screen, new Point(100, 100), "Save");
        assertFalse(garbled.matches());
        assertTrue(garbled.reasoning().startsWith("unusable model answer"), garbled.reasoning());

        ElementCheck outside = locator().verifyElement(screen, new Point(5000, 100), "Save");
        assertFalse(outside.matches());
        assertTrue(outside.reasoning().contains("outside"), outside.reasoning());
        assertEquals(2, server.getRequestCount());
    }
}
