package dev.healing.vision.openrouter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.healing.api.Image;
import dev.healing.api.LocateResult;
import dev.healing.api.Point;
import java.io.IOException;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed and hostile model output: every one ends NOT_FOUND with the reason, never FOUND, never a throw. */
@Timeout(30)
final class AdversarialAnswerTest {
    private static Image screen;
    private MockWebServer server;

    @BeforeAll
    static void screen() {
        screen = FrameEncoderStripes.screen();
    }

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private LocateResult ask(String content) {
        server.enqueue(FakeChat.answer(content));
        return OpenRouterVisionLocator.builder().calibration(Calibration.OFF).baseUrl(server.url("/v1").toString())
                .model("qwen/qwen2.5-vl-72b-instruct").apiKey(FakeChat.KEY).zoom(false).build()
                .locate(FakeChat.query(screen, new Point(960, 540), null, "Click the Save button"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "point outside the image      | {\"found\": true, \"bbox\": [1400, 10, 1500, 40], \"point\": [1450, 25], \"confidence\": 0.99} | outside the 1316x728 image",
        "negative coordinates         | {\"found\": true, \"point\": [-5, -5], \"confidence\": 0.99}                                 | outside the 1316x728 image",
        "NaN                          | {\"found\": true, \"point\": [NaN, 10], \"confidence\": 0.99}                                | not valid JSON",
        "strings for numbers          | {\"found\": true, \"point\": [\"600\", \"300\"], \"confidence\": 0.99}                         | is not a number",
        "confidence as a word         | {\"found\": true, \"point\": [600, 300], \"confidence\": \"very high\"}                       | \"confidence\" is not a number",
        "confidence out of range      | {\"found\": true, \"point\": [600, 300], \"confidence\": 7000}                               | outside 0..1",
        "huge numbers                 | {\"found\": true, \"point\": [1e300, 1e300], \"confidence\": 0.99}                            | outside the 1316x728 image",
        "infinite by overflow         | {\"found\": true, \"point\": [1e400, 5], \"confidence\": 0.99}                               | not finite",
        "box with three numbers       | {\"found\": true, \"bbox\": [1, 2, 3], \"confidence\": 0.99}                                  | has 3 numbers",
        "prose only                   | I think it is the blue button near the top.                                                  | no JSON object or coordinates",
        "found as a string            | {\"found\": \"yes\", \"point\": [600, 300], \"confidence\": 0.99}                            | \"found\" is not a boolean",
        "two different answers        | [{\"bbox_2d\": [1, 2, 30, 40]}, {\"bbox_2d\": [500, 200, 600, 300]}]                          | ambiguous",
        "abstention                   | {\"found\": false, \"bbox\": [0,0,0,0], \"point\": [0,0], \"confidence\": 0, \"reasoning\": \"removed\"} | did not find the element: removed",
    })
    void locate_hostileAnswer_isNotFoundWithTheReason(String name, String content, String reasonPart) {
        LocateResult r = ask(content);
        assertEquals(LocateResult.Status.NOT_FOUND, r.status(), name + ": " + r.reason());
        assertTrue(r.reason().contains(reasonPart), name + ": " + r.reason());
        assertTrue(r.candidates().isEmpty());
        assertEquals(1, r.cost().calls(), "the call was paid for even though the answer is unusable");
    }

    @Test
    void locate_deeplyNestedJson_isNotFound() {
        LocateResult r = ask("[".repeat(50_000) + "]".repeat(50_000));
        assertEquals(LocateResult.Status.NOT_FOUND, r.status(), r.reason());
    }

    @Test
    void locate_veryLongAnswer_isNotFound() {
        LocateResult r = ask("{\"reasoning\": \"" + "a".repeat(400_000) + "\", \"point\": [600, 300]}");
        assertEquals(LocateResult.Status.NOT_FOUND, r.status(), r.reason());
        assertTrue(r.reason().contains("longer than"), r.reason());
    }

    @Test
    void locate_noDescriptionNoBaseline_doesNotCallTheModel() {
        LocateResult r = OpenRouterVisionLocator.builder().calibration(Calibration.OFF).baseUrl(server.url("/v1").toString()).model("m")
                .apiKey(FakeChat.KEY).build().locate(FakeChat.query(screen, new Point(1, 1), null, ""));
        assertEquals(LocateResult.Status.NOT_FOUND, r.status());
        assertEquals(0, server.getRequestCount());
    }
}
