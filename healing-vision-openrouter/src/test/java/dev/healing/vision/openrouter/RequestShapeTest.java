package dev.healing.vision.openrouter;

import static dev.healing.vision.openrouter.FakeChat.KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.healing.api.Image;
import dev.healing.api.LocateResult;
import dev.healing.api.Point;
import java.io.IOException;
import java.util.List;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
final class RequestShapeTest {
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

    private OpenRouterVisionLocator.Builder locator(String model) {
        return OpenRouterVisionLocator.builder().calibration(Calibration.OFF)
                .baseUrl(server.url("/api/v1").toString())
                .model(model)
                .apiKey(KEY)
                .zoom(false)
                .providerRouting(true);
    }

    @Test
    void locate_qwen25_postsChatCompletionWithBearerKeyImagesAndSchema() throws Exception {
        server.enqueue(FakeChat.answer("{\"found\": true, \"bbox\": [600, 300, 716, 428], \"point\": [658, 364], "
                + "\"confidence\": 0.93, \"reasoning\": \"Save button\"}"));
        Image screen = FrameEncoderStripes.screen();
        Image baseline = screen.crop(new dev.healing.api.Rect(100, 100, 100, 100));

        LocateResult r = locator("qwen/qwen2.5-vl-72b-instruct").build()
                .locate(FakeChat.query(screen, new Point(960, 540), baseline, "Click the Save button"));

        assertEquals(LocateResult.Status.FOUND, r.status(), r.reason());
        RecordedRequest req = server.takeRequest();
        assertEquals("POST", req.getMethod());
        assertEquals("/api/v1/chat/completions", req.getPath());
        assertEquals("Bearer " + KEY, req.getHeader("Authorization"));
        assertTrue(req.getHeader("Content-Type").startsWith("application/json"));
        JsonNode body = FakeChat.body(req);
        assertEquals("qwen/qwen2.5-vl-72b-instruct", body.path("model").asText());
        assertEquals(0, body.path("temperature").asDouble(), 0.0);
        assertEquals("system", body.path("messages").get(0).path("role").asText());

        List<String> images = FakeChat.imageUrls(body);
        assertEquals(3, images.size(), "screen, baseline crop, failed crop");
        for (String url : images) {
            assertTrue(url.startsWith("data:image/jpeg;base64,"), url.substring(0, 30));
        }
        Image sent = FakeChat.decode(images.get(0));
        assertEquals(1316, sent.width());
        assertEquals(728, sent.height());
        assertEquals(100, FakeChat.decode(images.get(1)).width());
        assertEquals(100, FakeChat.decode(images.get(2)).width());

        String text = FakeChat.text(body);
        assertTrue(text.contains("Click the Save button"), text);
        assertTrue(text.contains("1316 x 728"), text);
        assertTrue(text.contains("(658, 364)"), "old position in the model's pixels: " + text);
        assertTrue(text.contains("absolute pixels"), text);

        JsonNode format = body.path("response_format");
        assertEquals("json_schema", format.path("type").asText());
        assertTrue(format.path("json_schema").path("strict").asBoolean());
        JsonNode schema = format.path("json_schema").path("schema");
        assertEquals("object", schema.path("type").asText());
        for (String field : List.of("found", "bbox", "point", "confidence", "reasoning")) {
            assertTrue(schema.path("properties").has(field), field);
        }
        assertTrue(body.path("provider").path("require_parameters").asBoolean());
    }

    @Test
    void locate_gemini_asksForYxOrderOnThe1000Scale() throws Exception {
        server.enqueue(FakeChat.answer("{\"found\": false, \"bbox\": [0,0,0,0], \"point\": [0,0], \"confidence\": 0, "
                + "\"reasoning\": \"gone\"}"));
        locator("google/gemini-2.5-flash").build()
                .locate(FakeChat.query(FrameEncoderStripes.screen(), new Point(960, 540), null, "Click OK"));
        String text = FakeChat.text(FakeChat.body(server.takeRequest()));
        assertTrue(text.contains("[ymin, xmin, ymax, xmax]"), text);
        assertTrue(text.contains("[500, 500] (y, x)"), text);
    }

    @Test
    void locate_uiTars_sendsOneImageOnly() throws Exception {
        server.enqueue(FakeChat.answer("click(start_box='(658,364)')"));
        Image screen = FrameEncoderStripes.screen();
        locator("bytedance/ui-tars-1.5-7b").build().locate(FakeChat.query(screen, new Point(960, 540),
                screen.crop(new dev.healing.api.Rect(0, 0, 100, 100)), "Click OK"));
        assertEquals(1, FakeChat.imageUrls(FakeChat.body(server.takeRequest())).size());
    }

    @Test
    void locate_localServerWithoutKey_sendsNoAuthorizationAndNoProviderRouting() throws Exception {
        server.enqueue(FakeChat.answer("{\"point\": [960, 540], \"confidence\": 0.9}"));
        OpenRouterVisionLocator locator = OpenRouterVisionLocator.builder().calibration(Calibration.OFF)
                .baseUrl(server.url("/v1/").toString()).model("llava:13b").zoom(false)
                .environment(name -> null).build();
        LocateResult r = locator.locate(FakeChat.query(FrameEncoderStripes.screen(), new Point(10, 10), null, "OK"));
        RecordedRequest req = server.takeRequest();
        assertEquals("/v1/chat/completions", req.getPath());
        assertEquals(null, req.getHeader("Authorization"));
        JsonNode body = FakeChat.body(req);
        assertFalse(body.has("provider"));
        assertFalse(body.has("response_format"), "generic servers get no schema by default");
        assertEquals(1920, FakeChat.decode(FakeChat.imageUrls(body).get(0)).width());
        assertEquals(LocateResult.Status.FOUND, r.status(), r.reason());
        assertEquals(new Point(960, 540), r.candidates().get(0).point());
    }

    @Test
    void locate_pngFormat_sendsPngDataUrls() throws Exception {
        server.enqueue(FakeChat.answer("{\"point\": [500, 500], \"confidence\": 0.9}"));
        locator("qwen/qwen3-vl-235b-a22b-instruct").imageFormat(ImageFormat.PNG).build()
                .locate(FakeChat.query(FrameEncoderStripes.screen(), new Point(960, 540), null, "OK"));
        String url = FakeChat.imageUrls(FakeChat.body(server.takeRequest())).get(0);
        assertTrue(url.startsWith("data:image/png;base64,"));
    }
}
