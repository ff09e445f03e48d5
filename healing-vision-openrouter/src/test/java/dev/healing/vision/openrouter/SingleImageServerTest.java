package dev.healing.vision.openrouter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.healing.api.Image;
import dev.healing.api.LocateQuery;
import dev.healing.api.LocateResult;
import dev.healing.api.Point;
import java.io.IOException;
import java.util.List;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server that takes one image per request (vLLM's "At most 1 image(s)") gets the screenshot with
 * the baseline crop drawn into a corner, labelled, instead of the screenshot alone.
 */
@Timeout(30)
final class SingleImageServerTest {
    private static final String GOOD = "{\"found\": true, \"bbox\": [600, 300, 716, 428], \"point\": [658, 364], "
            + "\"confidence\": 0.93, \"reasoning\": \"Save\"}";
    private static final int BASELINE = 0x336699;
    private MockWebServer server;

    @BeforeEach
    void start() throws IOException {
        server = NoDelaySockets.server();
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private OpenRouterVisionLocator locator() {
        return OpenRouterVisionLocator.builder().calibration(Calibration.OFF).baseUrl(server.url("/v1").toString())
                .model("qwen/qwen2.5-vl-72b-instruct").apiKey(FakeChat.KEY).zoom(false).extraImages(true)
                .imageFormat(ImageFormat.PNG).httpClient(NoDelaySockets.client()).build();
    }

    private static LocateQuery query() {
        return FakeChat.query(FrameEncoderStripes.screen(), new Point(960, 540), Image.filled(100, 100, BASELINE),
                "Save");
    }

    private static boolean near(int rgb, int expected) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs((rgb >> shift & 0xFF) - (expected >> shift & 0xFF)) > 24) {
                return false;
            }
        }
        return true;
    }

    @Test
    void locate_serverTakesOneImage_retryDrawsTheBaselineIntoTheScreenshot() throws Exception {
        server.enqueue(FakeChat.error(400, "At most 1 image(s) may be provided in one request."));
        server.enqueue(FakeChat.answer(GOOD));
        server.enqueue(FakeChat.answer(GOOD));
        OpenRouterVisionLocator locator = locator();
        LocateResult first = locator.locate(query());
        LocateResult later = locator.locate(query());
        assertEquals(LocateResult.Status.FOUND, first.status(), first.reason());
        assertEquals(LocateResult.Status.FOUND, later.status(), later.reason());
        assertEquals(3, server.getRequestCount(), "one refused request, then one image per request");
        server.takeRequest();
        for (int i = 0; i < 2; i++) {
            JsonNode body = FakeChat.body(server.takeRequest());
            List<String> urls = FakeChat.imageUrls(body);
            assertEquals(1, urls.size());
            Image sent = FakeChat.decode(urls.get(0));
            // The old point is the screen's centre, so the inset takes the top-left corner; the 1920x1080
            // screen is sent at 1316x728: the crop's centre (53, 74) lands near (36, 51).
            assertTrue(near(sent.rgb(36, 51), BASELINE), Integer.toHexString(sent.rgb(36, 51)));
            assertTrue(near(sent.rgb(1, 1), Marker.RED), "framed in red: " + Integer.toHexString(sent.rgb(1, 1)));
            assertTrue(!near(sent.rgb(1300, 700), BASELINE) && !near(sent.rgb(1300, 700), Marker.RED),
                    "the rest of the screen is untouched");
            String text = FakeChat.text(body);
            assertTrue(text.contains("labelled REF") && !text.contains("Image 2"), text);
        }
    }

    @Test
    void locate_oneImageServerAndAnswerInsideTheReference_abstains() {
        server.enqueue(FakeChat.error(400, "At most 1 image(s) may be provided in one request."));
        // (36, 51) in the 1316x728 image is inside the drawn reference.
        server.enqueue(FakeChat.answer("{\"found\": true, \"bbox\": [20, 30, 60, 70], \"point\": [36, 51], "
                + "\"confidence\": 0.95, \"reasoning\": \"the REF picture\"}"));
        LocateResult r = locator().locate(query());
        assertEquals(LocateResult.Status.NOT_FOUND, r.status());
        assertTrue(r.reason().contains("reference drawn into the screenshot"), r.reason());
    }

    @Test
    void locate_oneImageServerAndNoBaseline_sendsTheScreenshotAlone() throws Exception {
        server.enqueue(FakeChat.error(400, "At most 1 image(s) may be provided in one request."));
        server.enqueue(FakeChat.answer(GOOD));
        LocateResult r = locator().locate(FakeChat.query(FrameEncoderStripes.screen(), new Point(960, 540), null,
                "Save"));
        assertEquals(LocateResult.Status.FOUND, r.status(), r.reason());
        server.takeRequest();
        JsonNode retry = FakeChat.body(server.takeRequest());
        assertEquals(1, FakeChat.imageUrls(retry).size());
        assertTrue(!FakeChat.text(retry).contains("REF"), FakeChat.text(retry));
    }
}
