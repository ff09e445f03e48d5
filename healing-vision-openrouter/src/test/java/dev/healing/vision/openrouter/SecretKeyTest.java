package dev.healing.vision.openrouter;

import static dev.healing.vision.openrouter.FakeChat.KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.ElementCheck;
import dev.healing.api.Image;
import dev.healing.api.LocateResult;
import dev.healing.api.Point;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The API key reaches the Authorization header and nothing else: not logs, toString, reasons or exceptions. */
@Timeout(30)
final class SecretKeyTest {
    private MockWebServer server;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    @Test
    void toString_ofLocatorAndBuilder_neverShowsTheKey() {
        OpenRouterVisionLocator.Builder b = OpenRouterVisionLocator.builder().calibration(Calibration.OFF).model("qwen/qwen2.5-vl-72b-instruct")
                .apiKey(KEY);
        OpenRouterVisionLocator locator = b.build();
        assertFalse(b.toString().contains(KEY), b.toString());
        assertFalse(locator.toString().contains(KEY), locator.toString());
        assertTrue(locator.toString().contains("qwen/qwen2.5-vl-72b-instruct"));
        assertTrue(locator.toString().contains("apiKey=[redacted]"), locator.toString());
    }

    @Test
    void locate_serverEchoesTheKeyInErrors_reasonsAndLogsStayClean() {
        FakeChat.MutableClock clock = new FakeChat.MutableClock(Instant.parse("2026-11-22T03:00:00Z"));
        server.enqueue(FakeChat.error(503, "key " + KEY + " is rate limited"));
        server.enqueue(FakeChat.error(401, "invalid key " + KEY));
        server.enqueue(FakeChat.answer("{\"matches\": true, \"confidence\": 0.9, \"reasoning\": \"" + KEY + "\"}"));
        server.enqueue(FakeChat.answer("{\"found\": true, \"point\": [5, 5], \"confidence\": 0.99, \"reasoning\": "
                + "\"your key is " + KEY + "\"}"));
        OpenRouterVisionLocator locator = OpenRouterVisionLocator.builder().calibration(Calibration.OFF).baseUrl(server.url("/v1").toString())
                .model("qwen/qwen2.5-vl-72b-instruct").apiKey(KEY).zoom(false).clock(clock)
                .sleeper(new FakeChat.RecordingSleeper(clock)).build();
        Image screen = Image.filled(640, 480, 0xFFFFFF);

        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LocateResult failed;
        ElementCheck check;
        LocateResult found;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            failed = locator.locate(FakeChat.query(screen, new Point(5, 5), null, "Save"));
            check = locator.verifyElement(screen, new Point(5, 5), "Save");
            found = locator.locate(FakeChat.query(screen, new Point(5, 5), null, "Save"));
        } finally {
            System.setErr(original);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);

        assertEquals(LocateResult.Status.ERROR, failed.status());
        assertTrue(failed.reason().contains("invalid key [redacted]"), failed.reason());
        assertFalse(failed.reason().contains(KEY));
        assertFalse(check.reasoning().contains(KEY), check.reasoning());
        assertFalse(found.candidates().get(0).reasoning().contains(KEY), found.candidates().get(0).reasoning());
        assertTrue(logs.contains("retrying"), "debug logging is on in tests: " + logs);
        assertFalse(logs.contains(KEY), logs);
    }

    @Test
    void build_missingKeyForOpenRouter_saysHowToFixWithoutAnyKey() {
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> OpenRouterVisionLocator.builder().calibration(Calibration.OFF).model("qwen/qwen2.5-vl-72b-instruct")
                        .environment(name -> null).build());
        assertTrue(e.getMessage().contains("OPENROUTER_API_KEY"), e.getMessage());
    }

    @Test
    void build_keyFromEnvironment_isSentAsBearer() throws Exception {
        server.enqueue(FakeChat.answer("{\"found\": true, \"point\": [5, 5], \"confidence\": 0.99}"));
        OpenRouterVisionLocator locator = OpenRouterVisionLocator.builder().calibration(Calibration.OFF).baseUrl(server.url("/v1").toString())
                .model("m").zoom(false).environment(name -> name.equals("OPENROUTER_API_KEY") ? "env-key-123456" : null)
                .build();
        locator.locate(FakeChat.query(Image.filled(64, 64, 0), new Point(1, 1), null, "Save"));
        assertEquals("Bearer env-key-123456", server.takeRequest().getHeader("Authorization"));
    }
}
